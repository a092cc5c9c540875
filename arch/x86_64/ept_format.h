#ifndef CVISOR_ARCH_X86_64_EPT_FORMAT_H
#define CVISOR_ARCH_X86_64_EPT_FORMAT_H

#include "mm/pt.h"

#define EPT_GPA_BITS 48 /* a 4-level walk */

extern const struct pt_format x86_ept_format;
/* EPTP for a 4-level, write-back table at root (SDM 24.6.11). */
u64 x86_eptp(paddr_t root);

#endif
