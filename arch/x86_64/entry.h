/*
 * The seam between x86_64's assembly (entry.S, vectors.S, linker.ld) and
 * its C: the labels C takes the address of, the C functions assembly
 * calls, and the per-CPU stacks both use.
 */
#ifndef CVISOR_ARCH_X86_64_ENTRY_H
#define CVISOR_ARCH_X86_64_ENTRY_H

#include "arch/x86_64/arch_asm.h"
#include "arch_defs.h"
#include "cvisor/limits.h"
#include "cvisor/types.h"

/* Each CPU's hypervisor stack (cpu.c); the top is the next CPU's base. */
extern u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE];

/* The AP start-up trampoline (entry.S), copied below 1 MiB. */
extern char ap_trampoline[], ap_trampoline_end[];
extern volatile u32 ap_cpuid, ap_ack;

/* vectors.S: one stub per vector, each calling x86_trap (trap.c). */
struct irq_frame;
#define NR_STUBS (32 + NR_IRQ_VECS + 2)
extern const u64 trap_stubs[NR_STUBS];
void x86_trap(struct irq_frame *f);
/* A device or IPI vector, from the hypervisor or a VM exit (trap.c). */
void x86_handle_vector(u32 vector);

/* vmx_entry.S: VM entry and the host RIP of every VM exit. */
extern char vmx_exit_stub[];
_Noreturn void vmx_enter(struct guest_regs *regs, u32 launched);
_Noreturn void vmx_entry_failed(void);
void vmx_handle_exit(struct guest_regs *regs); /* exit.c */

#endif
