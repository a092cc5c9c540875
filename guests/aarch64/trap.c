/*
 * Exception handling.  ../aarch64-common/entry.S saves x0-x30, ELR_EL1 and
 * SPSR_EL1 into a struct exc_frame on the stack and calls exc_dispatch();
 * whatever the handler leaves in the frame is restored before the eret.
 * Guarded probes (only vCPU0 probes, before vCPU1 is started) and
 * SYSTEM_OFF are in ../aarch64-common/.
 */
#include "guest.h"

static void __attribute__((noreturn)) unexpected(struct exc_frame *f)
{
	gprint("unexpected exception esr=0x%lx elr=0x%lx far=0x%lx\n",
	       read_sysreg(esr_el1), f->elr, read_sysreg(far_el1));
	system_off();
}

static void sync_handler(struct exc_frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);
	unsigned int ec = ESR_EC(esr);

	if (probe_fault(f, ec))
		return;
	if (ec != EC_DABT_CUR_EL)
		unexpected(f);
	gprint("abort caught: far=0x%lx esr=0x%lx\n", read_sysreg(far_el1),
	       esr);
	f->elr += 4; /* skip the faulting A64 load */
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
		unexpected(f);
	}
}
