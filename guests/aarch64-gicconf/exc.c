/* Exceptions of the conformance guest: only data aborts inside a probe
 * are expected; anything else is reported and ends the run. */
#include "conf.h"

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	unsigned int ec = ESR_EC(read_sysreg(esr_el1));

	if (vec == VEC_CUR_SPX_SYNC && probe_fault(f, ec))
		return;
	gprint("FAIL unexpected exception vec=%lu esr=0x%lx elr=0x%lx\n", vec,
	       read_sysreg(esr_el1), f->elr);
	system_off();
}
