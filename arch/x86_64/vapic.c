/*
 * The virtual interrupt controllers wired to VMX (see vapic.h).
 * Each vCPU's vlapic has a lock: IPIs and IOAPIC messages from other
 * CPUs set IRR bits and kick the target's physical CPU with cvisor's
 * IPI, whose external-interrupt exit (or wake-up from HLT) leads to
 * vapic_before_entry() there.
 */
#include "arch/x86_64/vapic.h"

#include "arch/x86_64/vioapic.h"
#include "arch/x86_64/vlapic.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/mmio.h"
#include "cvisor/percpu.h"
#include "cvisor/vcpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/lapic.h"

/* Interruptibility state: blocking by STI [0], by MOV SS [1]. */
#define BLOCKING_STI_MOVSS BITS(1, 0)

static void kick(struct vcpu *v)
{
	if (v->pcpu != this_cpu()->id)
		arch_irqchip_send_ipi(v->pcpu);
}

static void deliver_fixed(struct vcpu *v, u8 vector, bool level)
{
	spin_lock(&v->arch.lapic_lock);
	vlapic_accept(&v->arch.lapic, vector, level);
	spin_unlock(&v->arch.lapic_lock);
	kick(v);
}

/* INIT then STARTUP (SDM 8.4.4.1): an off vCPU starts in real mode at
 * vector << 12. INIT to a running vCPU is not emulated (logged). */
static void deliver_init_sipi(struct vcpu *v, const struct vlapic_ipi *ipi)
{
	if (ipi->mode == ICR_INIT) {
		if (ipi->level_deassert)
			return;
		if (!vcpu_is_off(v))
			zone_warn(v->zone,
				  "zone %u: INIT to running vcpu%u "
				  "ignored",
				  v->zone->id, v->id);
		v->arch.init_seen = true;
		return;
	}
	if (!v->arch.init_seen || !vcpu_is_off(v))
		return; /* the second STARTUP of the pair, or no INIT */
	v->arch.init_seen = false;
	v->arch.sipi_vector = ipi->vector;
	v->arch.start_real_mode = true;
	if (vcpu_request_start(v, (u64)ipi->vector << 12, 0))
		v->arch.start_real_mode = false;
}

static bool selected(struct vcpu *self, struct vcpu *v,
		     const struct vlapic_ipi *ipi)
{
	switch (ipi->shorthand) {
	case DEST_SELF:
		return v == self;
	case DEST_ALL:
		return true;
	case DEST_OTHERS:
		return v != self;
	default:
		return vlapic_match(&v->arch.lapic, ipi->dest, ipi->logical);
	}
}

static void send_ipi(struct vcpu *self, const struct vlapic_ipi *ipi)
{
	struct zone *zone = self->zone;

	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		struct vcpu *v = &zone->vcpus[i];

		if (!selected(self, v, ipi))
			continue;
		if (ipi->mode == ICR_FIXED || ipi->mode == ICR_LOWEST)
			deliver_fixed(v, ipi->vector, false);
		else if (ipi->mode == ICR_INIT || ipi->mode == ICR_SIPI)
			deliver_init_sipi(v, ipi);
		else
			zone_warn(zone,
				  "zone %u vcpu%u: IPI delivery mode %u "
				  "to vcpu%u not emulated",
				  zone->id, self->id, ipi->mode, v->id);
	}
}

static void ioapic_deliver(struct zone *zone, const struct vioapic_msg *m)
{
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		struct vcpu *v = &zone->vcpus[i];

		if (!vlapic_match(&v->arch.lapic, m->dest, m->logical))
			continue;
		deliver_fixed(v, m->vector, m->level);
		if (m->mode == ICR_LOWEST)
			return; /* one of them */
	}
}

static void ioapic_eoi(struct zone *zone, u8 vector)
{
	struct vioapic_msg m;
	bool again;

	spin_lock(&zone->arch.ioapic_lock);
	again = vioapic_eoi(&zone->arch.ioapic, vector, &m);
	spin_unlock(&zone->arch.ioapic_lock);
	if (again)
		ioapic_deliver(zone, &m);
}

