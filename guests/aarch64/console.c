/*
 * The test guest's lines start with "[guest] "; the PL011 output and the
 * printf are in ../aarch64-common/console.c.  Here: the line-granular
 * print lock of the two vCPUs.
 *
 * The lock is Peterson's algorithm for two CPUs: plain volatile stores and
 * loads ordered by "dmb sy", because with the MMU off all memory is Device
 * and exclusives/atomics are not usable.
 */
#include "guest.h"

const char con_prefix[] = "[guest] ";

static volatile uint32_t con_want[NR_CPUS];
static volatile uint32_t con_victim;

/*
 * Returns false when this CPU already holds the lock, i.e. we are printing
 * from an exception taken in the middle of a line: just carry on then.
 */
bool con_lock(void)
{
	unsigned int me = this_cpu(), other = !me;

	if (con_want[me])
		return false;
	con_want[me] = 1;
	dmb_sy();
	con_victim = me;
	dmb_sy();
	while (con_want[other] && con_victim == me)
		dmb_sy();
	return true;
}

void con_unlock(void)
{
	dmb_sy();
	con_want[this_cpu()] = 0;
	dmb_sy();
}
