/*
 * Descriptor helpers for page-table formats laid out like VMSAv8-64 with a
 * 4 KiB granule (Arm ARM D8.3, "VMSAv8-64 translation table format
 * descriptors"):
 *   [1:0]   0b11 table (levels 0-2) or page (level 3); 0b01 block (1-2)
 *   [47:12] output address
 * The attribute bits differ per format and stay with it. Static inline so
 * that each format can point its struct pt_format at them: used by the
 * aarch64 stage-2 format, the SMMU's stage-1 copy (drivers/iommu) and the
 * fake arch's (arch/fake/stage2.c).
 */
#ifndef CVISOR_MM_PT_VMSA_H
#define CVISOR_MM_PT_VMSA_H

#include "cvisor/bits.h"
#include "mm/pt.h"

#define VMSA_DESC_VALID BIT(0)
#define VMSA_DESC_TABLE BIT(1) /* also "page" at level 3 */
#define VMSA_OA_MASK	BITS(47, 12)

static inline u64 vmsa_make_table(paddr_t next)
{
	return (pa_addr(next) & VMSA_OA_MASK) | VMSA_DESC_TABLE |
	       VMSA_DESC_VALID;
}

/* A valid leaf for pa at level: block (0b01), or page (0b11) at level 3;
 * the format adds its attribute bits. */
static inline u64 vmsa_leaf(paddr_t pa, unsigned level)
{
	return (pa_addr(pa) & VMSA_OA_MASK) | VMSA_DESC_VALID |
	       (level == 3 ? VMSA_DESC_TABLE : 0);
}

static inline bool vmsa_is_valid(u64 e)
{
	return e & VMSA_DESC_VALID;
}

static inline bool vmsa_is_table(u64 e, unsigned level)
{
	return level < 3 && (e & VMSA_DESC_TABLE);
}

static inline paddr_t vmsa_output_address(u64 e, unsigned level)
{
	(void)level;
	return pa_init(e & VMSA_OA_MASK);
}

/* 4 KiB granule: blocks at levels 1 (1 GiB) and 2 (2 MiB), pages at 3;
 * none at level 0. */
static inline bool vmsa_leaf_allowed(unsigned level)
{
	return level == 1 || level == 2 || level == 3;
}

#endif
