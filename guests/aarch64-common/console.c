/* PL011 output and the tiny printf of the aarch64 bare-metal guests. */
#include <stdint.h>

#include "console.h"
#include "mmio.h"

#define PL011_BASE  0x09000000UL /* QEMU virt, and every zone cvisor makes */
#define UARTDR	    0x000
#define UARTFR	    0x018
#define UARTFR_TXFF (1U << 5) /* transmit FIFO full */

void con_putc(char c)
{
	while (mmio_read32(PL011_BASE + UARTFR) & UARTFR_TXFF)
		;
	mmio_write32(PL011_BASE + UARTDR, (uint8_t)c);
}

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
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
		con_putc(buf[--i]);
}

static void put_signed(long val)
{
	if (val < 0) {
		con_putc('-');
		put_num(-(unsigned long)val, 10);
	} else {
		put_num(val, 10);
	}
}

static void put_arg(char conv, bool is_long, va_list *ap)
{
	switch (conv) {
	case 's':
		con_puts(va_arg(*ap, const char *));
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
		con_putc(conv);
		break;
	}
}

/* %s, %d/%ld, %u/%lu, %x/%lx */
void con_vprintf(const char *fmt, va_list *ap)
{
	for (; *fmt; fmt++) {
		bool is_long = false;

		if (*fmt != '%') {
			con_putc(*fmt);
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

__attribute__((weak)) bool con_lock(void)
{
	return false;
}

__attribute__((weak)) void con_unlock(void)
{
}

void gprint(const char *fmt, ...)
{
	va_list ap;
	bool locked = con_lock();

	con_puts(con_prefix);
	va_start(ap, fmt);
	con_vprintf(fmt, &ap);
	va_end(ap);
	if (locked)
		con_unlock();
}
