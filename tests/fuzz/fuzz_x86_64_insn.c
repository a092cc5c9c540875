/*
 * Fuzz target: the x86_64 MMIO instruction decoder
 * (arch/x86_64/insn_decode.c), which reads guest code bytes at the
 * faulting RIP.
 *
 * Input: one byte for the mode (16, 32 or 64-bit code), then the bytes
 * (an exact-size copy: ASan sees any read past what is available).
 * Invariants of a decoded instruction: it fits in the bytes and in 15;
 * sizes are 1, 2, 4 or 8 (8 only with REX.W in 64-bit mode); register
 * numbers fit the mode (8-15 only with REX in 64-bit mode); AH..BH only
 * for byte accesses without REX; an immediate only on stores; a load's
 * register is at least as wide as the access. And decoding is
 * self-contained: the same bytes cut right after the instruction decode
 * to exactly the same result.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/insn_decode.h"
#include "cvisor/errno.h"
#include "tests/fuzz/fuzz.h"

static const unsigned modes[] = {16, 32, 64, 64};

static bool valid_size(unsigned s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

static void check(const u8 *code, u32 avail, unsigned mode,
		  const struct mmio_insn *o)
{
	struct mmio_insn again;
	u8 *cut;

	assert(o->len >= 1 && o->len <= avail && o->len <= 15);
	assert(valid_size(o->size) && valid_size(o->dest_size));
	assert(mode == 64 || (o->size < 8 && o->dest_size < 8 && o->reg < 8));
	assert(o->reg < 16);
	assert(!o->high8 || (o->size == 1 && o->reg < 4));
	assert(!o->has_imm || o->write);
	assert(o->write || o->dest_size >= o->size);
	cut = malloc(o->len);
	memcpy(cut, code, o->len);
	assert(x86_decode_mmio(cut, o->len, mode, &again) == 0);
	assert(!memcmp(&again, o, sizeof(again)));
	free(cut);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct mmio_insn o;
	unsigned mode;
	u8 *code;
	int err;

	if (!size || size > 64)
		return 0;
	mode = modes[data[0] & 3];
	size--;
	code = malloc(size ? size : 1);
	memcpy(code, data + 1, size);
	err = x86_decode_mmio(code, (u32)size, mode, &o);
	if (!err)
		check(code, (u32)size, mode, &o);
	else
		assert(err == -CV_EINVAL || err == -CV_ENOSYS);
	assert(x86_decode_mmio(code, (u32)size, 48, &o) == -CV_EINVAL);
	free(code);
	return 0;
}
