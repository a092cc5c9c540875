/* Decoding the memory-access instructions a guest uses on MMIO. */
#ifndef CVISOR_ARCH_X86_64_INSN_DECODE_H
#define CVISOR_ARCH_X86_64_INSN_DECODE_H

#include "cvisor/types.h"

struct mmio_insn {
	u8 len;	      /* instruction length in bytes */
	u8 size;      /* bytes accessed in memory: 1, 2, 4 or 8 */
	bool write;   /* a store (else a load) */
	bool has_imm; /* store of an immediate (else of/to a register) */
	u64 imm;      /* the immediate, sign-extended to the operand size */
	u8 reg;	      /* register number (ModRM order, REX.R applied) */
	bool high8;   /* AH, CH, DH or BH: bits 15:8 of reg - 4 */
	u8 dest_size; /* loads: register operand size (MOVZX widens) */
};

/*
 * Decode the instruction at code (avail bytes readable) executed with a
 * default operand/address size of mode_bits (16, 32 or 64). Handles MOV
 * to/from memory (88, 89, 8A, 8B, C6 /0, C7 /0, A0-A3) and MOVZX (0F B6,
 * 0F B7) with operand-size, address-size, segment and REX prefixes.
 * Returns 0, -CV_ENOSYS for another instruction, -CV_EINVAL when cut
 * short or a register operand where memory must be.
 */
int x86_decode_mmio(const u8 *code, u32 avail, unsigned mode_bits,
		    struct mmio_insn *out);

#endif
