/*
 * exc_dispatch() for the guests whose expected exceptions are a guarded
 * probe's fault (probe.c), the synchronous ones their exc_sync_hook()
 * takes, and the IRQ vector, which goes to the guest's irq_handler().
 * Anything else is reported with ESR_EL1, ELR and FAR_EL1 and ends the
 * zone (system_off). A guest takes it with COMMON_C += exc_irq.c and
 * defines irq_handler().
 */
#include "console.h"
#include "exc.h"
#include "probe.h"
#include "smccc.h"
#include "sysreg.h"

void irq_handler(void);

static void __attribute__((noreturn)) unexpected(struct exc_frame *f)
{
	gprint("unexpected exception esr=0x%lx elr=0x%lx far=0x%lx\n",
	       read_sysreg(esr_el1), f->elr, read_sysreg(far_el1));
	system_off();
}

/* Weak: by default a guest takes no synchronous exception of its own. */
__attribute__((weak)) bool exc_sync_hook(struct exc_frame *f, unsigned int ec)
{
	(void)f;
	(void)ec;
	return false;
}

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	unsigned int ec;

	switch (vec) {
	case VEC_CUR_SPX_SYNC:
		ec = ESR_EC(read_sysreg(esr_el1));
		if (!probe_fault(f, ec) && !exc_sync_hook(f, ec))
			unexpected(f);
		break;
	case VEC_CUR_SPX_IRQ:
		irq_handler();
		break;
	default:
		unexpected(f);
	}
}
