/* The hostile guest's trap handler: every exception is recorded and
 * skipped (a bad fetch returns to fetch_resume); nothing else is taken. */
#include "hostile.h"

volatile unsigned long fault_cause, fault_tval, fetch_resume;

void fault_reset(void)
{
	fault_cause = 0;
	fault_tval = 0;
}

__attribute__((interrupt("supervisor"), aligned(4))) void guest_trap(void)
{
	unsigned long cause = csr_read(scause);
	unsigned long pc = csr_read(sepc);

	if (cause >> 63) {
		gprint("unexpected interrupt scause=0x%lx", cause);
		csr_write(sie, 0);
		return;
	}
	/* Instruction access fault / page fault: no instruction at sepc to
	 * skip; go back to where the attack called from. */
	if (cause == 1 || cause == 12) {
		fault_cause = cause;
		fault_tval = csr_read(stval);
		csr_write(sepc, fetch_resume);
		return;
	}
	fault_cause = cause ? cause : 0x100; /* misaligned fetch is 0 */
	fault_tval = csr_read(stval);
	csr_write(sepc, pc + ((*(volatile uint16_t *)pc & 3) == 3 ? 4 : 2));
}
