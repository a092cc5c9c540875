/*
 * Integer loads and stores (unprivileged spec 2.6 and 16.3-16.4):
 *   LOAD  opcode 0000011: funct3 [14:12] 0 LB 1 LH 2 LW 3 LD 4 LBU 5 LHU
 *         6 LWU; rd [11:7]
 *   STORE opcode 0100011: funct3 0 SB 1 SH 2 SW 3 SD; rs2 [24:20]
 *   C0 (bits [1:0] = 00): funct3 [15:13] 010 C.LW, 011 C.LD, 110 C.SW,
 *         111 C.SD; rd'/rs2' [4:2] name x8..x15
 *   C2 (bits [1:0] = 10): 010 C.LWSP, 011 C.LDSP (rd [11:7]),
 *         110 C.SWSP, 111 C.SDSP (rs2 [6:2])
 */
#include "arch/riscv64/insn.h"

#include "cvisor/bits.h"
#include "cvisor/errno.h"

#define OPCODE_LOAD  0x03
#define OPCODE_STORE 0x23

static int decode_32(u32 insn, struct mmio_insn *d)
{
	u32 funct3 = (u32)FIELD_GET(14, 12, insn);

	d->len = 4;
	switch (FIELD_GET(6, 0, insn)) {
	case OPCODE_LOAD:
		if (funct3 == 7)
			return -CV_EINVAL;
		d->size = 1u << (funct3 & 3);
		d->sign_extend = funct3 < 3;
		d->write = false;
		d->reg = (unsigned)FIELD_GET(11, 7, insn);
		return 0;
	case OPCODE_STORE:
		if (funct3 > 3)
			return -CV_EINVAL;
		d->size = 1u << funct3;
		d->sign_extend = false;
		d->write = true;
		d->reg = (unsigned)FIELD_GET(24, 20, insn);
		return 0;
	default:
		return -CV_EINVAL;
	}
}

/* funct3 of C0/C2 memory accesses: 010 word, 011 double, +100 = store. */
static int decode_16(u32 insn, struct mmio_insn *d)
{
	u32 funct3 = (u32)FIELD_GET(15, 13, insn);
	u32 quadrant = (u32)FIELD_GET(1, 0, insn);

	if ((funct3 & 3) < 2 || quadrant == 1)
		return -CV_EINVAL;
	d->len = 2;
	d->size = (funct3 & 1) ? 8 : 4;
	d->write = funct3 & 4;
	d->sign_extend = !d->write && d->size == 4;
	if (quadrant == 0)
		d->reg = 8 + (unsigned)FIELD_GET(4, 2, insn);
	else
		d->reg = (unsigned)(d->write ? FIELD_GET(6, 2, insn)
					     : FIELD_GET(11, 7, insn));
	return 0;
}

int insn_decode_mmio(u32 insn, struct mmio_insn *out)
{
	if (insn_is_32bit((u16)insn))
		return decode_32(insn, out);
	return decode_16(insn & 0xffff, out);
}

u64 insn_load_extend(const struct mmio_insn *d, u64 value)
{
	unsigned bits = d->size * 8;

	if (bits == 64)
		return value;
	value &= BITS(bits - 1, 0);
	if (d->sign_extend && (value & BIT(bits - 1)))
		value |= ~BITS(bits - 1, 0);
	return value;
}
