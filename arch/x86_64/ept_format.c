/*
 * The EPT paging-structure format (SDM vol. 3, 29.3.2), 4 levels of 512
 * entries, numbered 0 (PML4) to 3 (PT) like mm/pt.c's levels:
 *   [0] read  [1] write  [2] execute      (an entry is present if any is 1)
 *   [5:3]  memory type of a leaf: 0 UC, 6 WB
 *   [7]    leaf at level 1 (1 GiB) or 2 (2 MiB); 0 in a table pointer
 *   [51:12] physical address
 * EPT has no write-only pages: a writable leaf is made readable too.
 * Pure logic: compiled into the hypervisor and into host unit tests.
 */
#include "arch/x86_64/ept_format.h"

#include "cvisor/bits.h"

#define EPT_R	     BIT(0)
#define EPT_W	     BIT(1)
#define EPT_X	     BIT(2)
#define EPT_RWX	     (EPT_R | EPT_W | EPT_X)
#define EPT_MT(t)    FIELD_PREP(5, 3, t)
#define EPT_MT_UC    0
#define EPT_MT_WB    6
#define EPT_LARGE    BIT(7)
#define EPT_ADDR     BITS(51, 12)
#define EPTP_WB	     FIELD_PREP(2, 0, 6)
#define EPTP_WALK(n) FIELD_PREP(5, 3, (n)-1)

static u64 make_table(paddr_t next)
{
	return (pa_addr(next) & EPT_ADDR) | EPT_RWX;
}

static u64 make_leaf(paddr_t pa, unsigned level, u32 attrs)
{
	u64 e = pa_addr(pa) & EPT_ADDR;

	if (level < 3)
		e |= EPT_LARGE;
	e |= EPT_MT(attrs & PT_DEVICE ? EPT_MT_UC : EPT_MT_WB);
	if (attrs & (PT_READ | PT_WRITE))
		e |= EPT_R;
	if (attrs & PT_WRITE)
		e |= EPT_W;
	if (attrs & PT_EXEC)
		e |= EPT_X;
	return e;
}

static bool is_valid(u64 e)
{
	return e & EPT_RWX;
}

static bool is_table(u64 e, unsigned level)
{
	return level < 3 && !(e & EPT_LARGE);
}

static paddr_t output_address(u64 e, unsigned level)
{
	(void)level;
	return pa_init(e & EPT_ADDR);
}

static u32 leaf_attrs(u64 e)
{
	u32 a = 0;

	if (e & EPT_R)
		a |= PT_READ;
	if (e & EPT_W)
		a |= PT_WRITE;
	if (e & EPT_X)
		a |= PT_EXEC;
	if (FIELD_GET(5, 3, e) == EPT_MT_UC)
		a |= PT_DEVICE;
	return a;
}

/* 2 MiB leaves everywhere VMX has EPT (1 GiB ones are optional). */
static bool leaf_allowed(unsigned level)
{
	return level == 2 || level == 3;
}

const struct pt_format x86_ept_format = {
    .name = "x86-ept-4level",
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

u64 x86_eptp(paddr_t root)
{
	return (pa_addr(root) & EPT_ADDR) | EPTP_WALK(4) | EPTP_WB;
}
