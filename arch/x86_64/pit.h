/* Delays from the 8254 PIT, channel 2 (no calibration needed). */
#ifndef CVISOR_ARCH_X86_64_PIT_H
#define CVISOR_ARCH_X86_64_PIT_H

#include "cvisor/types.h"

void pit_delay_us(u32 us);

#endif