static int lapic_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vlapic_ipi ipi = {0}; /* set by vlapic_write only */
	int eoi_vector = -1;

	(void)priv;
	if (a->size != 4 || (a->offset & 0xf))
		return -CV_EINVAL; /* 11.4.1: 32-bit aligned accesses only */
	spin_lock(&vcpu->arch.lapic_lock);
	if (a->write)
		eoi_vector = vlapic_write(&vcpu->arch.lapic, (u32)a->offset,
					  (u32)a->value, rdtsc(), &ipi);
	else
		a->value =
		    vlapic_read(&vcpu->arch.lapic, (u32)a->offset, rdtsc());
	spin_unlock(&vcpu->arch.lapic_lock);
	if (a->write && ipi.valid && a->offset == APIC_ICR_LO)
		send_ipi(vcpu, &ipi);
	if (eoi_vector >= 0)
		ioapic_eoi(vcpu->zone, (u8)eoi_vector);
	return 0;
}

static int ioapic_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct zone *zone = priv;
	struct vioapic_msg m;
	bool deliver = false;

	(void)vcpu;
	if (a->size != 4)
		return -CV_EINVAL;
	spin_lock(&zone->arch.ioapic_lock);
	if (a->write)
		deliver = vioapic_write(&zone->arch.ioapic, (u32)a->offset,
					(u32)a->value, &m);
	else
		a->value = vioapic_read(&zone->arch.ioapic, (u32)a->offset);
	spin_unlock(&zone->arch.ioapic_lock);
	if (deliver)
		ioapic_deliver(zone, &m);
	return 0;
}

int vapic_zone_init(struct zone *zone)
{
	int err;

	zone->arch.vapic = true;
	vioapic_reset(&zone->arch.ioapic);
	zone->arch.ioapic_lock = (spinlock_t)SPINLOCK_INIT;
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		zone->vcpus[i].arch.lapic_lock = (spinlock_t)SPINLOCK_INIT;
		vapic_vcpu_reset(&zone->vcpus[i]);
	}
	err = mmio_register(&zone->mmio, ipa_init(VLAPIC_BASE), VLAPIC_SIZE,
			    lapic_access, zone, "lapic");
	if (!err)
		err =
		    mmio_register(&zone->mmio, ipa_init(VIOAPIC_BASE),
				  VIOAPIC_SIZE, ioapic_access, zone, "ioapic");
	return err;
}

void vapic_zone_reset(struct zone *zone)
{
	if (!zone->arch.vapic)
		return;
	spin_lock(&zone->arch.ioapic_lock);
	vioapic_reset(&zone->arch.ioapic);
	spin_unlock(&zone->arch.ioapic_lock);
}

/*
 * The vCPU (re)starts with its local APIC reset. A level interrupt the
 * I/O APIC sent it while it was off (or that it had in service) will see
 * no EOI, and with the pin's Remote IRR [14] set the pin would never be
 * delivered again: the reset counts as its EOI, so a pin still high is
 * sent again (to this vCPU, now running, if the entry still names it).
 */
void vapic_vcpu_reset(struct vcpu *vcpu)
{
	u32 level[8];

	spin_lock(&vcpu->arch.lapic_lock);
	vlapic_unfinished_level(&vcpu->arch.lapic, level);
	vlapic_reset(&vcpu->arch.lapic, vcpu->id);
	spin_unlock(&vcpu->arch.lapic_lock);
	for (u32 i = 0; i < 8; i++) {
		for (u32 w = level[i]; w; w &= w - 1)
			ioapic_eoi(vcpu->zone,
				   (u8)(32 * i + (u32)__builtin_ctz(w)));
	}
}

void vapic_inject_vector(struct vcpu *vcpu, u8 vector)
{
	deliver_fixed(vcpu, vector, false);
}

