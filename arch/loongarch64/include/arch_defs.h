/* loongarch64 types embedded in core structs (struct percpu, vcpu, zone). */
#ifndef CVISOR_ARCH_DEFS_H
#define CVISOR_ARCH_DEFS_H

#include "arch/loongarch64/arch_asm.h"
#include "arch/loongarch64/exit_stats.h"
#include "arch/loongarch64/gcsr.h"
#include "arch/loongarch64/veiointc.h"
#include "arch/loongarch64/vipi.h"
#include "arch/loongarch64/vpchpic.h"
#include "cvisor/types.h"
#include "lib/spinlock.h"

/* Registers saved on exception entry (guest exits: at the top of the
 * CPU's stack; cvisor's own exceptions: below the interrupted sp). */
struct trap_frame {
	u64 r[32]; /* r[0] unused; r[3] is sp */
	u64 era;   /* ERA (TLBRERA for a TLB refill) */
	u64 prmd;  /* PRMD (TLBRPRMD for a TLB refill) */
	u64 estat;
	u64 badv; /* BADV (TLBRBADV for a TLB refill) */
	u64 badi;
	u64 from_guest; /* 1: a guest exit */
	u64 tlbr;	/* 1: entered through TLBRENTRY */
	u64 pad;
};

struct arch_percpu {
	u32 unused; /* the hardware id is percpu.hwid (CSR.CPUID) */
};

struct arch_vcpu {
	struct trap_frame regs;	  /* guest GPRs and ERA for the next entry */
	struct gcsr_state gcsr;	  /* guest CSRs while the vCPU is not loaded */
	struct vipi ipi;	  /* the emulated IOCSR IPI block */
	u8 gintc_hwis;		  /* GINTC.HWIS: emulated devices' HWI0-7 */
	u8 eio_hwis;		  /* GINTC.HWIS: the zone's EIOINTC's lines */
	u64 exits[LA_STAT_COUNT]; /* guest exits by reason */
};

/* The zone's PCH-PIC and EIOINTC (virq.c). */
struct la_virq {
	spinlock_t lock;
	struct vpch pch;
	struct veio eio;
	u64 hw_pins; /* PCH-PIC pins wired to the machine's (the zone's
		      * devices), masked there while the zone serves them */
};

struct arch_zone {
	u8 gid; /* GSTAT.GID: tags the zone's guest-physical TLB entries */
	struct la_virq virq;
};

#endif
