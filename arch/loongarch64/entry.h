/*
 * The seam between loongarch64's assembly (entry.S, vectors.S, linker.ld) and
 * its C: the labels C takes the address of, the C functions assembly
 * calls, and the per-CPU stacks both use.
 */
#ifndef CVISOR_ARCH_LOONGARCH64_ENTRY_H
#define CVISOR_ARCH_LOONGARCH64_ENTRY_H

#include "arch/loongarch64/arch_asm.h"
#include "arch_defs.h"
#include "cvisor/limits.h"
#include "cvisor/types.h"

/* Each CPU's hypervisor stack (cpu.c); the top is the next CPU's base. */
extern u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE];

/* entry.S / vectors.S */
extern char exc_entry[], tlbr_entry[], secondary_entry[];

#endif
