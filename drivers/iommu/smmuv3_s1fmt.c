/*
 * The VMSAv8-64 stage-1 descriptor format, 4 KiB granule (Arm ARM D8.3),
 * for the SMMU's copy of a zone's memory map:
 *   [1:0]   0b11 table (levels 0-2) or page (level 3); 0b01 block (1-2)
 *   [4:2]   AttrIndx into the CD's MAIR: 0 Normal WB, 1 Device-nGnRE
 *   [7:6]   AP[2:1]: AP[2] (bit 7) read-only, AP[1] (bit 6) EL0 access
 *   [9:8]   SH: 0b11 inner shareable
 *   [10]    AF, set (the CD also sets AFFD)
 *   [47:12] output address
 *   [53]    PXN, [54] UXN/XN
 * Why not the zone's stage-2 table itself: the same bits mean other things
 * at stage 1. S2AP's write bit 7 is stage 1's AP[2] "read-only", so every
 * device write would fault; MemAttr[5:2] would be read as AttrIndx plus the
 * NS bit. Hence a copy in this format (docs/iommu.md).
 */
#include "drivers/iommu/smmuv3_s1fmt.h"

#include "cvisor/bits.h"
#include "mm/pt_vmsa.h"

#define S1_ATTR_NORMAL FIELD_PREP(4, 2, 0)
#define S1_ATTR_DEVICE FIELD_PREP(4, 2, 1)
#define S1_AP_RO       BIT(7)
#define S1_AP_EL0      BIT(6)
#define S1_SH_INNER    FIELD_PREP(9, 8, 3)
#define S1_AF	       BIT(10)
#define S1_PXN	       BIT(53)
#define S1_XN	       BIT(54)

/* Devices have no read-without-write permission at stage 1 other than
 * AP[2]: a region without PT_READ is not mapped at all by the caller. */
static u64 make_leaf(paddr_t pa, unsigned level, u32 attrs)
{
	u64 d = vmsa_leaf(pa, level) | S1_AF | S1_AP_EL0 | S1_PXN;

	if (attrs & PT_DEVICE)
		d |= S1_ATTR_DEVICE;
	else
		d |= S1_ATTR_NORMAL | S1_SH_INNER;
	if (!(attrs & PT_WRITE))
		d |= S1_AP_RO;
	if (!(attrs & PT_EXEC))
		d |= S1_XN;
	return d;
}

static u32 leaf_attrs(u64 e)
{
	u32 a = PT_READ;

	if (!(e & S1_AP_RO))
		a |= PT_WRITE;
	if (!(e & S1_XN))
		a |= PT_EXEC;
	if (FIELD_GET(4, 2, e) == 1)
		a |= PT_DEVICE;
	return a;
}

const struct pt_format smmu_s1_format = {
    .name = "smmuv3-stage1-4k",
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
