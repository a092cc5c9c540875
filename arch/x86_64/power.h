#ifndef CVISOR_ARCH_X86_64_POWER_H
#define CVISOR_ARCH_X86_64_POWER_H

#include "cvisor/types.h"

/* ACPI PM1a control port used for S5 (from the FADT when found). */
extern u16 x86_pm1a_cnt;

#endif
