/* Guest instruction decoding for exits (see insn.h). Encodings from the
 * LoongArch Reference Manual vol. 1, ch. 2 and 4 (2RI12, 3R, 2RI14). */
#include "arch/loongarch64/insn.h"

#include "cvisor/bits.h"
#include "cvisor/errno.h"
#include "arch/loongarch64/ecode.h"

#define RD(i) ((unsigned)FIELD_GET(4, 0, i))
#define RJ(i) ((unsigned)FIELD_GET(9, 5, i))

/* One row per opcode family: the fixed bits under mask, then the size
 * index (0: byte .. 3: double), store and sign. */
struct memop_row {
	u32 mask, match;
	bool store, sign;
};

/* 2RI12 ld/st: opcode [31:22], size in [23:22]. 0x28000000 = ld.b,
 * 0x29000000 = st.b, 0x2a000000 = ld.bu (no ld.du). */
static const struct memop_row rows_2ri12[] = {
    {0xff000000u, 0x28000000u, false, true},
    {0xff000000u, 0x29000000u, true, false},
    {0xff000000u, 0x2a000000u, false, false},
};
/* 3R ldx/stx: opcode [31:15], size in [19:18]. 0x38000000 = ldx.b,
 * 0x38100000 = stx.b, 0x38200000 = ldx.bu. */
static const struct memop_row rows_3r[] = {
    {0xfff38000u, 0x38000000u, false, true},
    {0xfff38000u, 0x38100000u, true, false},
    {0xfff38000u, 0x38200000u, false, false},
};

static int match_rows(u32 insn, const struct memop_row *rows, u32 n,
		      unsigned size_lo, struct la_memop *op)
{
	for (u32 i = 0; i < n; i++) {
		u32 size_idx = (u32)FIELD_GET(size_lo + 1, size_lo, insn);

		if ((insn & rows[i].mask) != rows[i].match)
			continue;
		if (!rows[i].store && !rows[i].sign && size_idx == 3)
			return -CV_EINVAL; /* no ld.du / ldx.du */
		*op = (struct la_memop){1u << size_idx, rows[i].store,
					rows[i].sign && size_idx < 3, RD(insn)};
		return 0;
	}
	return -CV_EINVAL;
}

/* 2RI14 ldptr.w 0x24, stptr.w 0x25, ldptr.d 0x26, stptr.d 0x27 [31:24]. */
static int match_ptr(u32 insn, struct la_memop *op)
{
	u32 opc = (u32)FIELD_GET(31, 24, insn);

	if (opc < 0x24 || opc > 0x27)
		return -CV_EINVAL;
	*op = (struct la_memop){opc >= 0x26 ? 8 : 4, opc & 1, !(opc & 1),
				RD(insn)};
	if (op->size == 8)
		op->sign = false;
	return 0;
}

int la_decode_memop(u32 insn, struct la_memop *op)
{
	if (!match_rows(insn, rows_2ri12, ARRAY_SIZE(rows_2ri12), 22, op))
		return 0;
	if (!match_rows(insn, rows_3r, ARRAY_SIZE(rows_3r), 18, op))
		return 0;
	return match_ptr(insn, op);
}

void la_decode_priv(u32 insn, struct la_priv *p)
{
	*p = (struct la_priv){LA_PRIV_NONE, RD(insn), RJ(insn), 0, 0};
	if ((insn & 0xfffffc00u) == 0x00006c00u) {
		p->kind = LA_PRIV_CPUCFG; /* cpucfg rd, rj */
	} else if ((insn & 0xfffff000u) == 0x06480000u) {
		/* iocsrrd.{b,h,w,d} 0x06480000 + size << 10 */
		p->kind = LA_PRIV_IOCSRRD;
		p->size = 1u << FIELD_GET(11, 10, insn);
	} else if ((insn & 0xfffff000u) == 0x06481000u) {
		p->kind = LA_PRIV_IOCSRWR; /* iocsrwr.{b,h,w,d} */
		p->size = 1u << FIELD_GET(11, 10, insn);
	} else if ((insn & 0xffff8000u) == 0x06488000u) {
		p->kind = LA_PRIV_IDLE; /* idle level */
	} else if ((insn & 0xff000000u) == 0x04000000u) {
		/* csrrd (rj = 0), csrwr (rj = 1), csrxchg: csr [23:10] */
		p->csr = (u32)FIELD_GET(23, 10, insn);
		p->kind = p->rj == 0   ? LA_PRIV_CSRRD
			  : p->rj == 1 ? LA_PRIV_CSRWR
				       : LA_PRIV_CSRXCHG;
	}
}

u64 la_load_extend(u64 value, u32 size, bool sign)
{
	unsigned bits = size * 8;

	if (bits >= 64)
		return value;
	value &= BIT(bits) - 1;
	if (sign && (value & BIT(bits - 1)))
		value |= ~(BIT(bits) - 1);
	return value;
}

enum la_exit_kind la_exit_kind(bool tlbr, u64 estat)
{
	if (tlbr)
		return LA_EXIT_S2_MISS;
	switch (ESTAT_ECODE(estat)) {
	case ECODE_INT:
		return LA_EXIT_INTERRUPT;
	case ECODE_PIL:
	case ECODE_PIS:
	case ECODE_PIF:
		return LA_EXIT_S2_INVALID;
	case ECODE_GSPR:
		return LA_EXIT_GSPR;
	case ECODE_HVC:
		return LA_EXIT_HVC;
	case ECODE_GCM:
		return LA_EXIT_GCM;
	default:
		return LA_EXIT_OTHER;
	}
}

int la_hvcl_code(u32 insn)
{
	if ((insn & 0xffff8000u) != 0x002b8000u)
		return -1;
	return (int)FIELD_GET(14, 0, insn);
}
