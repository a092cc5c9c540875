/* Decoding the load/store a guest-page fault trapped on (pure logic). */
#ifndef CVISOR_ARCH_RISCV64_INSN_H
#define CVISOR_ARCH_RISCV64_INSN_H

#include "cvisor/types.h"

struct mmio_insn {
	unsigned len;	  /* 2 (compressed) or 4 bytes */
	unsigned size;	  /* access size: 1, 2, 4 or 8 */
	bool write;	  /* store */
	bool sign_extend; /* LB, LH, LW (and C.LW, C.LWSP) */
	unsigned reg;	  /* rd of a load, rs2 of a store (x0..x31) */
};

/* Is this halfword the start of a 32-bit instruction (bits [1:0] = 11)? */
static inline bool insn_is_32bit(u16 low)
{
	return (low & 3) == 3;
}

/* Decode an integer load or store, standard or compressed (RV64GC).
 * Returns 0, or -CV_EINVAL for anything else (FP, AMO, not a memory
 * access). */
int insn_decode_mmio(u32 insn, struct mmio_insn *out);
/* A load's result as the register sees it: sign- or zero-extended. */
u64 insn_load_extend(const struct mmio_insn *d, u64 value);

#endif
