/*
 * Naturally aligned 1/2/4/8-byte accesses to registers an emulated device
 * keeps as 64-bit words or byte arrays (little-endian, as LoongArch is).
 */
#ifndef CVISOR_ARCH_LOONGARCH64_REGBYTES_H
#define CVISOR_ARCH_LOONGARCH64_REGBYTES_H

#include "cvisor/bits.h"
#include "cvisor/types.h"

static inline bool regb_size_ok(u64 off, u32 size)
{
	return (size == 1 || size == 2 || size == 4 || size == 8) &&
	       !(off & (size - 1));
}

static inline u64 regb_mask(u32 size)
{
	return size == 8 ? ~0ull : BIT(size * 8) - 1;
}

/* Bytes [byte, byte + size) of a 64-bit word (byte + size <= 8). */
static inline u64 regb_get(u64 word, u32 byte, u32 size)
{
	return (word >> (byte * 8)) & regb_mask(size);
}

static inline u64 regb_put(u64 word, u32 byte, u32 size, u64 val)
{
	u64 m = regb_mask(size) << (byte * 8);

	return (word & ~m) | ((val << (byte * 8)) & m);
}

static inline u64 regb_array_get(const u8 *a, u32 size)
{
	u64 v = 0;

	for (u32 i = 0; i < size; i++)
		v |= (u64)a[i] << (i * 8);
	return v;
}

static inline void regb_array_put(u8 *a, u32 size, u64 val)
{
	for (u32 i = 0; i < size; i++)
		a[i] = (u8)(val >> (i * 8));
}

#endif
