/*
 * Exceptions of the hostile guest.  ../aarch64-common/entry.S saves
 * x0-x30, ELR_EL1 and SPSR_EL1 in a struct exc_frame and calls
 * exc_dispatch(); whatever the handler leaves in the frame is restored
 * before the eret.
 *
 * Between guard_begin() and guard_end() a synchronous exception is the
 * expected answer to an attack: it is recorded and the run goes on after
 * the faulting instruction (after a failed fetch: at the return address
 * of the branch, x30).  Anything else is reported and ends the zone.
 */
#include "hostile.h"

static volatile uint32_t armed, taken;
static volatile uint64_t fault_esr, fault_far;

static void __attribute__((noreturn))
unexpected(unsigned long vec, struct exc_frame *f)
{
	gprint("unexpected exception vec=%lu esr=0x%lx elr=0x%lx far=0x%lx\n",
	       vec, read_sysreg(esr_el1), f->elr, read_sysreg(far_el1));
	system_off();
}

static void resume_after_fault(struct exc_frame *f, unsigned int ec)
{
	if (ec == EC_IABT_CUR_EL)
		f->elr = f->x[30]; /* back to the branch's caller */
	else
		f->elr += 4; /* step over the load, store or msr */
}

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);

	if (vec != VEC_CUR_SPX_SYNC || !armed)
		unexpected(vec, f);
	armed = 0;
	taken = 1;
	fault_esr = esr;
	fault_far = read_sysreg(far_el1);
	resume_after_fault(f, ESR_EC(esr));
}

void guard_begin(void)
{
	taken = 0;
	fault_esr = 0;
	fault_far = 0;
	dsb_sy();
	armed = 1;
}

bool guard_end(struct fault *f)
{
	armed = 0;
	f->esr = fault_esr;
	f->far = fault_far;
	return taken;
}
