/*
 * Fuzz target: the riscv64 MMIO load/store decoder (arch/riscv64/insn.c,
 * RV64GC incl. compressed), against a reference written here from the
 * unprivileged spec's opcode tables (chapter 2.6 and 16, RVC): every
 * integer load/store as mask/match with its size, direction, sign and
 * register field. Input: 4-byte instruction words.
 */
#include <assert.h>

#include "arch/riscv64/insn.h"
#include "cvisor/bits.h"
#include "tests/fuzz/fuzz.h"

enum reg_field { RD, RS2, RD_C, RS2_C, RDP, RS2P };

struct ref {
	u32 mask, match;
	unsigned len, size;
	bool write, sign;
	enum reg_field reg;
};

#define I32 0x707fu /* funct3 + opcode */
#define C16 0xe003u /* funct3 + quadrant */
static const struct ref refs[] = {
    {I32, 0x0003, 4, 1, false, true, RD},    /* lb */
    {I32, 0x1003, 4, 2, false, true, RD},    /* lh */
    {I32, 0x2003, 4, 4, false, true, RD},    /* lw */
    {I32, 0x3003, 4, 8, false, false, RD},   /* ld */
    {I32, 0x4003, 4, 1, false, false, RD},   /* lbu */
    {I32, 0x5003, 4, 2, false, false, RD},   /* lhu */
    {I32, 0x6003, 4, 4, false, false, RD},   /* lwu */
    {I32, 0x0023, 4, 1, true, false, RS2},   /* sb */
    {I32, 0x1023, 4, 2, true, false, RS2},   /* sh */
    {I32, 0x2023, 4, 4, true, false, RS2},   /* sw */
    {I32, 0x3023, 4, 8, true, false, RS2},   /* sd */
    {C16, 0x4000, 2, 4, false, true, RDP},   /* c.lw */
    {C16, 0x6000, 2, 8, false, false, RDP},  /* c.ld */
    {C16, 0xc000, 2, 4, true, false, RS2P},  /* c.sw */
    {C16, 0xe000, 2, 8, true, false, RS2P},  /* c.sd */
    {C16, 0x4002, 2, 4, false, true, RD_C},  /* c.lwsp */
    {C16, 0x6002, 2, 8, false, false, RD_C}, /* c.ldsp */
    {C16, 0xc002, 2, 4, true, false, RS2_C}, /* c.swsp */
    {C16, 0xe002, 2, 8, true, false, RS2_C}, /* c.sdsp */
};

static unsigned reg_of(const struct ref *r, u32 insn)
{
	switch (r->reg) {
	case RD:
	case RD_C:
		return (insn >> 7) & 31;
	case RS2:
		return (insn >> 20) & 31;
	case RS2_C:
		return (insn >> 2) & 31;
	case RDP: /* rd' [4:2] */
		return 8 + ((insn >> 2) & 7);
	case RS2P: /* rs2' [4:2] */
		return 8 + ((insn >> 2) & 7);
	}
	return 99;
}

static const struct ref *reference(u32 insn)
{
	/* A compressed instruction is the low halfword alone. */
	u32 word = (insn & 3) == 3 ? insn : insn & 0xffff;

	for (unsigned i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		if ((word & refs[i].mask) == refs[i].match)
			return &refs[i];
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};

	while (in.left) {
		u32 insn = (u32)fuzz_take(&in, 4);
		const struct ref *r = reference(insn);
		struct mmio_insn d;
		int err = insn_decode_mmio(insn, &d);

		assert(!err == (r != NULL));
		if (!r)
			continue;
		assert(d.len == r->len && d.size == r->size);
		assert(d.write == r->write && d.sign_extend == r->sign);
		assert(d.reg == reg_of(r, insn));
		/* The extension matches the access. */
		if (d.size < 8) {
			u64 top = 1ull << (8 * d.size - 1);
			u64 v = insn_load_extend(&d, top);

			assert(v == (r->sign ? ~(top - 1) : top));
		}
	}
	return 0;
}