void vapic_set_irq_level(struct zone *zone, u32 pin, bool level)
{
	struct vioapic_msg m;
	bool deliver;

	if (!zone->arch.vapic)
		return; /* no interrupt controller: the line goes nowhere */
	spin_lock(&zone->arch.ioapic_lock);
	deliver = vioapic_set_level(&zone->arch.ioapic, pin, level, &m);
	spin_unlock(&zone->arch.ioapic_lock);
	if (deliver)
		ioapic_deliver(zone, &m);
}

void vapic_set_tsc_deadline(struct vcpu *vcpu, u64 tsc)
{
	spin_lock(&vcpu->arch.lapic_lock);
	vlapic_set_deadline(&vcpu->arch.lapic, tsc, rdtsc());
	spin_unlock(&vcpu->arch.lapic_lock);
}

u64 vapic_get_tsc_deadline(struct vcpu *vcpu)
{
	return vlapic_get_deadline(&vcpu->arch.lapic);
}

void vapic_set_cr8(struct vcpu *vcpu, u64 v)
{
	spin_lock(&vcpu->arch.lapic_lock);
	vcpu->arch.lapic.tpr = (u32)(v & 0xf) << 4;
	spin_unlock(&vcpu->arch.lapic_lock);
}

u64 vapic_get_cr8(struct vcpu *vcpu)
{
	return vcpu->arch.lapic.tpr >> 4;
}

/* The host LAPIC's TSC-deadline timer follows this vCPU's next local
 * timer event (0 disarms it); written only when it changes. */
static void arm_host_timer(struct vcpu *vcpu, u64 when)
{
	if (vcpu->arch.host_deadline == when)
		return;
	vcpu->arch.host_deadline = when;
	lapic_timer_deadline(when);
}

static bool guest_interruptible(void)
{
	return (vmread(VMCS_GUEST_RFLAGS) & RFLAGS_IF) &&
	       !(vmread(VMCS_GUEST_INTERRUPTIBILITY) & BLOCKING_STI_MOVSS);
}

static void set_window_exiting(struct vcpu *vcpu, bool on)
{
	if (vcpu->arch.window_exiting == on)
		return;
	vcpu->arch.window_exiting = on;
	vmwrite(VMCS_PROC_CTLS,
		vmx_ctls.proc | (on ? PROC_INTR_WINDOW_EXITING : 0));
}

void vapic_before_entry(struct vcpu *vcpu)
{
	struct vlapic *a = &vcpu->arch.lapic;
	bool busy = vmread(VMCS_ENTRY_INTR_INFO) & INTR_INFO_VALID;
	int vector;
	u64 next;

	spin_lock(&vcpu->arch.lapic_lock);
	vlapic_timer_check(a, rdtsc());
	vector = vlapic_pending(a);
	if (vector >= 0 && !busy && guest_interruptible()) {
		vlapic_ack(a, (u8)vector);
		vmwrite(VMCS_ENTRY_INTR_INFO,
			INTR_INFO_VALID | INTR_TYPE_EXT_INTR | (u32)vector);
		vcpu->nr_irqs++;
		vector = vlapic_pending(a); /* another one waiting? */
	}
	next = a->next_fire;
	spin_unlock(&vcpu->arch.lapic_lock);
	set_window_exiting(vcpu, vector >= 0);
	arm_host_timer(vcpu, next);
}

void vapic_halt(struct vcpu *vcpu)
{
	struct vlapic *a = &vcpu->arch.lapic;
	bool ready;
	u64 next;

	spin_lock(&vcpu->arch.lapic_lock);
	vlapic_timer_check(a, rdtsc());
	ready = vlapic_pending(a) >= 0;
	next = a->next_fire;
	spin_unlock(&vcpu->arch.lapic_lock);
	if (ready)
		return;
	arm_host_timer(vcpu, next);
	arch_wait_interrupt(); /* the timer, an IPI, or a device */
}
