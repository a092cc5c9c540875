/*
 * A decoder for the few instructions that access MMIO (SDM vol. 2,
 * chapter 2: prefixes, REX, opcode, ModRM, SIB, displacement,
 * immediate). Pure logic, host unit-tested.
 */
#include "arch/x86_64/insn_decode.h"

#include "cvisor/errno.h"

struct cursor {
	const u8 *code;
	u32 avail, pos;
	unsigned op_bits, addr_bits;
	u8 rex;
};

static int next(struct cursor *c, u8 *b)
{
	if (c->pos >= c->avail || c->pos >= 15)
		return -CV_EINVAL;
	*b = c->code[c->pos++];
	return 0;
}

static int skip(struct cursor *c, u32 n)
{
	if (c->pos + n > c->avail || c->pos + n > 15)
		return -CV_EINVAL;
	c->pos += n;
	return 0;
}

static bool is_legacy_prefix(u8 b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 ||
	       b == 0x65 || b == 0xf0;
}

/* Legacy prefixes in any order, then REX (64-bit mode only, last). */
static int prefixes(struct cursor *c, unsigned mode_bits, u8 *op)
{
	for (;;) {
		if (next(c, op))
			return -CV_EINVAL;
		if (*op == 0x66)
			c->op_bits = mode_bits == 16 ? 32 : 16;
		else if (*op == 0x67)
			c->addr_bits = mode_bits == 32 ? 16 : 32;
		else if (!is_legacy_prefix(*op))
			break;
	}
	if (mode_bits == 64 && (*op & 0xf0) == 0x40) {
		c->rex = *op;
		if (c->rex & 0x8) /* REX.W */
			c->op_bits = 64;
		return next(c, op);
	}
	return 0;
}

/* ModRM (+ SIB + displacement) of a memory operand; *reg = ModRM.reg. */
static int modrm_memory(struct cursor *c, u8 *reg)
{
	u8 m, mod, rm, sib;

	if (next(c, &m))
		return -CV_EINVAL;
	mod = m >> 6;
	rm = m & 7;
	*reg = (u8)(((m >> 3) & 7) | (c->rex & 0x4 ? 8 : 0)); /* REX.R */
	if (mod == 3)
		return -CV_EINVAL; /* a register, not memory */
	if (c->addr_bits == 16) {
		if (mod == 0 && rm == 6)
			return skip(c, 2);
		return skip(c, mod == 1 ? 1 : mod == 2 ? 2 : 0);
	}
	if (rm == 4) {
		if (next(c, &sib))
			return -CV_EINVAL;
		if (mod == 0 && (sib & 7) == 5)
			return skip(c, 4);
	}
	if (mod == 0 && rm == 5)
		return skip(c, 4); /* disp32 (RIP-relative in 64-bit mode) */
	return skip(c, mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

static int immediate(struct cursor *c, u32 bytes, u64 *imm)
{
	u64 v = 0;

	if (c->pos + bytes > c->avail || c->pos + bytes > 15)
		return -CV_EINVAL;
	for (u32 i = 0; i < bytes; i++)
		v |= (u64)c->code[c->pos + i] << (8 * i);
	c->pos += bytes;
	if (bytes == 4 && c->op_bits == 64 && (v & 0x80000000u))
		v |= 0xffffffff00000000ull; /* imm32 sign-extended */
	*imm = v;
	return 0;
}

static void set_reg(struct cursor *c, struct mmio_insn *o, u8 reg)
{
	o->reg = reg;
	o->high8 = o->size == 1 && !c->rex && reg >= 4 && reg <= 7;
	if (o->high8)
		o->reg = (u8)(reg - 4);
}

static int decode_mov(struct cursor *c, u8 op, struct mmio_insn *o)
{
	u8 reg;
	int err;

	o->size = (op & 1) ? (u8)(c->op_bits / 8) : 1;
	o->dest_size = o->size;
	if (op >= 0xa0 && op <= 0xa3) { /* moffs: address-size offset */
		o->write = op >= 0xa2;
		o->reg = 0;
		return skip(c, c->addr_bits / 8);
	}
	err = modrm_memory(c, &reg);
	if (err)
		return err;
	if (op == 0xc6 || op == 0xc7) {
		if (reg & 7)
			return -CV_ENOSYS; /* only /0 is MOV */
		o->write = o->has_imm = true;
		return immediate(c, o->size == 8 ? 4 : o->size, &o->imm);
	}
	o->write = op == 0x88 || op == 0x89;
	set_reg(c, o, reg);
	return 0;
}

static int decode_movzx(struct cursor *c, struct mmio_insn *o)
{
	u8 op2, reg;
	int err;

	if (next(c, &op2))
		return -CV_EINVAL;
	if (op2 != 0xb6 && op2 != 0xb7)
		return -CV_ENOSYS;
	err = modrm_memory(c, &reg);
	if (err)
		return err;
	o->size = op2 == 0xb6 ? 1 : 2;
	o->dest_size = (u8)(c->op_bits / 8);
	o->reg = reg;
	return 0;
}

int x86_decode_mmio(const u8 *code, u32 avail, unsigned mode_bits,
		    struct mmio_insn *out)
{
	struct cursor c = {code,      avail, 0, mode_bits == 16 ? 16 : 32,
			   mode_bits, 0};
	u8 op;
	int err;

	*out = (struct mmio_insn){0};
	if (mode_bits != 16 && mode_bits != 32 && mode_bits != 64)
		return -CV_EINVAL;
	err = prefixes(&c, mode_bits, &op);
	if (err)
		return err;
	if (op == 0x0f)
		err = decode_movzx(&c, out);
	else if ((op >= 0x88 && op <= 0x8b) || op == 0xc6 || op == 0xc7 ||
		 (op >= 0xa0 && op <= 0xa3))
		err = decode_mov(&c, op, out);
	else
		err = -CV_ENOSYS;
	out->len = (u8)c.pos;
	return err;
}
