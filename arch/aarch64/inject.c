/*
 * Reflecting exceptions into a guest: what the hardware does when it takes
 * an exception to EL1 (D1.10): save PC/PSTATE in ELR_EL1/SPSR_EL1, write
 * ESR_EL1/FAR_EL1, mask DAIF, switch to EL1h, and jump to VBAR_EL1 plus
 * the offset of the vector the exception belongs to.
 */
#include "arch/aarch64/esr.h"
#include "arch/aarch64/sysreg.h"
#include "arch/aarch64/trap.h"

#define SPSR_M_MASK 0xfull
#define SPSR_M_EL0T 0x0ull
#define SPSR_M_EL1T 0x4ull

static void enter_guest_vector(struct trap_frame *f, u64 esr, u64 far)
{
	u64 mode = f->spsr & SPSR_M_MASK;
	u64 offset;

	if (mode == SPSR_M_EL0T)
		offset = 0x400; /* lower EL using AArch64 */
	else if (mode == SPSR_M_EL1T)
		offset = 0x000; /* current EL with SP_EL0 */
	else
		offset = 0x200; /* current EL with SP_ELx */
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	write_sysreg(esr_el1, esr);
	write_sysreg(far_el1, far);
	f->elr = read_sysreg(vbar_el1) + offset;
	f->spsr = SPSR_EL1H_DAIF;
}

void inject_guest_abort(struct trap_frame *f, u64 far, bool write,
			bool instruction)
{
	bool from_el0 = (f->spsr & SPSR_M_MASK) == SPSR_M_EL0T;

	enter_guest_vector(
	    f, esr_guest_external_abort(from_el0, write, instruction), far);
}

void inject_guest_undef(struct trap_frame *f)
{
	/* EC 0 (unknown reason), IL = 1. */
	enter_guest_vector(f, ESR_IL, 0);
}
