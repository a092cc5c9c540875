/* riscv64 types embedded in core structs (struct percpu, vcpu, zone). */
#ifndef CVISOR_ARCH_DEFS_H
#define CVISOR_ARCH_DEFS_H

#include "arch/riscv64/arch_asm.h"
#include "cvisor/types.h"

/* Registers saved on a trap, at the top of the CPU's stack (guest) or on
 * the current stack (cvisor). x[0] is unused. */
struct trap_frame {
	u64 x[32];
	u64 sepc;
	u64 sstatus;
	u64 hstatus;
	u64 pad;
};

struct arch_percpu {
	u64 hartid;
};

struct arch_vcpu {
	struct trap_frame boot_regs; /* registers for the next start */
	bool reset_vs;		     /* load the VS reset state first */
	bool suspended;		     /* in SBI HSM retentive suspend */
};

struct vplic;
struct vaplic;

struct arch_zone {
	u16 vmid;
	u64 hgatp;	       /* MODE Sv39x4 | VMID | root PPN */
	struct vplic *vplic;   /* the PLIC backend's virtual PLIC, or */
	struct vaplic *vaplic; /* the AIA backend's virtual APLIC domain */
};

#endif
