/*
 * The fake arch's stage-2 descriptors: 4 KiB pages, 9 bits per level,
 * levels 0-3 like Arm's. Bit 0 valid, bit 1 table (or page at level 3),
 * bits 2-5 the PT_* attributes, bits 47:12 the output address; blocks at
 * levels 1 and 2.
 */
#include "arch/fake/fake.h"

#include "cvisor/bits.h"
#include "mm/pt.h"

#define VALID	BIT(0)
#define TABLE	BIT(1)
#define OA_MASK BITS(47, 12)

static u64 make_table(paddr_t next)
{
	return (pa_addr(next) & OA_MASK) | TABLE | VALID;
}

static u64 make_leaf(paddr_t pa, unsigned level, u32 attrs)
{
	return (pa_addr(pa) & OA_MASK) | FIELD_PREP(5, 2, attrs) | VALID |
	       (level == 3 ? TABLE : 0);
}

static bool is_valid(u64 e)
{
	return e & VALID;
}

static bool is_table(u64 e, unsigned level)
{
	return level < 3 && (e & TABLE);
}

static paddr_t output_address(u64 e, unsigned level)
{
	(void)level;
	return pa_init(e & OA_MASK);
}

static u32 leaf_attrs(u64 e)
{
	return (u32)FIELD_GET(5, 2, e);
}

static bool leaf_allowed(unsigned level)
{
	return level >= 1;
}

const struct pt_format fake_stage2_format = {
    .name = "fake",
    .page_shift = 12,
    .bits_per_level = 9,
    .last_level = 3,
    .make_table = make_table,
    .make_leaf = make_leaf,
    .is_valid = is_valid,
    .is_table = is_table,
    .output_address = output_address,
    .leaf_attrs = leaf_attrs,
    .leaf_allowed = leaf_allowed,
};
