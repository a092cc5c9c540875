/*
 * The G-stage (guest-physical -> host-physical) Sv39x4 PTE (privileged
 * spec 4.4.1 and 8.5.1):
 *   [0] V  [1] R  [2] W  [3] X  [4] U (must be 1: G-stage accesses count
 *   as U-mode)  [5] G  [6] A  [7] D  [9:8] RSW  [53:10] PPN
 * A valid PTE with R = W = X = 0 points to the next table. A and D are
 * set so that no access/dirty faults are taken. RSW bit 8 (free for
 * software) remembers PT_DEVICE: RISC-V memory types come from the
 * platform's PMAs, not the PTE (no Svpbmt here).
 * Leaves are allowed at every level: 1 GiB (level 1 in mm/pt numbering,
 * the root), 2 MiB (2) and 4 KiB (3). Pure logic, host-tested.
 */
#include "arch/riscv64/stage2_format.h"

#include "cvisor/bits.h"

#define PTE_V	   BIT(0)
#define PTE_R	   BIT(1)
#define PTE_W	   BIT(2)
#define PTE_X	   BIT(3)
#define PTE_U	   BIT(4)
#define PTE_A	   BIT(6)
#define PTE_D	   BIT(7)
#define PTE_DEVICE BIT(8) /* RSW: cvisor's own */
#define PTE_PPN	   BITS(53, 10)
#define PTE_RWX	   (PTE_R | PTE_W | PTE_X)

static u64 pa_to_ppn(paddr_t pa)
{
	return FIELD_PREP(53, 10, pa_addr(pa) >> 12);
}

static u64 make_table(paddr_t next)
{
	return pa_to_ppn(next) | PTE_V;
}

static u64 make_leaf(paddr_t pa, unsigned level, u32 attrs)
{
	u64 e = pa_to_ppn(pa) | PTE_V | PTE_U | PTE_A | PTE_D;

	(void)level;
	if (attrs & PT_READ)
		e |= PTE_R;
	if (attrs & PT_WRITE)
		e |= PTE_W | PTE_R; /* W without R is reserved */
	if (attrs & PT_EXEC)
		e |= PTE_X;
	if (attrs & PT_DEVICE)
		e |= PTE_DEVICE;
	return e;
}

static bool is_valid(u64 e)
{
	return e & PTE_V;
}

static bool is_table(u64 e, unsigned level)
{
	return level < 3 && (e & PTE_V) && !(e & PTE_RWX);
}

static paddr_t output_address(u64 e, unsigned level)
{
	(void)level;
	return pa_init(FIELD_GET(53, 10, e) << 12);
}

static u32 leaf_attrs(u64 e)
{
	return (e & PTE_R ? PT_READ : 0) | (e & PTE_W ? PT_WRITE : 0) |
	       (e & PTE_X ? PT_EXEC : 0) | (e & PTE_DEVICE ? PT_DEVICE : 0);
}

static bool leaf_allowed(unsigned level)
{
	return level >= 1 && level <= 3;
}

const struct pt_format riscv_sv39x4_format = {
    .name = "riscv-sv39x4",
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
