/*
 * Exceptions of the victim.  ../aarch64-common/entry.S saves x0-x30,
 * ELR_EL1 and SPSR_EL1 in a struct exc_frame and calls exc_dispatch();
 * whatever the handler leaves in the frame is restored before the eret.
 * The victim expects no fault at all except a data abort inside
 * probe_read32(): anything else is reported and ends the run.
 */
#include "victim.h"

static void __attribute__((noreturn))
unexpected(unsigned long vec, struct exc_frame *f)
{
	gprint("unexpected exception vec=%lu esr=0x%lx elr=0x%lx far=0x%lx\n",
	       vec, read_sysreg(esr_el1), f->elr, read_sysreg(far_el1));
	system_off();
}

static void sync_handler(struct exc_frame *f)
{
	unsigned int ec = ESR_EC(read_sysreg(esr_el1));

	if (ec != EC_DABT_CUR_EL || !probe_fault(f, ec))
		unexpected(VEC_CUR_SPX_SYNC, f);
}

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	switch (vec) {
	case VEC_CUR_SPX_SYNC:
		sync_handler(f);
		break;
	case VEC_CUR_SPX_IRQ:
		irq_handler();
		break;
	default:
		unexpected(vec, f);
	}
}
