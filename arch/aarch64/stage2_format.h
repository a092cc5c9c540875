#ifndef CVISOR_ARCH_AARCH64_STAGE2_FORMAT_H
#define CVISOR_ARCH_AARCH64_STAGE2_FORMAT_H

#include "mm/pt.h"

extern const struct pt_format aarch64_stage2_format;
unsigned aarch64_parange_bits(u64 mmfr0);
u64 aarch64_vtcr(unsigned ipa_bits, unsigned first_level, u64 mmfr0);

#endif
