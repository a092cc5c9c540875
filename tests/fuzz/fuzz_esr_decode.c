/*
 * Fuzz target: the aarch64 ESR_EL2 syndrome decoders (arch/aarch64/esr.c)
 * that turn a data abort (ISV set) into an MMIO access, and the value a
 * trapped load returns to the guest register.
 *
 * Input: pairs of 8-byte words (ESR, loaded value). Checked against the
 * ISS layout (Arm ARM D17.2.37) spelled out here field by field, and the
 * extension against the architectural result of LDR{S}{B,H,W} into a W
 * or X register.
 */
#include <assert.h>

#include "arch/aarch64/esr.h"
#include "tests/fuzz/fuzz.h"

static u64 extend_ref(u64 v, unsigned size, bool sign, bool x_reg)
{
	unsigned bits = size * 8;

	if (bits < 64) {
		v &= (1ull << bits) - 1;
		if (sign && (v >> (bits - 1)) & 1)
			v |= ~((1ull << bits) - 1);
	}
	return x_reg ? v : v & 0xffffffffull;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};

	while (in.left) {
		u64 esr = fuzz_take(&in, 8), value = fuzz_take(&in, 8);
		struct dabt_info d;
		struct sysreg_trap t;

		esr_decode_dabt(esr, &d);
		assert(d.valid == ((esr >> 24) & 1));
		assert(d.size == 1u << ((esr >> 22) & 3));
		assert(d.sign_extend == ((esr >> 21) & 1));
		assert(d.reg == ((esr >> 16) & 31) && d.reg <= 31);
		assert(d.reg64 == ((esr >> 15) & 1));
		assert(d.s1ptw == ((esr >> 7) & 1));
		assert(d.write == ((esr >> 6) & 1));
		assert(d.dfsc == (esr & 63));
		assert(dabt_extend(&d, value) ==
		       extend_ref(value, d.size, d.sign_extend, d.reg64));

		esr_decode_sysreg(esr, &t);
		assert(t.op0 == ((esr >> 20) & 3) &&
		       t.op2 == ((esr >> 17) & 7));
		assert(t.op1 == ((esr >> 14) & 7) &&
		       t.crn == ((esr >> 10) & 15));
		assert(t.reg == ((esr >> 5) & 31) &&
		       t.crm == ((esr >> 1) & 15));
		assert(t.read == (esr & 1));
		assert(sysreg_key(t.op0, t.op1, t.crn, t.crm, t.op2) <
		       (1u << 16));
	}
	return 0;
}
