/*
 * The hypervisor's own EL2 stage-1 translation: an identity map built from
 * 1 GiB blocks in a single level-1 table (TCR_EL2.T0SZ = 25: 39-bit VA,
 * walks start at level 1). Device memory for the low GiB (QEMU virt's
 * MMIO), Normal write-back for RAM as the DTB reports it.
 */
#include "arch/aarch64/entry.h"
#include "arch/aarch64/sysreg.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"

#define BLOCK_1G GiB(1)
#define VA_BITS	 39

/* Stage-1 block descriptor (D8.3): [1:0]=01 block, AttrIndx[4:2],
 * AP[7:6]=00 (EL2 RW), SH[9:8], AF[10], XN[54]. */
#define S1_BLOCK    0x1ull
#define S1_ATTR(i)  FIELD_PREP(4, 2, i)
#define S1_SH_INNER FIELD_PREP(9, 8, 3)
#define S1_AF	    BIT(10)
#define S1_XN	    BIT(54)

/* MAIR_EL2: attr0 Device-nGnRnE, attr1 Normal WB RW-allocate. */
#define MAIR_VALUE  0xff00ull
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1

static u64 el2_l1_table[512] __attribute__((aligned(4096))) = {
    [0] = 0x0 | S1_BLOCK | S1_ATTR(ATTR_DEVICE) | S1_AF | S1_XN,
    [1] = GiB(1) | S1_BLOCK | S1_ATTR(ATTR_NORMAL) | S1_SH_INNER | S1_AF,
};

/*
 * TCR_EL2 (nVHE layout): T0SZ[5:0], IRGN0[9:8]=WB, ORGN0[11:10]=WB,
 * SH0[13:12]=inner, TG0[15:14]=4K, PS[18:16]=PARange, RES1 bits 23, 31.
 */
static u64 tcr_value(void)
{
	u64 ps = FIELD_GET(3, 0, read_sysreg(id_aa64mmfr0_el1));

	if (ps > 5)
		ps = 5;
	return FIELD_PREP(5, 0, 64 - VA_BITS) | FIELD_PREP(9, 8, 1) |
	       FIELD_PREP(11, 10, 1) | FIELD_PREP(13, 12, 3) |
	       FIELD_PREP(18, 16, ps) | BIT(23) | BIT(31);
}

/* SCTLR_EL2: RES1 bits of the nVHE layout, then M (MMU), C (data cache),
 * SA (stack alignment check) and I (instruction cache). */
#define SCTLR_EL2_RES1 0x30c50830ull
#define SCTLR_M	       BIT(0)
#define SCTLR_C	       BIT(2)
#define SCTLR_SA       BIT(3)
#define SCTLR_I	       BIT(12)

void arch_early_init(void)
{
	write_sysreg(mair_el2, MAIR_VALUE);
	write_sysreg(tcr_el2, tcr_value());
	write_sysreg(ttbr0_el2, (u64)(uintptr_t)el2_l1_table);
	dsb(ish);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(sctlr_el2,
		     SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I);
	isb();
}

int arch_map_hv_memory(paddr_t base, u64 size, bool device)
{
	u64 first = pa_addr(base) / BLOCK_1G;
	u64 last = (pa_addr(base) + size - 1) / BLOCK_1G;

	if (!size || last >= (1ull << (VA_BITS - 30)))
		return -CV_ERANGE;
	for (u64 i = first; i <= last; i++) {
		u64 d = i * BLOCK_1G | S1_BLOCK | S1_AF;

		if (device)
			d |= S1_ATTR(ATTR_DEVICE) | S1_XN;
		else
			d |= S1_ATTR(ATTR_NORMAL) | S1_SH_INNER;
		/* Only invalid -> valid changes, so no TLB invalidation. */
		if (!el2_l1_table[i])
			el2_l1_table[i] = d;
	}
	dsb(ishst);
	isb();
	return 0;
}

/* DC CIVAC: clean and invalidate, so that data written by a guest through
 * an uncached mapping (the management window) is not shadowed by stale
 * lines of ours either. */
void arch_dcache_clean(const void *va, u64 size)
{
	u64 line = 4ull << FIELD_GET(19, 16, read_sysreg(ctr_el0));
	u64 p = ALIGN_DOWN((u64)(uintptr_t)va, line);

	for (; p < (u64)(uintptr_t)va + size; p += line)
		__asm__ volatile("dc civac, %0" ::"r"(p) : "memory");
	dsb(ish);
}
