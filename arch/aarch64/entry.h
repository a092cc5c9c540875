/*
 * The seam between aarch64's assembly (entry.S, vectors.S, linker.ld) and
 * its C: the labels C takes the address of, the C functions assembly
 * calls, and the per-CPU stacks both use.
 */
#ifndef CVISOR_ARCH_AARCH64_ENTRY_H
#define CVISOR_ARCH_AARCH64_ENTRY_H

#include "arch/aarch64/arch_asm.h"
#include "arch_defs.h"
#include "cvisor/limits.h"
#include "cvisor/types.h"

/* Each CPU's hypervisor stack (cpu.c); the top is the next CPU's base. */
extern u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE];

/* entry.S */
extern char secondary_entry[];
/* Called from entry.S on every CPU before any C data is touched (mmu.c). */
void arch_early_init(void);
/* Load the guest's registers from *regs and ERET (entry.S). */
void vcpu_enter(struct trap_frame *regs, u64 stack_top);

/* vectors.S: the EL2 vector table and the handlers it calls (trap.c). */
extern char el2_vectors[];
void guest_sync(struct trap_frame *f, u64 kind);
void guest_irq(struct trap_frame *f, u64 kind);
void guest_unexpected(struct trap_frame *f, u64 kind);
void el2_irq(struct trap_frame *f, u64 kind);
_Noreturn void el2_unexpected(struct trap_frame *f, u64 kind);

#endif
