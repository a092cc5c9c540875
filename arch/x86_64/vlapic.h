/*
 * A virtual local APIC in xAPIC mode (SDM vol. 3, chapter 11): the
 * register file, IRR/ISR/TMR, the priority rules, the timer (one-shot,
 * periodic, TSC-deadline; it counts at the TSC rate / divide config) and
 * the ICR. Pure state machine, host unit-tested; vapic.c wires it to
 * MMIO exits, host timers and VM entries. Locking is the caller's.
 */
#ifndef CVISOR_ARCH_X86_64_VLAPIC_H
#define CVISOR_ARCH_X86_64_VLAPIC_H

#include "cvisor/types.h"

#define VLAPIC_BASE 0xfee00000ull
#define VLAPIC_SIZE 0x1000u

/* Register offsets */
#define APIC_ID	     0x020
#define APIC_VERSION 0x030
#define APIC_TPR     0x080
#define APIC_PPR     0x0a0
#define APIC_EOI     0x0b0
#define APIC_LDR     0x0d0
#define APIC_DFR     0x0e0
#define APIC_SVR     0x0f0
#define APIC_ISR     0x100 /* 8 registers, 0x10 apart */
#define APIC_TMR     0x180
#define APIC_IRR     0x200
#define APIC_ESR     0x280
#define APIC_ICR_LO  0x300
#define APIC_ICR_HI  0x310
#define APIC_LVT_TMR 0x320 /* timer, thermal, PMC, LINT0, LINT1, error */
#define APIC_LVT_ERR 0x370
#define APIC_TMICT   0x380
#define APIC_TMCCT   0x390
#define APIC_TDCR    0x3e0

#define NR_LVT 7 /* CMCI 0x2f0, then 0x320..0x370 */

/* LVT timer mode [18:17]: one-shot, periodic, TSC-deadline. */
enum { TIMER_ONESHOT, TIMER_PERIODIC, TIMER_DEADLINE };

/* An interprocessor interrupt the ICR asked for. */
enum icr_mode {
	ICR_FIXED = 0,
	ICR_LOWEST = 1,
	ICR_SMI = 2,
	ICR_NMI = 4,
	ICR_INIT = 5,
	ICR_SIPI = 6,
};

enum icr_shorthand { DEST_FIELD, DEST_SELF, DEST_ALL, DEST_OTHERS };

struct vlapic_ipi {
	bool valid;
	u8 vector;
	u8 mode;      /* enum icr_mode */
	u8 shorthand; /* enum icr_shorthand */
	bool logical;
	bool level_deassert; /* INIT level de-assert: no effect */
	u8 dest;	     /* ICR_HI[31:24] */
};

struct vlapic {
	u32 id; /* APIC id (the vCPU id) */
	u32 tpr, svr, ldr, dfr, esr;
	u32 lvt[NR_LVT];
	u32 irr[8], isr[8], tmr[8];
	u32 icr_lo, icr_hi;
	u32 tmict, tdcr;
	u64 timer_start;  /* TSC when TMICT was written / reloaded */
	u64 tsc_deadline; /* IA32_TSC_DEADLINE (0 = disarmed) */
	u64 next_fire;	  /* TSC when the timer fires next (0 = never) */
	u64 timer_fired;  /* statistics */
};

void vlapic_reset(struct vlapic *a, u32 id);
u32 vlapic_read(struct vlapic *a, u32 off, u64 now);
/* A register write; an ICR write fills *ipi (valid = true) for the
 * caller to deliver. Returns the vector of an EOI'd level-triggered
 * interrupt (for the IOAPIC), else -1. */
int vlapic_write(struct vlapic *a, u32 off, u32 v, u64 now,
		 struct vlapic_ipi *ipi);

/* A fixed interrupt arrives (IRR); level-triggered ones are marked in
 * TMR. Vectors below 16 are illegal and dropped (false). */
bool vlapic_accept(struct vlapic *a, u8 vector, bool level);
/* The highest IRR vector above the processor priority, or -1. */
int vlapic_pending(const struct vlapic *a);
/* The level-triggered vectors accepted (IRR) or in service (ISR), as a
 * 256-bit map in out: a reset of the APIC drops them with no EOI, which
 * the I/O APIC (Remote IRR) waits for. */
void vlapic_unfinished_level(const struct vlapic *a, u32 out[8]);
/* The CPU takes vector: IRR -> ISR. */
void vlapic_ack(struct vlapic *a, u8 vector);
/* Does the destination of an IPI/IOAPIC message select this APIC? */
bool vlapic_match(const struct vlapic *a, u8 dest, bool logical);

/* IA32_TSC_DEADLINE */
void vlapic_set_deadline(struct vlapic *a, u64 tsc, u64 now);
u64 vlapic_get_deadline(const struct vlapic *a);
/* If the timer is due at `now`, raise its interrupt (unless masked) and
 * re-arm a periodic one. Returns true when it fired. */
bool vlapic_timer_check(struct vlapic *a, u64 now);

#endif
