/*
 * Fuzz target: the loongarch64 instruction decoders for exits
 * (arch/loongarch64/insn.c): loads/stores of emulated MMIO against a
 * reference written here from the LoongArch Reference Manual vol. 1
 * (every ld/st/ldx/stx/ldptr/stptr as mask/match with its size,
 * direction and sign), the privileged-instruction classifier and hvcl.
 * Input: 4-byte instruction words.
 */
#include <assert.h>

#include "arch/loongarch64/insn.h"
#include "tests/fuzz/fuzz.h"

struct ref {
	u32 mask, match, size;
	bool store, sign;
};

#define R2I12 0xffc00000u /* opcode [31:22] */
#define R3    0xffff8000u /* opcode [31:15] */
#define R2I14 0xff000000u /* opcode [31:24] */
static const struct ref refs[] = {
    {R2I12, 0x28000000, 1, false, true},  /* ld.b */
    {R2I12, 0x28400000, 2, false, true},  /* ld.h */
    {R2I12, 0x28800000, 4, false, true},  /* ld.w */
    {R2I12, 0x28c00000, 8, false, false}, /* ld.d */
    {R2I12, 0x29000000, 1, true, false},  /* st.b */
    {R2I12, 0x29400000, 2, true, false},  /* st.h */
    {R2I12, 0x29800000, 4, true, false},  /* st.w */
    {R2I12, 0x29c00000, 8, true, false},  /* st.d */
    {R2I12, 0x2a000000, 1, false, false}, /* ld.bu */
    {R2I12, 0x2a400000, 2, false, false}, /* ld.hu */
    {R2I12, 0x2a800000, 4, false, false}, /* ld.wu */
    {R3, 0x38000000, 1, false, true},	  /* ldx.b */
    {R3, 0x38040000, 2, false, true},	  /* ldx.h */
    {R3, 0x38080000, 4, false, true},	  /* ldx.w */
    {R3, 0x380c0000, 8, false, false},	  /* ldx.d */
    {R3, 0x38100000, 1, true, false},	  /* stx.b */
    {R3, 0x38140000, 2, true, false},	  /* stx.h */
    {R3, 0x38180000, 4, true, false},	  /* stx.w */
    {R3, 0x381c0000, 8, true, false},	  /* stx.d */
    {R3, 0x38200000, 1, false, false},	  /* ldx.bu */
    {R3, 0x38240000, 2, false, false},	  /* ldx.hu */
    {R3, 0x38280000, 4, false, false},	  /* ldx.wu */
    {R2I14, 0x24000000, 4, false, true},  /* ldptr.w */
    {R2I14, 0x25000000, 4, true, false},  /* stptr.w */
    {R2I14, 0x26000000, 8, false, false}, /* ldptr.d */
    {R2I14, 0x27000000, 8, true, false},  /* stptr.d */
};

static const struct ref *reference(u32 insn)
{
	for (unsigned i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		if ((insn & refs[i].mask) == refs[i].match)
			return &refs[i];
	}
	return NULL;
}

static void check_priv(u32 insn)
{
	struct la_priv p;

	la_decode_priv(insn, &p);
	assert(p.rd == (insn & 31) && p.rj == ((insn >> 5) & 31));
	switch (p.kind) {
	case LA_PRIV_IOCSRRD:
	case LA_PRIV_IOCSRWR:
		assert(p.size == 1 || p.size == 2 || p.size == 4 ||
		       p.size == 8);
		break;
	case LA_PRIV_CSRRD:
	case LA_PRIV_CSRWR:
	case LA_PRIV_CSRXCHG:
		assert(p.csr < (1u << 14) && (insn >> 24) == 0x04);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};

	while (in.left) {
		u32 insn = (u32)fuzz_take(&in, 4);
		const struct ref *r = reference(insn);
		struct la_memop op;
		int err = la_decode_memop(insn, &op);
		int code = la_hvcl_code(insn);

		assert(!err == (r != NULL));
		if (r)
			assert(op.size == r->size && op.store == r->store &&
			       op.sign == r->sign && op.rd == (insn & 31));
		assert(code == -1 || (code >= 0 && code < (1 << 15) &&
				      (insn & 0xffff8000u) == 0x002b8000u));
		check_priv(insn);
	}
	return 0;
}
