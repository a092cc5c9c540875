/* Decoding of ESR_EL2 syndromes (pure logic, unit-tested on the host). */
#ifndef CVISOR_ARCH_AARCH64_ESR_H
#define CVISOR_ARCH_AARCH64_ESR_H

#include "cvisor/types.h"

struct dabt_info {
	bool valid;	  /* ISV: the fields below describe the access */
	u32 size;	  /* 1, 2, 4, 8 bytes (SAS) */
	bool sign_extend; /* SSE */
	u32 reg;	  /* SRT: x0..x30, 31 = xzr */
	bool reg64;	  /* SF: 64-bit register */
	bool write;	  /* WnR */
	bool s1ptw;	  /* fault on a stage-1 table walk */
	u32 dfsc;	  /* fault status code */
};

struct sysreg_trap {
	u32 op0, op1, crn, crm, op2;
	u32 reg;   /* Rt */
	bool read; /* Direction: 1 = MRS (read) */
};

void esr_decode_dabt(u64 esr, struct dabt_info *d);
void esr_decode_sysreg(u64 esr, struct sysreg_trap *t);
/* Encode op0..op2 the way the ISS carries them, for comparisons. */
u32 sysreg_key(u32 op0, u32 op1, u32 crn, u32 crm, u32 op2);
/* Sign- or zero-extend a loaded value as the trapped load would have. */
u64 dabt_extend(const struct dabt_info *d, u64 value);
/* ESR_EL1 for a synchronous external abort reflected into the guest:
 * same-EL data abort (EC 0x25) or lower-EL (0x24) per from_el0; WnR kept. */
u64 esr_guest_external_abort(bool from_el0, bool write, bool instruction);

#endif
