/* aarch64 types embedded in core structs (struct percpu, vcpu, zone). */
#ifndef CVISOR_ARCH_DEFS_H
#define CVISOR_ARCH_DEFS_H

#include "arch/aarch64/arch_asm.h"
#include "cvisor/types.h"
#include "drivers/irqchip/vgic_lr.h"

/* Registers saved on exception entry at the top of the CPU's EL2 stack. */
struct trap_frame {
	u64 x[31];
	u64 elr;  /* ELR_EL2 */
	u64 spsr; /* SPSR_EL2 */
	u64 pad;
};

struct arch_percpu {
	paddr_t gicr;	 /* GICv3: this CPU's redistributor */
	u64 sgi1r;	 /* GICv3: ICC_SGI1R_EL1 naming this CPU, INTID 0 */
	u8 gicv2_target; /* GICv2: this CPU interface's ITARGETSR bit */
};

struct arch_vcpu {
	struct trap_frame boot_regs; /* registers for the next start */
	bool reset_el1;		     /* load the EL1 reset state first */
	u64 vmpidr;		     /* VMPIDR_EL2 */
	struct vgic_pending pending; /* virtual interrupts not yet in a LR */
	u32 sgis_posted; /* GICv3 SGIs sent from other CPUs (bit n = SGI n),
			    taken at the next cvisor IPI here */
};

struct arch_zone {
	u16 vmid;
	u64 vttbr; /* VTTBR_EL2: VMID[63:48] | root table */
	u64 vtcr;
	struct vgic_dist *vgic;
};

#endif
