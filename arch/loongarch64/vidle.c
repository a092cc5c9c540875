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
 * constant timer (TCFG = En | InitVal) with the guest's TVAL and lets its
 * TI line (ECFG.LIE bit 11) end the wait; when it fires, the guest's timer
 * has run out: its interrupt is raised in guest ESTAT.IS bit 11 and, for
 * a one-shot timer, guest TCFG.En is cleared (what the hardware does on
 * expiry). cvisor's own IPI (LIE bit 12, always enabled) also ends the
 * wait: an event for this CPU (another vCPU's IPI, a zone stop) is then
 * taken as an interrupt exit right after the guest is entered again.
 * IDLE with CRMD.IE = 0 ends on a pending enabled line without taking it.
 * (A first version trusted TVAL blindly and armed the root timer with a
 * wrapped count when the guest's timer had just run out: the vCPU then
 * waited for an IPI that never came.)
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

void la_guest_idle(struct vcpu *v)
{
	u64 is = ESTAT_IS(gcsr_read(CSR_ESTAT)) | (u64)v->arch.gintc_hwis << 2;
	u64 tcfg = gcsr_read(CSR_TCFG);
	u64 left = la_guest_timer_left(tcfg, gcsr_read(CSR_TVAL));
	bool timer = left != LA_TIMER_OFF, fired;

	if (la_guest_irq_ready(is, FIELD_GET(12, 0, gcsr_read(CSR_ECFG))))
		return;
	if (!left) {
		guest_timer_expired(tcfg);
		return;
	}
	if (timer) {
		csr_write(CSR_TCFG, left | TCFG_EN);
		csr_xchg(CSR_ECFG, INT_TI, INT_TI);
	}
	__asm__ volatile("dbar 0\n\tidle 0" ::: "memory");
	if (!timer)
		return;
	fired = csr_read(CSR_ESTAT) & INT_TI;
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TICLR, 1);
	csr_xchg(CSR_ECFG, 0, INT_TI);
	if (fired)
		guest_timer_expired(tcfg);
}
