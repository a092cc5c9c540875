/*
 * The fake arch's stage-2 descriptors: 4 KiB pages, 9 bits per level,
 * levels 0-3 like Arm's: bit 0 valid, bit 1 table (or page at level 3),
 * bits 47:12 the output address (mm/pt_vmsa.h); bits 5:2 the PT_*
 * attributes; blocks at levels 1 and 2.
 */
#include "arch/fake/fake.h"

#include "cvisor/bits.h"
#include "mm/pt_vmsa.h"

static u64 make_leaf(paddr_t pa, unsigned level, u32 attrs)
{
	return vmsa_leaf(pa, level) | FIELD_PREP(5, 2, attrs);
}

static u32 leaf_attrs(u64 e)
{
	return (u32)FIELD_GET(5, 2, e);
}

const struct pt_format fake_stage2_format = {
    .name = "fake",
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
