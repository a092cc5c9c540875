#ifndef CVISOR_ARCH_RISCV64_STAGE2_FORMAT_H
#define CVISOR_ARCH_RISCV64_STAGE2_FORMAT_H

#include "mm/pt.h"

/* Sv39x4: 41-bit guest-physical addresses, a 16 KiB root of 2048 entries
 * (pt_init: first_level 1, 4 concatenated root tables). */
#define RISCV_GPA_BITS 41

extern const struct pt_format riscv_sv39x4_format;

#endif
