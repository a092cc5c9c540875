/* The riscv64 hostile guest (README.md). */
#ifndef GUEST_RISCV64_HOSTILE_H
#define GUEST_RISCV64_HOSTILE_H

#include "rvguest.h"

/* The zone's view (configs/qemu-virt-riscv64-isolation.json). */
#define OWN_RAM	    0x80000000ul
#define OWN_RAM_END 0x81000000ul

/* trap.c: the last exception taken (0 = none since fault_reset). */
extern volatile unsigned long fault_cause, fault_tval;
extern volatile unsigned long fetch_resume; /* where a bad fetch returns */
void fault_reset(void);

/* main.c: one line per attack, "BREACH" when it got through. */
void report(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void report_fault(const char *name);
void report_sbi(const char *name, struct sbiret r);
void breach(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* attacks.c */
void attack_memory(void);
void attack_devices(bool aia);
void attack_irqchip(bool aia);
void attack_sbi(void);
void attack_hypercalls(void);

#endif
