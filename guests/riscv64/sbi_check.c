/*
 * SBI conformance checks the test guest runs (README.md, step 8b):
 *  - TIME (SBI 2.0, 6.1), as the interrupt the hart takes: after
 *    set_timer(0) the supervisor timer interrupt is taken as soon as
 *    sstatus.SIE allows it; after set_timer(0) then set_timer(-1) it is
 *    not; after set_timer(now + 20 ms) it is taken, and no earlier.
 *  - TIME as sip.STIP reads (SBI 2.0, 6.1: "clears the pending timer
 *    interrupt bit"): pending at once after set_timer(0), clear after
 *    set_timer(-1), clear before a future time and pending after it.
 *    Checked with sstatus.SIE clear. Under a hypervisor this is a read of
 *    vsip, which some emulators mask (docs/hypercalls.md, riscv64 SBI).
 *  - HSM hart_suspend (SBI 2.0, 9.4) of the other hart, retentive, with
 *    bits above 31 of suspend_type set (ignored on RV64): the hart reads
 *    SUSPENDED in hart_get_status until an IPI resumes it. Then default
 *    non-retentive (0x80000000, bit 32 set too): SUSPENDED until an IPI,
 *    then the hart enters resume_addr with a0 = its hart id, a1 = the
 *    opaque value, satp 0 and sstatus.SIE 0, the IPI still pending.
 */
#include "guest.h"

#define SIP_STIP	  (1ul << 5)
#define SBI_HSM_SUSPENDED 4
/* Loop turns with sstatus.SIE set in which a pending interrupt must have
 * been taken: each turn is a branch, where an emulator or a hart takes
 * what is pending; no clock involved. */
#define AT_ONCE_TURNS 1000

volatile bool suspend_resumed;
volatile bool nonret_pending;
static volatile unsigned long nonret_hart;

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

static void set_timer(unsigned long when)
{
	sbi(SBI_EXT_TIME, 0, when, 0, 0);
}

/* Open sstatus.SIE for AT_ONCE_TURNS turns (or until a timer interrupt
 * was taken), then close it. */
static void open_briefly(void)
{
	csr_set(sstatus, SSTATUS_SIE);
	for (unsigned i = 0; i < AT_ONCE_TURNS && !probe_hits; i++)
		__asm__ volatile("" ::: "memory");
	csr_clear(sstatus, SSTATUS_SIE);
}

/* With SIE open until the time `until` or the first timer interrupt. */
static void open_until(unsigned long until)
{
	csr_set(sstatus, SSTATUS_SIE);
	while (!probe_hits && now() < until)
		;
	csr_clear(sstatus, SSTATUS_SIE);
}

/* Called with the timer's interrupt enabled in sie (STIE) and none
 * pending; the trap handler counts the interrupts (timer_probe). */
bool sbi_time_taken_check(void)
{
	unsigned long delay = TIMEBASE_HZ / 50, when;
	bool ok = true;

	csr_clear(sstatus, SSTATUS_SIE);
	probe_hits = 0;
	timer_probe = true;
	set_timer(0);
	open_briefly();
	ok &= check(probe_hits == 1, "set_timer(0): not taken at once");
	probe_hits = 0;
	set_timer(0);
	set_timer(~0ul);
	open_until(now() + delay / 4);
	ok &= check(!probe_hits, "set_timer(0), set_timer(-1): taken");
	probe_hits = 0;
	when = now() + delay;
	set_timer(when);
	open_until(when + 100 * delay);
	ok &= check(probe_hits == 1, "set_timer(future): never taken");
	ok &= check(probe_time >= when, "set_timer(future): taken early");
	/* The handler's set_timer(-1): no second interrupt. */
	open_until(now() + delay / 4);
	ok &= check(probe_hits == 1, "set_timer(-1) in the handler: again");
	timer_probe = false;
	if (ok)
		gprint("sbi time: interrupt at once after set_timer 0, none "
		       "after -1, +%lu ticks not early ok",
		       delay);
	csr_set(sstatus, SSTATUS_SIE);
	return ok;
}

/* As sbi_time_taken_check, the pending bit read in sip with SIE clear. */
bool sbi_time_sip_check(void)
{
	unsigned long delay = TIMEBASE_HZ / 50, when, t;
	bool ok = true;

	csr_clear(sstatus, SSTATUS_SIE);
	set_timer(0);
	ok &= check(stip(), "sip: set_timer(0): STIP not pending");
	set_timer(~0ul);
	ok &= check(!stip(), "sip: set_timer(-1): STIP still pending");
	when = now() + delay;
	set_timer(when);
	ok &= check(!stip(), "sip: set_timer(future): STIP pending early");
	while (!stip() && now() < when + 100 * delay)
		;
	t = now();
	ok &= check(stip(), "sip: set_timer(future): STIP never pending");
	ok &= check(t >= when, "sip: set_timer(future): STIP before the time");
	set_timer(~0ul);
	ok &= check(!stip(), "sip: set_timer(-1) after expiry: STIP pending");
	if (ok)
		gprint("sbi time: sip.STIP after set_timer 0, -1 and +%lu "
		       "ticks ok",
		       delay);
	csr_set(sstatus, SSTATUS_SIE);
	return ok;
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

/* The other hart, after the retentive round: default non-retentive
 * suspend resuming at entry with opaque; returns only if it failed. */
void sbi_suspend_nonret(unsigned long hart, unsigned long entry,
			unsigned long opaque)
{
	struct sbiret r;

	nonret_hart = hart;
	nonret_pending = true;
	r = sbi(SBI_EXT_HSM, 3, (1ul << 32) | 0x80000000ul, entry, opaque);
	nonret_pending = false;
	gprint("hart %lu: non-retentive hart_suspend returned (sbi %ld)", hart,
	       r.error);
}

/* First thing at the resume address (secondary_entry, which only set sp
 * from a1, stvec and sie): the state SBI 2.0, 9.4 promises. stack_lo and
 * stack_hi bound the stack whose top was the opaque value. */
void sbi_nonret_resumed(unsigned long hart, unsigned long stack_lo,
			unsigned long stack_hi)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	bool ok = true;

	nonret_pending = false;
	if (hart != nonret_hart) {
		gprint("hart %lu: resumed with a0 = %lu", nonret_hart, hart);
		ok = false;
	}
	if (sp <= stack_lo || sp > stack_hi) {
		gprint("hart %lu: resumed with a1 (sp) = 0x%lx", hart, sp);
		ok = false;
	}
	if (csr_read(satp) || (csr_read(sstatus) & SSTATUS_SIE)) {
		gprint("hart %lu: resumed with satp 0x%lx sstatus 0x%lx", hart,
		       csr_read(satp), csr_read(sstatus));
		ok = false;
	}
	if (!(csr_read(sip) & SIE_SSIE)) {
		gprint("hart %lu: resumed without the ipi pending", hart);
		ok = false;
	}
	csr_clear(sip, SIE_SSIE);
	if (ok)
		gprint("hart %lu: resumed from non-retentive suspend by the "
		       "ipi at resume_addr, a0 = hartid, a1 = opaque",
		       hart);
}
