/*
 * The seam between riscv64's assembly (entry.S, vectors.S, linker.ld) and
 * its C: the labels C takes the address of, the C functions assembly
 * calls, and the per-CPU stacks both use.
 */
#ifndef CVISOR_ARCH_RISCV64_ENTRY_H
#define CVISOR_ARCH_RISCV64_ENTRY_H

#include "arch/riscv64/arch_asm.h"
#include "arch_defs.h"
#include "cvisor/limits.h"
#include "cvisor/types.h"

/* Each CPU's hypervisor stack (cpu.c); the top is the next CPU's base. */
extern u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE];

/* entry.S */
extern char hs_trap_vector[];
extern char secondary_entry[];
/* Enter the guest from this CPU's guest frame (entry.S). */
void vcpu_enter(struct trap_frame *frame);
/* Traps taken from the guest and from HS mode (trap.c). */
void guest_trap(struct trap_frame *f);
_Noreturn void hs_trap(struct trap_frame *f);

#endif
