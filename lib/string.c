/* Freestanding string and memory functions, written for clarity first. */
#include "lib/string.h"

#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Word copies when both sides are 8-byte aligned, 64 bytes an
	 * iteration (load pairs / store pairs): the image loader copies tens
	 * of MiB. */
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const uint64_t *s8 = (const void *)s;
			uint64_t *d8 = (void *)d;
			uint64_t w0 = s8[0], w1 = s8[1], w2 = s8[2], w3 = s8[3];
			uint64_t w4 = s8[4], w5 = s8[5], w6 = s8[6], w7 = s8[7];

			d8[0] = w0;
			d8[1] = w1;
			d8[2] = w2;
			d8[3] = w3;
			d8[4] = w4;
			d8[5] = w5;
			d8[6] = w6;
			d8[7] = w7;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)(void *)d =
			    *(const uint64_t *)(const void *)s;
	} else if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
		/* Device tree blocks: 4-byte aligned. */
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)(void *)d =
			    *(const uint32_t *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	/* Backwards; by words when both ends are 8-byte aligned. */
	if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
		for (; n; n -= 8)
			*(uint64_t *)(void *)(d + n - 8) =
			    *(const uint64_t *)(const void *)(s + n - 8);
		return dst;
	}
	/* By 4-byte words: a device tree edit moves the rest of the blob by
	 * a multiple of 4. */
	if ((((uintptr_t)d | (uintptr_t)s | n) & 3) == 0) {
		for (; n; n -= 4)
			*(uint32_t *)(void *)(d + n - 4) =
			    *(const uint32_t *)(const void *)(s + n - 4);
		return dst;
	}
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (c == 0 && ((uintptr_t)d & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)(void *)d = 0;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
