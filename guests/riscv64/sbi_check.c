/*
 * SBI conformance checks the test guest runs (README.md, step 7b):
 *  - TIME (SBI 2.0, 6.1): set_timer(0) makes the supervisor timer
 *    interrupt pending at once (sip.STIP); set_timer(-1) clears it; a
 *    time in the future leaves it clear until that time has passed, then
 *    it is pending. Checked with sstatus.SIE clear, by reading sip.
 *  - HSM hart_suspend (SBI 2.0, 9.4) of the other hart, retentive, with
 *    bits above 31 of suspend_type set (ignored on RV64): the hart reads
 *    SUSPENDED in hart_get_status until an IPI resumes it.
 */
#include "guest.h"

#define SIP_STIP	  (1ul << 5)
#define SBI_HSM_SUSPENDED 4

volatile bool suspend_resumed;

static unsigned long now(void)
{
	return csr_read(time);
}

static bool stip(void)
{
	return csr_read(sip) & SIP_STIP;
}

static bool check(bool ok, const char *what)
{
	if (!ok)
		gprint("sbi time: FAIL %s", what);
	return ok;
}

/* Called with the timer's interrupt enabled in sie; SIE is cleared here
 * so that nothing takes the pending interrupt while it is looked at. */
void sbi_time_check(void)
{
	unsigned long delay = TIMEBASE_HZ / 50, when, t;
	bool ok = true;

	csr_clear(sstatus, SSTATUS_SIE);
	sbi(SBI_EXT_TIME, 0, 0, 0, 0);
	ok &= check(stip(), "set_timer(0): STIP not pending");
	sbi(SBI_EXT_TIME, 0, ~0ul, 0, 0);
	ok &= check(!stip(), "set_timer(-1): STIP still pending");
	when = now() + delay;
	sbi(SBI_EXT_TIME, 0, when, 0, 0);
	ok &= check(!stip(), "set_timer(future): STIP pending early");
	while (!stip() && now() < when + 100 * delay)
		;
	t = now();
	ok &= check(stip(), "set_timer(future): STIP never pending");
	ok &= check(t >= when, "set_timer(future): STIP before the time");
	sbi(SBI_EXT_TIME, 0, ~0ul, 0, 0);
	ok &= check(!stip(), "set_timer(-1) after expiry: STIP pending");
	if (ok)
		gprint("sbi time: set_timer 0, -1 and +%lu ticks ok", delay);
	csr_set(sstatus, SSTATUS_SIE);
}

/* The other hart: retentive suspend until an IPI (its handler sets
 * ipi_seen); bit 32 set in suspend_type, which RV64 ignores. */
void sbi_suspend_self(unsigned s, unsigned long hart)
{
	struct sbiret r = sbi(SBI_EXT_HSM, 3, 1ul << 32, 0, 0);

	if (r.error)
		gprint("hart %lu: hart_suspend failed (sbi %ld)", hart,
		       r.error);
	else if (!ipi_seen[s])
		gprint("hart %lu: hart_suspend returned without the ipi", hart);
	else
		gprint("hart %lu: resumed from retentive suspend by the ipi",
		       hart);
	suspend_resumed = true;
}

/* The first hart: wait (up to 1 s) for the other to read SUSPENDED. */
bool sbi_wait_suspended(unsigned long other)
{
	unsigned long t0 = now();

	while (now() - t0 < TIMEBASE_HZ) {
		if (sbi(SBI_EXT_HSM, 2, other, 0, 0).value ==
		    SBI_HSM_SUSPENDED) {
			gprint("hart %lu: suspended", other);
			return true;
		}
	}
	gprint("hart %lu: never reads SUSPENDED", other);
	return false;
}
