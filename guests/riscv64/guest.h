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

/* sbi_check.c */
void sbi_time_check(void);
void sbi_suspend_self(unsigned slot, unsigned long hart);
bool sbi_wait_suspended(unsigned long other);

#endif
