/* A small, bounded printf formatter for the hypervisor's log. */
#include "lib/printf.h"

#include <stdbool.h>
#include <stdint.h>

/* Where formatted text goes: buf (size bytes) alone, truncated, or, with
 * a sink, buf as a window the sink is handed each time it fills. */
struct out {
	char *buf;
	size_t size;
	size_t len;	/* characters produced so far */
	size_t flushed; /* of them, handed to the sink */
	void (*sink)(const char *s, size_t n);
};

struct spec {
	unsigned width;
	bool zero_pad;
	bool left;
	int length; /* 0: int, 1: long, 2: long long, 3: size_t */
};

static void put(struct out *o, char c)
{
	if (o->sink && o->len - o->flushed == o->size) {
		o->sink(o->buf, o->size);
		o->flushed = o->len;
	}
	if (o->sink || o->len + 1 < o->size)
		o->buf[o->len - o->flushed] = c;
	o->len++;
}

/* n characters at once: into the buffer when they fit (no sink), or
 * through the sink's window a window-full at a time, as put() would. */
static void put_run(struct out *o, const char *s, size_t n)
{
	if (!o->sink && o->len + n >= o->size) {
		while (n--)
			put(o, *s++);
		return;
	}
	while (n) {
		size_t used = o->len - o->flushed, room;
		char *d;

		if (o->sink && used == o->size) {
			o->sink(o->buf, o->size);
			o->flushed = o->len;
			used = 0;
		}
		room = o->sink && o->size - used < n ? o->size - used : n;
		d = o->buf + used;
		for (size_t i = 0; i < room; i++)
			d[i] = s[i];
		o->len += room;
		s += room;
		n -= room;
	}
}

static void put_padded(struct out *o, const char *s, size_t n,
		       const struct spec *sp, char pad)
{
	size_t fill = sp->width > n ? sp->width - n : 0;

	if (!sp->left) {
		while (fill--)
			put(o, pad);
	}
	put_run(o, s, n);
	if (sp->left) {
		while (fill--)
			put(o, ' ');
	}
}

static void put_number(struct out *o, uint64_t v, unsigned base, bool upper,
		       bool negative, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative && sp->zero_pad && !sp->left) {
		struct spec rest = *sp;

		put(o, '-');
		rest.width = sp->width ? sp->width - 1 : 0;
		put_padded(o, &tmp[sizeof(tmp) - n], n, &rest, '0');
		return;
	}
	if (negative)
		tmp[sizeof(tmp) - 1 - n++] = '-';
	put_padded(o, &tmp[sizeof(tmp) - n], n, sp,
		   sp->zero_pad && !sp->left ? '0' : ' ');
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){0};
	for (;; f++) {
		if (*f == '0')
			sp->zero_pad = true;
		else if (*f == '-')
			sp->left = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (unsigned)(*f++ - '0');
	if (*f == 'z') {
		sp->length = 3;
		f++;
	}
	while (*f == 'l') {
		sp->length++;
		f++;
	}
	return f;
}

static uint64_t arg_unsigned(va_list *ap, int length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

static int64_t arg_signed(va_list *ap, int length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, long long);
	}
}

static void format_one(struct out *o, char conv, struct spec *sp, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = arg_signed(ap, sp->length);
		uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

		put_number(o, mag, 10, false, v < 0, sp);
		break;
	}
	case 'u':
		put_number(o, arg_unsigned(ap, sp->length), 10, false, false,
			   sp);
		break;
	case 'x':
	case 'X':
		put_number(o, arg_unsigned(ap, sp->length), 16, conv == 'X',
			   false, sp);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, (uintptr_t)va_arg(*ap, void *), 16, false, false,
			   sp);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);

		put_padded(o, &c, 1, sp, ' ');
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		size_t n = 0;

		if (!s)
			s = "(null)";
		while (s[n])
			n++;
		put_padded(o, s, n, sp, ' ');
		break;
	}
	default: /* '%' and unknown conversions print themselves */
		put(o, conv);
		break;
	}
}

static void format(struct out *o, const char *fmt, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		struct spec sp;

		if (*fmt != '%') {
			const char *p = fmt;

			while (*p && *p != '%')
				p++;
			put_run(o, fmt, (size_t)(p - fmt));
			fmt = p;
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt)
			break;
		format_one(o, *fmt++, &sp, &args);
	}
	va_end(args);
}

int cv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0, 0, NULL};

	format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int cv_vprintf_to(void (*sink)(const char *s, size_t n), const char *fmt,
		  va_list ap)
{
	char window[64];
	struct out o = {window, sizeof(window), 0, 0, sink};

	format(&o, fmt, ap);
	if (o.len > o.flushed)
		sink(window, o.len - o.flushed);
	return (int)o.len;
}

int cv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int cv_printf_to(void (*sink)(const char *s, size_t n), const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cv_vprintf_to(sink, fmt, ap);
	va_end(ap);
	return n;
}
