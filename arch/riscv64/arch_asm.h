/* Constants shared by the riscv64 assembly and C (keep in sync with
 * struct trap_frame in include/arch_defs.h; static asserts in trap.c). */
#ifndef CVISOR_ARCH_RISCV64_ASM_H
#define CVISOR_ARCH_RISCV64_ASM_H

#include "cvisor/limits.h"
#define HV_STACK_SIZE	   16384
#define TRAP_FRAME_SIZE	   288 /* x0..x31, sepc, sstatus, hstatus, pad */
#define TRAP_FRAME_SEPC	   256
#define TRAP_FRAME_SSTATUS 264
#define TRAP_FRAME_HSTATUS 272
/* Above a guest's frame at the top of the stack: 16 bytes, the second
 * double-word keeps cvisor's tp (this CPU's percpu) while a guest runs. */
#define STACK_TOP_RESERVED 16
#define GUEST_FRAME_OFFSET (TRAP_FRAME_SIZE + STACK_TOP_RESERVED)

#endif
