/*
 * IDLE in a guest as wait-for-interrupt. IDLE is a GSPR instruction under
 * LVZ: it exits to cvisor instead of stopping the CPU. Returning at once
 * would make an idle vCPU spin through exits, burning a CPU of the
 * machine; cvisor instead waits with IDLE itself, as the guest asked.
 *
 * The subtle part is the guest's timer. QEMU-LVZ pauses the guest's
 * constant timer at every exit (GSTAT.PGM = 1) and resumes it with the
 * ticks that were left (TVAL) at the next entry, so a guest waiting for
 * its tick would wait forever in cvisor. cvisor therefore arms the root
 * constant timer (TCFG = En | InitVal, the same constant clock) with the
 * guest's TVAL and lets its TI line (ECFG.LIE bit 11) end the wait:
 *   - the root timer fired: the guest's timer has run out; its interrupt
 *     is raised in guest ESTAT.IS bit 11 and, for a one-shot timer, guest
 *     TCFG.En is cleared (what the hardware does on expiry);
 *   - anything else ended the wait (cvisor's IPI: another vCPU's IPI, a
 *     zone stop; a device line): the guest's TVAL becomes what the root
 *     timer has left, so the time waited counts against the guest's
 *     deadline (the first version re-entered with the old TVAL, and each
 *     early wake pushed the guest's tick later). The pending root
 *     interrupt is taken as an exit right after the guest is entered.
 * Every IDLE exit starts again from the guest's own TCFG/TVAL/ESTAT, so a
 * wake never carries a stale deadline. The fork lets root write the
 * guest's TVAL (gcsrwr); real LVZ keeps the guest timer running in root
 * mode and would not need the adjustment.
 */
#include "arch/loongarch64/vidle.h"

#include "arch/loongarch64/csr.h"
#include "cvisor/zone.h"

static void guest_timer_expired(u64 tcfg)
{
	if (!(tcfg & TCFG_PERIODIC))
		gcsr_write(CSR_TCFG, tcfg & ~TCFG_EN);
	gcsr_xchg(CSR_ESTAT, INT_TI, INT_TI);
}

/* Wait with the root timer standing in for the guest's (left ticks). */
static void wait_with_timer(u64 tcfg, u64 left)
{
	u64 rest;

	csr_write(CSR_TCFG, left | TCFG_EN);
	csr_xchg(CSR_ECFG, INT_TI, INT_TI);
	__asm__ volatile("dbar 0\n\tidle 0" ::: "memory");
	rest = csr_read(CSR_TVAL);
	if (csr_read(CSR_ESTAT) & INT_TI) {
		rest = 0;
	}
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TICLR, 1);
	csr_xchg(CSR_ECFG, 0, INT_TI);
	rest = la_guest_timer_rest(left, rest);
	if (!rest)
		guest_timer_expired(tcfg);
	else
		gcsr_write(CSR_TVAL, rest);
}

void la_guest_idle(struct vcpu *v)
{
	u64 is = ESTAT_IS(gcsr_read(CSR_ESTAT)) |
		 (u64)(v->arch.gintc_hwis | v->arch.eio_hwis) << 2;
	u64 tcfg = gcsr_read(CSR_TCFG);
	u64 left = la_guest_timer_left(tcfg, gcsr_read(CSR_TVAL));

	if (la_guest_irq_ready(is, FIELD_GET(12, 0, gcsr_read(CSR_ECFG))))
		return;
	if (!left) {
		guest_timer_expired(tcfg);
		return;
	}
	if (left == LA_TIMER_OFF) {
		__asm__ volatile("dbar 0\n\tidle 0" ::: "memory");
		return;
	}
	wait_with_timer(tcfg, left);
}
