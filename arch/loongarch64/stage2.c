/* The LVZ guest-physical table format and the TLB refill rules. */
#include "arch/loongarch64/stage2.h"

#include "cvisor/bits.h"
#include "cvisor/errno.h"

#define LAST_LEVEL 3

static u64 make_table(paddr_t next)
{
	return (pa_addr(next) & TLBELO_PPN) | TLBELO_V;
}

static u64 make_leaf(paddr_t pa, unsigned level, u32 attrs)
{
	u64 e = (pa_addr(pa) & TLBELO_PPN) | TLBELO_V | TLBELO_PLV3;

	e |= FIELD_PREP(5, 4, attrs & PT_DEVICE ? 0 : 1); /* SUC : CC */
	if (attrs & PT_WRITE)
		e |= TLBELO_D;
	if (!(attrs & PT_READ))
		e |= TLBELO_NR;
	if (!(attrs & PT_EXEC))
		e |= TLBELO_NX;
	if (level != LAST_LEVEL)
		e |= S2_HUGE;
	return e;
}

static bool is_valid(u64 e)
{
	return e & TLBELO_V;
}

static bool is_table(u64 e, unsigned level)
{
	return level != LAST_LEVEL && !(e & S2_HUGE);
}

static paddr_t output_address(u64 e, unsigned level)
{
	(void)level;
	return pa_init(e & TLBELO_PPN);
}

static u32 leaf_attrs(u64 e)
{
	u32 a = 0;

	if (!(e & TLBELO_NR))
		a |= PT_READ;
	if (e & TLBELO_D)
		a |= PT_WRITE;
	if (!(e & TLBELO_NX))
		a |= PT_EXEC;
	if (!FIELD_GET(5, 4, e))
		a |= PT_DEVICE;
	return a;
}

static bool leaf_allowed(unsigned level)
{
	return level >= 2;
}

const struct pt_format la_stage2_format = {
    .name = "LoongArch LVZ guest-physical (16 KiB, software refill)",
    .page_shift = S2_PAGE_SHIFT,
    .bits_per_level = 11,
    .last_level = LAST_LEVEL,
    .make_table = make_table,
    .make_leaf = make_leaf,
    .is_valid = is_valid,
    .is_table = is_table,
    .output_address = output_address,
    .leaf_attrs = leaf_attrs,
    .leaf_allowed = leaf_allowed,
};

/* The TLB entry for the page of size 2^ps at pa with attrs: G=1 (no ASID
 * match: the GID alone tells guests apart). */
static u64 tlb_lo(paddr_t pa, u32 attrs)
{
	return make_leaf(pa, LAST_LEVEL, attrs) | TLBELO_G;
}

static u64 lookup_lo(const struct page_table *pt, u64 gpa)
{
	struct pt_mapping m;

	if (pt_lookup(pt, ipa_init(gpa), &m) ||
	    m.block_size != BIT(S2_PAGE_SHIFT))
		return 0; /* unmapped (or a block: the even half decides) */
	return tlb_lo(m.pa, m.attrs);
}

/*
 * One TLB entry maps an even/odd pair of 2^ps pages at a 2^(ps+1)
 * boundary. A block (32 MiB) becomes one pair of 16 MiB halves; a 16 KiB
 * page is paired with its buddy, looked up on its own (V=0 if absent).
 */
int s2_refill_pair(const struct page_table *pt, ipa_t ipa, struct tlb_pair *out)
{
	u64 gpa = ipa_addr(ipa);
	struct pt_mapping m;
	u64 base;

	if (pt_lookup(pt, ipa, &m))
		return -CV_ENOENT;
	if (m.block_size > BIT(S2_PAGE_SHIFT)) {
		paddr_t block_pa =
		    pa_init(pa_addr(m.pa) - (gpa & (m.block_size - 1)));

		out->ps = (unsigned)__builtin_ctzll(m.block_size) - 1;
		base = ALIGN_DOWN(gpa, m.block_size);
		out->elo0 = tlb_lo(block_pa, m.attrs);
		out->elo1 = tlb_lo(pa_add(block_pa, BIT(out->ps)), m.attrs);
	} else {
		out->ps = S2_PAGE_SHIFT;
		base = ALIGN_DOWN(gpa, BIT(S2_PAGE_SHIFT + 1));
		out->elo0 = lookup_lo(pt, base);
		out->elo1 = lookup_lo(pt, base + BIT(S2_PAGE_SHIFT));
	}
	out->ehi = base & BITS(47, 13);
	return 0;
}
