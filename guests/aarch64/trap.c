/*
 * The test guest's own synchronous exception: the data abort it provokes
 * on purpose (main.c) is reported and stepped over. Dispatch, guarded
 * probes (only vCPU0 probes, before vCPU1 is started) and SYSTEM_OFF are
 * in ../aarch64-common/ (exc_irq.c, probe.c, trap.c).
 */
#include "guest.h"

bool exc_sync_hook(struct exc_frame *f, unsigned int ec)
{
	if (ec != EC_DABT_CUR_EL)
		return false;
	gprint("abort caught: far=0x%lx esr=0x%lx\n", read_sysreg(far_el1),
	       read_sysreg(esr_el1));
	f->elr += 4; /* skip the faulting A64 load */
	return true;
}
