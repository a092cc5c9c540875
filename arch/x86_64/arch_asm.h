/* Constants shared by the x86_64 assembly and C. */
#ifndef CVISOR_ARCH_X86_64_ASM_H
#define CVISOR_ARCH_X86_64_ASM_H

#include "cvisor/limits.h"

#define HV_STACK_SIZE 16384

/* GDT selectors (arch/x86_64/gdt.c builds the table). */
#define SEL_CODE64  0x08
#define SEL_DATA    0x10
#define SEL_CODE32  0x18
#define SEL_TSS(n)  (0x20 + 16 * (n)) /* one 16-byte TSS descriptor a CPU */
#define GDT_ENTRIES (4 + 2 * MAX_CPUS)

/* Application processors start in real mode at this page (SIPI vector =
 * TRAMPOLINE_BASE >> 12); the BSP copies the trampoline there. */
#define TRAMPOLINE_BASE 0x8000

/* The hypervisor's interrupt vectors. */
#define VEC_IRQ_BASE 0x30 /* IOAPIC pin n claimed by cvisor -> 0x30 + n */
#define NR_IRQ_VECS  24
#define VEC_IPI	     0xf0 /* cvisor's own IPI: kick the event queue */
#define VEC_SPURIOUS 0xff

/* struct guest_regs: 16 slots in ModRM register order (slot 4, RSP, lives
 * in the VMCS and is not saved by the exit stub). */
#define GUEST_REGS_SIZE 128

#endif
