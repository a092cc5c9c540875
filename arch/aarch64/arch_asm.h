/* Constants shared by the aarch64 assembly and C (keep in sync with
 * struct trap_frame in include/arch_defs.h; static asserts in trap.c). */
#ifndef CVISOR_ARCH_AARCH64_ASM_H
#define CVISOR_ARCH_AARCH64_ASM_H

#include "cvisor/limits.h"
#define HV_STACK_SIZE	16384
#define TRAP_FRAME_SIZE 272
#define TRAP_FRAME_ELR	248
#define TRAP_FRAME_SPSR 256

#endif
