/*
 * cvisor's own interrupts under the AIA: the S-level interrupt file of
 * each hart (AIA 1.0, 3.8-3.9). Identity IMSIC_EIID_IPI is cvisor's IPI
 * (an MSI another hart writes into this hart's seteipnum_le); the device
 * interrupts cvisor keeps (the console's receive) are APLIC sources whose
 * target names hart index, guest index 0 and their identity. The
 * registers are reached through siselect/sireg; stopei claims.
 */
#include "arch/riscv64/csr.h"
#include "cvisor/log.h"
#include "drivers/irqchip/aplic.h"

/* Indirectly accessed IMSIC registers (siselect values, AIA 1.0 3.8). */
#define ISEL_EIDELIVERY	 0x70 /* 1: deliver to the hart */
#define ISEL_EITHRESHOLD 0x72 /* 0: every identity */
#define ISEL_EIE0	 0xc0 /* RV64: identities 0..63, 64-bit */
/* stopei: [26:16] the identity of the top pending-and-enabled one. */
#define STOPEI_ID(v) FIELD_GET(26, 16, v)

static u32 hv_src[IMSIC_HV_DEV_SLOTS]; /* slot -> APLIC source, 0 free */

static void sireg_write(u64 isel, u64 val)
{
	csr_write(CSR_SISELECT, isel);
	csr_write(CSR_SIREG, val);
}

void imsic_hv_init_percpu(void)
{
	u64 ids =
	    BITS(IMSIC_EIID_HV_DEV + IMSIC_HV_DEV_SLOTS - 1, IMSIC_EIID_IPI);

	sireg_write(ISEL_EITHRESHOLD, 0);
	sireg_write(ISEL_EIE0, ids);
	sireg_write(ISEL_EIDELIVERY, 1);
}

void imsic_hv_send(u32 cpu, u32 eiid)
{
	volatile u32 *seteipnum_le = pa_to_hv(imsic_file_pa(cpu, 0));

	/* What the target will read (its event queue) before the MSI:
	 * "fence w,o" at least; a full fence is simpler to reason about. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*seteipnum_le = eiid;
}

u32 imsic_hv_claim(void)
{
	u64 v;

	/* csrrw stopei: read the top identity and claim it (a write of any
	 * value clears its pending bit, AIA 1.0 3.9). */
	__asm__ volatile("csrrw %0, " STR(CSR_STOPEI) ", zero"
			 : "=r"(v)::"memory");
	return (u32)STOPEI_ID(v);
}

u32 aplic_claim_for_hv(u32 src, u32 cpu)
{
	for (u32 slot = 0; slot < IMSIC_HV_DEV_SLOTS; slot++) {
		u32 eiid = IMSIC_EIID_HV_DEV + slot;

		if (hv_src[slot] && hv_src[slot] != src)
			continue;
		hv_src[slot] = src;
		/* A level-high line, as the UARTs of QEMU virt. */
		aplic_set_sourcecfg(src, APLIC_SM_LEVEL1);
		aplic_set_target(src,
				 aplic_target(imsic_hart_index(cpu), 0, eiid));
		aplic_enable(src, true);
		return eiid;
	}
	pr_warn("aplic: no identity left for cvisor's interrupt %u", src);
	return 0;
}

u32 aplic_hv_source(u32 eiid)
{
	u32 slot = eiid - IMSIC_EIID_HV_DEV;

	return eiid >= IMSIC_EIID_HV_DEV && slot < IMSIC_HV_DEV_SLOTS
		   ? hv_src[slot]
		   : 0;
}
