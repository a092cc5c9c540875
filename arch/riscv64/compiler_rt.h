/* The libgcc helpers cvisor provides itself on riscv64 (compiler_rt.c). */
#ifndef CVISOR_ARCH_RISCV64_COMPILER_RT_H
#define CVISOR_ARCH_RISCV64_COMPILER_RT_H

#include "cvisor/types.h"

u32 __bswapsi2(u32 v);
u64 __bswapdi2(u64 v);

#endif
