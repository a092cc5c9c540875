/* The test guest's console: the NS16550A cvisor passes through, polled,
 * each line prefixed with "[guest] ". A tiny printf: %s %c %d %u %x with
 * an optional l. */
#include "guest.h"

static volatile uint8_t *const uart = (volatile uint8_t *)UART_BASE;
static bool line_start = true;

static void putc_raw(char c)
{
	while (!(uart[5] & 0x20)) /* LSR.THRE */
		;
	uart[0] = (uint8_t)c;
}

static void putc_guest(char c)
{
	if (line_start) {
		for (const char *p = "[guest] "; *p; p++)
			putc_raw(*p);
		line_start = false;
	}
	if (c == '\n') {
		putc_raw('\r');
		line_start = true;
	}
	putc_raw(c);
}

static void put_num(unsigned long v, unsigned base, bool neg)
{
	char buf[24];
	int n = 0;

	if (neg)
		putc_guest('-');
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		putc_guest(buf[--n]);
}

void gprint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		bool lng = false;

		if (*fmt != '%') {
			putc_guest(*fmt);
			continue;
		}
		if (*++fmt == 'l') {
			lng = true;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			for (const char *s = va_arg(ap, const char *); *s; s++)
				putc_guest(*s);
			break;
		case 'c':
			putc_guest((char)va_arg(ap, int));
			break;
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(v < 0 ? -(unsigned long)v : (unsigned long)v,
				10, v < 0);
			break;
		}
		case 'u':
		case 'x':
			put_num(lng ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned int),
				*fmt == 'u' ? 10 : 16, false);
			break;
		default:
			putc_guest('%');
			putc_guest(*fmt);
			break;
		}
	}
	va_end(ap);
}
