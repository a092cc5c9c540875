/*
 * The VMSAv8-64 stage-2 descriptor format, 4 KiB granule (Arm ARM D8.3):
 *   [1:0]   0b11 table (levels 0-2) or page (level 3); 0b01 block (1-2)
 *   [5:2]   MemAttr (stage 2): 0b1111 Normal WB, 0b0001 Device-nGnRE
 *   [7:6]   S2AP: bit 6 read, bit 7 write
 *   [9:8]   SH: 0b11 inner shareable
 *   [10]    AF, set so no access-flag faults are taken
 *   [47:12] output address
 *   [54]    XN[1]: not executable at EL1 and EL0
 * Pure logic: compiled into the hypervisor and into host unit tests.
 */
#include "arch/aarch64/stage2_format.h"

#include "cvisor/bits.h"
#include "mm/pt_vmsa.h"

#define S2_MEMATTR_NORMAL_WB	FIELD_PREP(5, 2, 0xf)
#define S2_MEMATTR_DEVICE_nGnRE FIELD_PREP(5, 2, 0x1)
#define S2_AP_READ		BIT(6)
#define S2_AP_WRITE		BIT(7)
#define S2_SH_INNER		FIELD_PREP(9, 8, 3)
#define S2_AF			BIT(10)
#define S2_XN			BIT(54)

static u64 make_leaf(paddr_t pa, unsigned level, u32 attrs)
{
	u64 d = vmsa_leaf(pa, level) | S2_AF;

	if (attrs & PT_DEVICE)
		d |= S2_MEMATTR_DEVICE_nGnRE;
	else
		d |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER;
	if (attrs & PT_READ)
		d |= S2_AP_READ;
	if (attrs & PT_WRITE)
		d |= S2_AP_WRITE;
	if (!(attrs & PT_EXEC))
		d |= S2_XN;
	return d;
}

static u32 leaf_attrs(u64 e)
{
	u32 a = 0;

	if (e & S2_AP_READ)
		a |= PT_READ;
	if (e & S2_AP_WRITE)
		a |= PT_WRITE;
	if (!(e & S2_XN))
		a |= PT_EXEC;
	if (FIELD_GET(5, 2, e) != 0xf)
		a |= PT_DEVICE;
	return a;
}

const struct pt_format aarch64_stage2_format = {
    .name = "aarch64-stage2-4k",
    .page_shift = 12,
    .bits_per_level = 9,
    .last_level = 3,
    .make_table = vmsa_make_table,
    .make_leaf = make_leaf,
    .is_valid = vmsa_is_valid,
    .is_table = vmsa_is_table,
    .output_address = vmsa_output_address,
    .leaf_attrs = leaf_attrs,
    .leaf_allowed = vmsa_leaf_allowed,
};

/* ID_AA64MMFR0_EL1.PARange -> bits; capped at 48 (52 needs LPA2 formats). */
unsigned aarch64_parange_bits(u64 mmfr0)
{
	static const unsigned bits[] = {32, 36, 40, 42, 44, 48, 52};
	u64 pr = FIELD_GET(3, 0, mmfr0);
	unsigned b = pr < ARRAY_SIZE(bits) ? bits[pr] : 48;

	return b > 48 ? 48 : b;
}

/*
 * VTCR_EL2 for a table built by pt_init (D13.2.153): T0SZ[5:0] = 64 - IPA
 * bits; SL0[7:6] = 2 - first level for 4 KiB granules (0 => level 2, 1 =>
 * level 1, 2 => level 0); IRGN0/ORGN0 [11:8] = WB WA; SH0[13:12] inner;
 * TG0[15:14] = 0 (4 KiB); PS[18:16] = PARange; bit 31 RES1.
 */
u64 aarch64_vtcr(unsigned ipa_bits, unsigned first_level, u64 mmfr0)
{
	u64 ps = FIELD_GET(3, 0, mmfr0);

	if (ps > 5)
		ps = 5;
	return FIELD_PREP(5, 0, 64 - ipa_bits) |
	       FIELD_PREP(7, 6, 2 - first_level) | FIELD_PREP(9, 8, 1) |
	       FIELD_PREP(11, 10, 1) | FIELD_PREP(13, 12, 3) |
	       FIELD_PREP(18, 16, ps) | BIT(31);
}
