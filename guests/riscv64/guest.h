/* The riscv64 test guest: shared helpers (see README.md). */
#ifndef GUEST_RISCV64_H
#define GUEST_RISCV64_H

#include "rvguest.h"

#define ILLEGAL_ADDR 0x88000000ul /* beyond the guest's RAM */

/* trap.c */
extern volatile unsigned long ticks[2];
extern volatile bool ipi_seen[2];
extern volatile unsigned long last_fault_cause, last_fault_tval;
void timer_start(unsigned slot);
void set_slot(unsigned slot);
/* While timer_probe is set, a timer interrupt of the first hart (slot 0)
 * only counts itself in probe_hits, notes the time in probe_time and calls
 * set_timer(-1). */
extern volatile bool timer_probe;
extern volatile unsigned long probe_hits, probe_time;

/* sbi_sweep.c: every emulated SBI function's answers (cvisor only). */
void sbi_sweep(void);

/* sbi_check.c */
bool sbi_time_taken_check(void);
bool sbi_time_sip_check(void);
void sbi_suspend_self(unsigned slot, unsigned long hart);
bool sbi_wait_suspended(unsigned long other);
extern volatile bool nonret_pending;
void sbi_suspend_nonret(unsigned long hart, unsigned long entry,
			unsigned long opaque);
void sbi_nonret_resumed(unsigned long hart, unsigned long stack_lo,
			unsigned long stack_hi);

#endif
