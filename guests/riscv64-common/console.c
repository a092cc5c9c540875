/* Console output: the NS16550A at 0x10000000 (emulated by cvisor), whole
 * lines under a spinlock; and the SBI legacy putchar. */
#include <stdarg.h>

#include "rvguest.h"

static volatile int print_lock;

static void uart_putc(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;

	while (!(uart[5] & 0x20)) /* LSR.THRE */
		;
	uart[0] = (uint8_t)c;
}

static void put_str(const char *s)
{
	while (*s) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

static void put_num(unsigned long v, unsigned base, bool negative)
{
	char buf[24];
	int n = 0;

	if (negative)
		uart_putc('-');
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		uart_putc(buf[--n]);
}

/* %s %d %u %x %lx %ld %lu only. */
static void vformat(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		bool l = false;

		if (*fmt != '%') {
			if (*fmt == '\n')
				uart_putc('\r');
			uart_putc(*fmt);
			continue;
		}
		if (*++fmt == 'l') {
			l = true;
			fmt++;
		}
		if (*fmt == 's') {
			put_str(va_arg(ap, const char *));
		} else if (*fmt == 'd') {
			long v = l ? va_arg(ap, long) : va_arg(ap, int);

			put_num(v < 0 ? (unsigned long)-v : (unsigned long)v,
				10, v < 0);
		} else {
			unsigned long v = l ? va_arg(ap, unsigned long)
					    : va_arg(ap, unsigned);

			put_num(v, *fmt == 'x' ? 16 : 10, false);
		}
	}
}

void gvprint(const char *fmt, va_list ap)
{
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		;
	put_str(con_prefix);
	vformat(fmt, ap);
	put_str("\n");
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

void gprint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gvprint(fmt, ap);
	va_end(ap);
}

void legacy_puts(const char *s)
{
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		;
	for (; *s; s++) {
		register unsigned long a0 __asm__("a0") = (unsigned char)*s;
		register unsigned long a7 __asm__("a7") = 1; /* putchar */

		__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "a1", "memory");
	}
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}
