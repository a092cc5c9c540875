/*
 * ISS layouts (Arm ARM D17.2.37):
 *  data abort:   ISV[24] SAS[23:22] SSE[21] SRT[20:16] SF[15] AR[14]
 *                VNCR[13] SET[12:11] FnV[10] EA[9] CM[8] S1PTW[7] WnR[6]
 *                DFSC[5:0]
 *  MSR/MRS trap: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5]
 *                CRm[4:1] Direction[0]
 */
#include "arch/aarch64/esr.h"

#include "arch/aarch64/sysreg.h"

void esr_decode_dabt(u64 esr, struct dabt_info *d)
{
	d->valid = esr & BIT(24);
	d->size = 1u << FIELD_GET(23, 22, esr);
	d->sign_extend = esr & BIT(21);
	d->reg = (u32)FIELD_GET(20, 16, esr);
	d->reg64 = esr & BIT(15);
	d->s1ptw = esr & BIT(7);
	d->write = esr & BIT(6);
	d->dfsc = (u32)FIELD_GET(5, 0, esr);
}

void esr_decode_sysreg(u64 esr, struct sysreg_trap *t)
{
	t->op0 = (u32)FIELD_GET(21, 20, esr);
	t->op2 = (u32)FIELD_GET(19, 17, esr);
	t->op1 = (u32)FIELD_GET(16, 14, esr);
	t->crn = (u32)FIELD_GET(13, 10, esr);
	t->reg = (u32)FIELD_GET(9, 5, esr);
	t->crm = (u32)FIELD_GET(4, 1, esr);
	t->read = esr & BIT(0);
}

u32 sysreg_key(u32 op0, u32 op1, u32 crn, u32 crm, u32 op2)
{
	return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
}

u64 dabt_extend(const struct dabt_info *d, u64 value)
{
	unsigned bits = d->size * 8;

	if (bits < 64) {
		value &= BITS(bits - 1, 0);
		if (d->sign_extend && (value & BIT(bits - 1)))
			value |= ~BITS(bits - 1, 0);
	}
	if (!d->reg64)
		value &= BITS(31, 0);
	return value;
}

u64 esr_guest_external_abort(bool from_el0, bool write, bool instruction)
{
	u64 ec;

	if (instruction)
		ec = from_el0 ? EC_IABT_LOW : EC_IABT_CUR;
	else
		ec = from_el0 ? EC_DABT_LOW : EC_DABT_CUR;
	/* DFSC/IFSC 0x10: synchronous external abort, not on a table walk. */
	return FIELD_PREP(31, 26, ec) | ESR_IL |
	       (write && !instruction ? BIT(6) : 0) | 0x10;
}
