/* What the guest SBI needs from the hart: the VS timer, VS software
 * interrupts, remote fences; and the trap-frame side of an SBI call. */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/riscv.h"
#include "arch/riscv64/vsbi.h"
#include "cvisor/event.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/uart/vns16550.h"

/* Sstc: the guest's vstimecmp, which raises VSTIP by itself (and clears
 * it when moved to the future). Without Sstc: the firmware timer, whose
 * interrupt cvisor turns into hvip.VSTIP. */
void riscv_vcpu_set_timer(u64 when)
{
	if (riscv_has_sstc()) {
		csr_write(CSR_VSTIMECMP, when);
		return;
	}
	csr_clear(CSR_HVIP, BIT(IRQ_VS_TIMER));
	sbi_call(SBI_EXT_TIME, 0, when, 0, 0, 0);
}

/* A VS interrupt the guest can take: pending in hip (hvip, vstimecmp,
 * its IMSIC guest file through hgeip and hstatus.VGEIN) and enabled in
 * its vsie, which names them at the S-level positions (VSSIP bit 2 <->
 * SSIE bit 1, VSTIP 6 <-> STIE 5, VSEIP 10 <-> SEIE 9). */
static bool vs_irq_pending(void)
{
	u64 vs = BIT(IRQ_VS_SOFT) | BIT(IRQ_VS_TIMER) | BIT(IRQ_VS_EXT);

	return ((csr_read(CSR_HIP) & vs) >> 1) & csr_read(CSR_VSIE);
}

/* SBI HSM retentive suspend: WFI in HS-mode. The guest's vsie bits are
 * hie's VS bits (hideleg delegates them), so a VS interrupt it enabled
 * ends the WFI like cvisor's own events (which may raise one: an SBI IPI
 * from another vCPU sets hvip.VSSIP). Stopping the zone meanwhile ends
 * the vCPU from the event handler. */
void riscv_vcpu_suspend(struct vcpu *vcpu)
{
	__atomic_store_n(&vcpu->arch.suspended, true, __ATOMIC_RELEASE);
	while (!vs_irq_pending())
		arch_wait_interrupt();
	__atomic_store_n(&vcpu->arch.suspended, false, __ATOMIC_RELEASE);
}

void riscv_vcpu_send_soft_irq(struct vcpu *target)
{
	if (target->pcpu == this_cpu()->id)
		csr_set(CSR_HVIP, BIT(IRQ_VS_SOFT));
	else
		event_send(target->pcpu, EVENT_INJECT_IRQ, IRQ_VS_SOFT);
}

_Static_assert(MAX_CPUS <= 64, "vCPU masks (vmask) are 64 bits");

/* The harts of the vCPUs in vmask whose hart id lies in [base, base+64),
 * as an SBI hart mask relative to base (SBI 2.0, 3.1: hart_mask_base);
 * those vCPUs are added to *covered. */
static u64 hart_mask_at(struct zone *zone, u64 vmask, u64 base, u64 *covered)
{
	u64 harts = 0;

	for (u32 i = 0; i < zone->nr_vcpus && i < MAX_CPUS; i++) {
		u64 hwid = percpu_get(zone->vcpus[i].pcpu)->hwid;

		if ((vmask & (1ull << i)) && hwid - base < 64) {
			harts |= 1ull << (hwid - base);
			*covered |= 1ull << i;
		}
	}
	return harts;
}

static struct sbiret remote_fence_at(u64 fid, u64 harts, u64 base, u64 start,
				     u64 size)
{
	if (fid == SBI_RFENCE_FENCE_I)
		return sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, harts, base,
				0, 0);
	return sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_HFENCE_VVMA, harts, base,
			start, size);
}

/* fence.i goes to the firmware as it is; a guest's sfence.vma becomes
 * HFENCE.VVMA on the target harts, which run this zone's VMID (any ASID
 * is widened to all: more invalidation, never less). One call per window
 * of 64 hart ids the targets fall in (a hart id may be 64 or more). The
 * firmware's first error goes back to vsbi.c, which logs it and tells
 * the guest. */
s64 riscv_zone_remote_fence(struct zone *zone, u64 vmask, u64 fid, u64 start,
			    u64 size)
{
	u64 done = 0; /* vCPUs whose window has been sent */

	for (u32 i = 0; i < zone->nr_vcpus && i < MAX_CPUS; i++) {
		u64 base, harts;
		struct sbiret r;

		if (!(vmask & (1ull << i)) || (done & (1ull << i)))
			continue;
		base = percpu_get(zone->vcpus[i].pcpu)->hwid & ~63ull;
		harts = hart_mask_at(zone, vmask, base, &done);
		r = remote_fence_at(fid, harts, base, start, size);
		if (r.error)
			return r.error;
	}
	return SBI_SUCCESS;
}

/* After a non-retentive HSM suspend (SBI 2.0, 9.4): S-mode at
 * resume_addr, a0 = hartid, a1 = opaque, satp = 0 (vsatp) and
 * sstatus.SIE = 0 (vsstatus bit 1); other registers are undefined. */
static void resume_at(struct vcpu *vcpu, struct trap_frame *f,
		      const struct vsbi_call *c)
{
	csr_write(CSR_VSATP, 0);
	csr_clear(CSR_VSSTATUS, SSTATUS_SIE);
	f->sepc = c->resume_addr;
	f->x[10] = vcpu->id;
	f->x[11] = c->resume_arg;
	f->hstatus |= HSTATUS_SPVP;
	f->sstatus |= SSTATUS_SPP;
}

void riscv_vsbi_call(struct vcpu *vcpu, struct trap_frame *f)
{
	struct vsbi_call c = {
	    .ext = f->x[17],
	    .fid = f->x[16],
	    .a = {f->x[10], f->x[11], f->x[12], f->x[13], f->x[14], f->x[15]},
	};
	struct sbiret r = vsbi_handle(vcpu, &c);

	if (c.resume) {
		resume_at(vcpu, f, &c);
		return;
	}
	f->x[10] = (u64)r.error;
	if (c.ext > SBI_EXT_LEGACY_SHUTDOWN)
		f->x[11] = (u64)r.value;
}

void riscv_zone_console_write(struct zone *zone, const char *s, size_t n)
{
	vns16550_write(zone, s, n);
}

int riscv_zone_console_getc(struct zone *zone)
{
	return vns16550_getc(zone);
}
