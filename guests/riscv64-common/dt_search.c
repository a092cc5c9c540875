/*
 * Whether the device tree holds the bytes of s anywhere in its structure
 * block (a compatible string, a riscv,isa extension name): a byte search
 * is enough for a guest that only needs to tell which of two things it
 * has. The header's totalsize (bytes 4-7, big-endian) bounds the search.
 */
#include "rvguest.h"

bool dt_mentions(const void *dtb, const char *s)
{
	const uint8_t *p = dtb;
	uint32_t size = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
			(uint32_t)p[6] << 8 | p[7];

	for (uint32_t i = 0; i < size; i++) {
		uint32_t j = 0;

		while (s[j] && i + j < size && p[i + j] == (uint8_t)s[j])
			j++;
		if (!s[j])
			return true;
	}
	return false;
}
