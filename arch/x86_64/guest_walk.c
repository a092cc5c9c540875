/*
 * Guest page-table walk (see guest_walk.h). Entries: P [0], PS [7]
 * (a large page in a PDE, or a 1 GiB page in a PDPTE); 64-bit entries
 * hold the next address in [51:12]. CR0.PG [31], CR4.PSE [4], CR4.PAE
 * [5], EFER.LMA [10]. 32-bit paging: 10+10+12 bits, 4 MiB pages when
 * CR4.PSE (address [31:22]). PAE: 2+9+9+12 bits, CR3 [31:5] points at 4
 * PDPTEs. 4-level: 9+9+9+9+12 bits.
 */
#include "arch/x86_64/guest_walk.h"

#include "cvisor/bits.h"

#define PTE_P	  BIT(0)
#define PTE_PS	  BIT(7)
#define ADDR_MASK BITS(51, 12)
#define CR0_PG	  BIT(31)
#define CR4_PSE	  BIT(4)
#define CR4_PAE	  BIT(5)
#define EFER_LMA  BIT(10)

static bool entry(const struct guest_paging *p, u64 table, u32 index, u32 size,
		  u64 *e)
{
	return p->read(p->ctx, table + (u64)index * size, size, e) &&
	       (*e & PTE_P);
}

static bool walk32(const struct guest_paging *p, u64 lin, u64 *gpa)
{
	u64 pde, pte;

	if (!entry(p, p->cr3 & BITS(31, 12), (u32)FIELD_GET(31, 22, lin), 4,
		   &pde))
		return false;
	if ((pde & PTE_PS) && (p->cr4 & CR4_PSE)) {
		*gpa = (pde & BITS(31, 22)) | (lin & BITS(21, 0));
		return true;
	}
	if (!entry(p, pde & BITS(31, 12), (u32)FIELD_GET(21, 12, lin), 4, &pte))
		return false;
	*gpa = (pte & BITS(31, 12)) | (lin & BITS(11, 0));
	return true;
}

/* From a table at `table` whose index is lin[hi:hi-8], down to the 4 KiB
 * page; levels with hi 38 (1 GiB) and 29 (2 MiB) may end in a page. */
static bool walk_levels(const struct guest_paging *p, u64 table, u64 lin,
			u32 hi, u64 *gpa)
{
	for (;; hi -= 9) {
		u64 e;

		if (!entry(p, table, (u32)FIELD_GET(hi, hi - 8, lin), 8, &e))
			return false;
		if (hi == 20) {
			*gpa = (e & ADDR_MASK) | (lin & BITS(11, 0));
			return true;
		}
		if ((hi == 38 || hi == 29) && (e & PTE_PS)) {
			u32 low = hi - 9;

			*gpa = (e & ADDR_MASK & ~BITS(low, 0)) |
			       (lin & BITS(low, 0));
			return true;
		}
		table = e & ADDR_MASK;
	}
}

bool guest_linear_to_phys(const struct guest_paging *p, u64 lin, u64 *gpa)
{
	u64 pdpte;

	if (!(p->cr0 & CR0_PG)) {
		*gpa = lin;
		return true;
	}
	if (p->efer & EFER_LMA)
		return walk_levels(p, p->cr3 & ADDR_MASK, lin, 47, gpa);
	if (!(p->cr4 & CR4_PAE))
		return walk32(p, (u32)lin, gpa);
	lin = (u32)lin;
	if (!entry(p, p->cr3 & BITS(31, 5), (u32)FIELD_GET(31, 30, lin), 8,
		   &pdpte))
		return false;
	return walk_levels(p, pdpte & ADDR_MASK, lin, 29, gpa);
}
