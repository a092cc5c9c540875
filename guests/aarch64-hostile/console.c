/*
 * PL011 output of the hostile guest: "[hostile] " lines with a tiny
 * printf (%s, %d/%ld, %u/%lu, %x/%lx), and the attack tally.  The zone's
 * console is emulated by cvisor, which tags every line "[zone1] ".
 */
#include <stdarg.h>

#include "hostile.h"

#define UARTDR	    0x000
#define UARTFR	    0x018
#define UARTFR_TXFF (1U << 5) /* transmit FIFO full */

static unsigned int attacks, breaches;

static void uart_putc(char c)
{
	while (mmio_read32(UART_BASE + UARTFR) & UARTFR_TXFF)
		;
	mmio_write32(UART_BASE + UARTDR, (uint8_t)c);
}

static void put_str(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static void put_num(unsigned long val, unsigned int base)
{
	char buf[24];
	int i = 0;

	do {
		buf[i++] = "0123456789abcdef"[val % base];
		val /= base;
	} while (val);
	while (i)
		uart_putc(buf[--i]);
}

static void put_signed(long val)
{
	if (val < 0) {
		uart_putc('-');
		put_num(-(unsigned long)val, 10);
	} else {
		put_num(val, 10);
	}
}

static void put_arg(char conv, bool is_long, va_list *ap)
{
	switch (conv) {
	case 's':
		put_str(va_arg(*ap, const char *));
		break;
	case 'd':
		put_signed(is_long ? va_arg(*ap, long) : va_arg(*ap, int));
		break;
	case 'u':
	case 'x':
		put_num(is_long ? va_arg(*ap, unsigned long)
				: va_arg(*ap, unsigned int),
			conv == 'x' ? 16 : 10);
		break;
	default:
		uart_putc(conv);
		break;
	}
}

static void vprint(const char *fmt, va_list *ap)
{
	for (; *fmt; fmt++) {
		bool is_long = false;

		if (*fmt != '%') {
			uart_putc(*fmt);
			continue;
		}
		if (*++fmt == 'l') {
			is_long = true;
			fmt++;
		}
		if (!*fmt)
			break;
		put_arg(*fmt, is_long, ap);
	}
}

void say(const char *fmt, ...)
{
	va_list ap;

	put_str("[hostile] ");
	va_start(ap, fmt);
	vprint(fmt, &ap);
	va_end(ap);
}

void say_raw(const char *s)
{
	put_str(s);
}

void outcome(const char *name, bool breach, const char *fmt, ...)
{
	va_list ap;

	attacks++;
	breaches += breach;
	put_str("[hostile] attack ");
	put_str(name);
	put_str(breach ? ": BREACH: " : ": ");
	va_start(ap, fmt);
	vprint(fmt, &ap);
	va_end(ap);
	uart_putc('\n');
}

unsigned int nr_attacks(void)
{
	return attacks;
}

unsigned int nr_breaches(void)
{
	return breaches;
}
