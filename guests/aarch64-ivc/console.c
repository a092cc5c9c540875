/* PL011 output: one vCPU, so no lock. */
#include <stdarg.h>

#include "guest.h"

#define UARTDR	    0x000
#define UARTFR	    0x018
#define UARTFR_TXFF (1U << 5) /* transmit FIFO full */

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

/* %s, %d/%ld, %u/%lu, %x/%lx */
static void vprint(const char *fmt, va_list ap)
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
		switch (*fmt) {
		case 's':
			put_str(va_arg(ap, const char *));
			break;
		case 'd':
			put_signed(is_long ? va_arg(ap, long)
					   : va_arg(ap, int));
			break;
		case 'u':
		case 'x':
			put_num(is_long ? va_arg(ap, unsigned long)
					: va_arg(ap, unsigned int),
				*fmt == 'x' ? 16 : 10);
			break;
		case '\0':
			return;
		default:
			uart_putc(*fmt);
			break;
		}
	}
}

void gprint(const char *fmt, ...)
{
	va_list ap;

	put_str("[ivc] ");
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}
