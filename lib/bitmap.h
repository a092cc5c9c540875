/* Bitmaps of u64 words: bit n is word n / 64, bit n % 64. */
#ifndef CVISOR_LIB_BITMAP_H
#define CVISOR_LIB_BITMAP_H

#include "cvisor/types.h"

#define BITMAP_WORDS(bits) (((bits) + 63) / 64)

static inline bool bitmap_test(const u64 *map, u64 bit)
{
	return map[bit / 64] & (1ull << (bit % 64));
}

static inline void bitmap_assign(u64 *map, u64 bit, bool on)
{
	if (on)
		map[bit / 64] |= 1ull << (bit % 64);
	else
		map[bit / 64] &= ~(1ull << (bit % 64));
}

#endif
