/* A zone's virtual PLIC: MMIO emulation and VS external interrupt lines
 * (the register state machine is plic_vstate.c). */
#include "drivers/irqchip/plic_virt.h"

#include "arch_hw.h"
#include "cvisor/errno.h"
#include "cvisor/event.h"
#include "cvisor/memory.h"
#include "cvisor/percpu.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "lib/spinlock.h"

#define PLIC_GUEST_BASE 0x0c000000ull /* QEMU virt, as the guest's DTB */
#define PLIC_GUEST_SIZE 0x04000000ull

struct vplic {
	struct zone *zone;
	spinlock_t lock;
	struct vplic_state st;
	u64 lines; /* vCPUs whose VSEIP was last signalled */
};

/* S-mode context of vCPU n is 2n + 1. */
static u32 context_of(u32 vcpu)
{
	return 2 * vcpu + 1;
}

void vplic_vcpu_update(struct vcpu *vcpu)
{
	struct vplic *p = vcpu->zone->arch.vplic;
	bool line;

	if (!p)
		return;
	spin_lock(&p->lock);
	line = vplic_state_best(&p->st, context_of(vcpu->id)) != 0;
	spin_unlock(&p->lock);
	if (line)
		csr_set(CSR_HVIP, BIT(IRQ_VS_EXT));
	else
		csr_clear(CSR_HVIP, BIT(IRQ_VS_EXT));
}

/* After a change (lock held): tell every vCPU whose line changed; its
 * own CPU recomputes the line (EVENT_INJECT_IRQ, IRQ_VS_EXT). */
static u64 changed_lines(struct vplic *p)
{
	u64 now = 0, diff;

	for (u32 i = 0; i < p->zone->nr_vcpus; i++) {
		if (vplic_state_best(&p->st, context_of(i)))
			now |= 1ull << i;
	}
	diff = now ^ p->lines;
	p->lines = now;
	return diff;
}

static void signal_lines(struct vplic *p, u64 diff)
{
	u32 self = this_cpu()->id;

	for (u32 i = 0; i < p->zone->nr_vcpus; i++) {
		struct vcpu *v = &p->zone->vcpus[i];

		if (!(diff & (1ull << i)))
			continue;
		if (v->pcpu == self)
			vplic_vcpu_update(v);
		else
			event_send(v->pcpu, EVENT_INJECT_IRQ, IRQ_VS_EXT);
	}
}

static int vplic_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vplic *p = priv;
	u32 val = 0, hw = 0;
	u64 diff;
	int err;

	if (a->size != 4)
		return -CV_EINVAL;
	spin_lock(&p->lock);
	if (a->write) {
		if (vplic_state_write_is_foreign(&p->st, a->offset,
						 (u32)a->value))
			zone_warn_kind(
			    vcpu->zone, &vcpu->zone->refused_irqchip,
			    "refused interrupt-controller writes",
			    "zone %u vcpu%u: PLIC write 0x%x at +0x%llx "
			    "names a source or context not its own: "
			    "ignored",
			    vcpu->zone->id, vcpu->id, (u32)a->value,
			    (unsigned long long)a->offset);
		err = vplic_state_write(&p->st, a->offset, (u32)a->value, &hw);
	} else {
		err = vplic_state_read(&p->st, a->offset, &val);
		a->value = val;
	}
	diff = changed_lines(p);
	spin_unlock(&p->lock);
	if (hw)
		plic_complete(hw);
	signal_lines(p, diff);
	return err;
}

static void change(struct zone *zone, u32 src, int how)
{
	struct vplic *p = zone->arch.vplic;
	u64 diff;

	if (!p)
		return;
	spin_lock(&p->lock);
	if (how < 0)
		vplic_state_raise_hw(&p->st, src);
	else
		vplic_state_set_level(&p->st, src, how);
	diff = changed_lines(p);
	spin_unlock(&p->lock);
	signal_lines(p, diff);
}

void vplic_forward_hw(struct zone *zone, u32 irq)
{
	change(zone, irq, -1);
}

void vplic_set_level(struct zone *zone, u32 src, bool level)
{
	change(zone, src, level);
}

/* vCPU 0 starting with the zone's other vCPUs off: the zone (re)starts. */
static bool zone_starting(struct vcpu *vcpu)
{
	if (vcpu->id)
		return false;
	for (u32 i = 1; i < vcpu->zone->nr_vcpus; i++) {
		if (!vcpu_is_off(&vcpu->zone->vcpus[i]))
			return false;
	}
	return true;
}

void vplic_vcpu_reset(struct vcpu *vcpu)
{
	struct vplic *p = vcpu->zone->arch.vplic;
	bool line = false;

	if (p) {
		spin_lock(&p->lock);
		if (zone_starting(vcpu)) {
			vplic_state_reset(&p->st);
			p->lines = 0;
		}
		line = vplic_state_line_at_start(&p->st, vcpu->id, &p->lines);
		spin_unlock(&p->lock);
	}
	/* hvip.VSEIP [10] follows the PLIC's line for the S context. */
	if (line)
		csr_set(CSR_HVIP, BIT(IRQ_VS_EXT));
	else
		csr_clear(CSR_HVIP, BIT(IRQ_VS_EXT));
}

int vplic_zone_init(struct zone *zone)
{
	struct vplic *p = hv_alloc(sizeof(*p));

	if (!p)
		return -CV_ENOMEM;
	p->zone = zone;
	p->lock = (spinlock_t)SPINLOCK_INIT;
	vplic_state_init(&p->st, plic_nr_irqs(), 2 * zone->nr_vcpus);
	for (u32 src = 1; src < plic_nr_irqs(); src++)
		vplic_state_set_absent(&p->st, src, !zone_owns_irq(zone, src));
	zone->arch.vplic = p;
	return mmio_register(&zone->mmio, ipa_init(PLIC_GUEST_BASE),
			     PLIC_GUEST_SIZE, vplic_access, p, "plic");
}

void vplic_declare_virq(struct zone *zone, u32 src)
{
	struct vplic *p = zone->arch.vplic;

	if (!p)
		return;
	spin_lock(&p->lock);
	vplic_state_set_absent(&p->st, src, false);
	spin_unlock(&p->lock);
}

void vplic_zone_destroy(struct zone *zone)
{
	hv_free(zone->arch.vplic);
	zone->arch.vplic = NULL;
}
