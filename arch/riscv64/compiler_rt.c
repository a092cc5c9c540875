/*
 * The libgcc helpers GCC calls on harts without Zbb (byte swaps for
 * libfdt's big-endian accessors); cvisor links no libgcc. The empty asm
 * keeps GCC from recognising the swap and calling these functions from
 * themselves.
 */
#include "arch/riscv64/compiler_rt.h"

static u64 swap_bytes(u64 v, unsigned n)
{
	u64 out = 0;

	for (unsigned i = 0; i < n; i++) {
		u64 byte = (v >> (8 * i)) & 0xff;

		__asm__("" : "+r"(byte));
		out |= byte << (8 * (n - 1 - i));
	}
	return out;
}

u32 __bswapsi2(u32 v)
{
	return (u32)swap_bytes(v, 4);
}

u64 __bswapdi2(u64 v)
{
	return swap_bytes(v, 8);
}
