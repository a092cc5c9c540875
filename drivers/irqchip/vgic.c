/*
 * Virtual interrupt delivery through the list registers, and the routing
 * of physical interrupts taken at EL2 to the zone that owns them.
 */
#include "drivers/irqchip/vgic.h"

#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"

static bool is_level_virq(const struct vcpu *vcpu, u32 vintid)
{
	return vgic_is_virtual_spi(vcpu->zone->arch.vgic, vintid);
}

static struct lr_value make_lr(u32 vintid, bool hw, u32 pintid, bool eoi)
{
	return (struct lr_value){
	    .vintid = vintid,
	    .pintid = pintid,
	    .priority = GIC_DEFAULT_PRIO,
	    .hw = hw,
	    .group1 = gic.version == 3,
	    .eoi_notify = eoi,
	    .state = LR_PENDING,
	};
}

/* place() when some list register is busy: read them all, decide. */
static __attribute__((noinline)) bool place_busy(struct vcpu *vcpu, u32 vintid,
						 bool hw, u32 pintid, u64 empty)
{
	struct lr_value lrs[VGIC_MAX_LRS], lr;
	u32 nr = gic_ops->nr_lrs(), slot;

	for (u32 i = 0; i < nr; i++) {
		if (!(empty & (1ull << i)))
			gic_ops->read_lr(i, &lrs[i]);
		else
			lrs[i].state = LR_INVALID;
	}
	switch (vgic_lr_decide(lrs, nr, empty, vintid, hw, &slot)) {
	case LR_USE_FREE:
		lr = make_lr(vintid, hw, pintid,
			     !hw && is_level_virq(vcpu, vintid));
		gic_ops->write_lr(slot, &lr);
		return true;
	case LR_ADD_PENDING:
		lr = lrs[slot];
		lr.state = LR_PENDING_ACTIVE;
		gic_ops->write_lr(slot, &lr);
		return true;
	case LR_MERGED:
		return true;
	default:
		return false;
	}
}

/* Try to place vintid in an LR now; false when it must wait. Level
 * (virtual SPI) interrupts ask for a maintenance interrupt at EOI. */
static bool place(struct vcpu *vcpu, u32 vintid, bool hw, u32 pintid)
{
	static u64 all_lrs; /* ICH_ELRSR / GICH_ELRSR: every LR empty */
	u64 empty = gic_ops->empty_lrs();
	struct lr_value lr;

	if (!all_lrs)
		all_lrs = BITS(gic_ops->nr_lrs() - 1, 0);
	/* The usual case, one interrupt at a time: no LR can hold vintid,
	 * so none needs reading. */
	if (empty != all_lrs)
		return place_busy(vcpu, vintid, hw, pintid, empty);
	lr = make_lr(vintid, hw, pintid, !hw && is_level_virq(vcpu, vintid));
	gic_ops->write_lr(0, &lr);
	return true;
}

int vgic_inject(struct vcpu *vcpu, u32 vintid, bool hw, u32 pintid)
{
	struct vgic_pending *q = &vcpu->arch.pending;

	vcpu->nr_irqs++;
	if (!q->count && place(vcpu, vintid, hw, pintid))
		return 0;
	/* Queued interrupts are software ones or re-fires of a hardware
	 * one; either way the guest sees them once an LR frees up. */
	if (!vgic_pending_push(q, vintid)) {
		pr_warn("zone %u vcpu%u: interrupt %u not queued: queue full",
			vcpu->zone->id, vcpu->id, vintid);
		vgic_virtual_undelivered(vcpu->zone, vintid, false);
		return -CV_ENOMEM;
	}
	gic_ops->set_underflow_irq(true);
	return 0;
}

void vgic_refill(struct vcpu *vcpu)
{
	struct vgic_pending *q = &vcpu->arch.pending;
	u32 vintid;

	while (q->count) {
		vintid = q->intid[0];
		/* Queued hardware interrupts go in as software ones: the
		 * physical one was already deactivated when it was queued. */
		if (!place(vcpu, vintid, false, 0))
			break;
		vgic_pending_pop(q, &vintid);
	}
	gic_ops->set_underflow_irq(q->count != 0);
}

void vgic_vcpu_reset(struct vcpu *vcpu)
{
	vcpu->arch.pending = (struct vgic_pending){0};
	__atomic_store_n(&vcpu->arch.sgis_posted, 0, __ATOMIC_RELAXED);
	gic_ops->reset_virtual_cpu();
}

void vgic_inject_event(struct vcpu *vcpu, u64 arg)
{
	if (vcpu->state == VCPU_ON)
		vgic_inject(vcpu, (u32)(arg & 0xffff), false,
			    (u32)((arg >> 16) & 0xffff));
	else
		vgic_inject_dropped(vcpu, arg);
}

/* The vCPU is off (or not started yet): an SGI is lost, as a real one to
 * a PE that is off; a virtual SPI stays pending in the distributor. */
void vgic_inject_dropped(struct vcpu *vcpu, u64 arg)
{
	vgic_virtual_undelivered(vcpu->zone, (u32)(arg & 0xffff), false);
}

void vgic_deliver(struct vcpu *target, u32 vintid, u32 source)
{
	u64 arg = vintid | (u64)source << 16;

	if (target->pcpu == this_cpu()->id) {
		vgic_inject_event(target, arg);
		return;
	}
	if (event_send(target->pcpu, EVENT_INJECT_IRQ, arg)) {
		pr_warn("zone %u: interrupt %u to vcpu%u not sent: event queue "
			"full",
			target->zone->id, vintid, target->id);
		vgic_virtual_undelivered(target->zone, vintid, false);
	}
}

u32 vgic_allowed_mask(const struct zone *zone, u32 first)
{
	u32 mask = 0;

	if (first == 0)
		return gic.guest_ppis;
	for (u32 i = 0; i < 32; i++) {
		if (zone_owns_irq(zone, first + i))
			mask |= 1u << i;
	}
	return mask;
}

/* The guest deactivated interrupts injected with eoi_notify: free their
 * LRs and let the virtual line be sampled again. */
static void handle_eois(struct vcpu *vcpu)
{
	u64 eisr = gic_ops->eoi_lrs();

	for (u32 i = 0; eisr; i++, eisr >>= 1) {
		struct lr_value lr;

		if (!(eisr & 1))
			continue;
		gic_ops->read_lr(i, &lr);
		gic_ops->write_lr(i, &(struct lr_value){0});
		vgic_virtual_eoi(vcpu->zone, lr.vintid);
	}
}

static void handle_guest_irq(struct vcpu *vcpu, u32 intid)
{
	gic_ops->eoi(intid);
	if (vcpu && vcpu->state == VCPU_ON) {
		/* HW=1: the guest's deactivation deactivates intid. */
		if (!place(vcpu, intid, true, intid)) {
			gic_ops->deactivate(intid);
			vgic_inject(vcpu, intid, false, 0);
		}
		vcpu->nr_irqs++;
		return;
	}
	gic_ops->deactivate(intid);
}

/* cvisor's IPI: the guest SGIs posted for this CPU's vCPU, events. */
static void vgic_handle_ipi(void)
{
	struct percpu *cpu = this_cpu();

	gic_ops->eoi(GIC_IPI_SGI);
	gic_ops->deactivate(GIC_IPI_SGI);
	vgic_take_posted_sgis(cpu->vcpu);
	event_process_all(); /* returns at once when nothing is queued */
}

void vgic_handle_irq(u32 intid)
{
	struct percpu *cpu;

	if (intid == GIC_IPI_SGI) {
		vgic_handle_ipi();
		return;
	}
	cpu = this_cpu();
	if (intid >= GIC_FIRST_SPI && hv_irq_handle(intid)) {
		gic_ops->eoi(intid);
		gic_ops->deactivate(intid);
		return;
	}
	if (intid == gic.maint_irq) {
		gic_ops->eoi(intid);
		gic_ops->deactivate(intid);
		if (cpu->vcpu) {
			handle_eois(cpu->vcpu);
			vgic_refill(cpu->vcpu);
		}
		return;
	}
	if ((intid < GIC_FIRST_SPI && (gic.guest_ppis & (1u << intid))) ||
	    (cpu->zone && zone_owns_irq(cpu->zone, intid))) {
		handle_guest_irq(cpu->vcpu, intid);
		return;
	}
	pr_warn("interrupt %u has no owner on this CPU: dropped", intid);
	gic_ops->eoi(intid);
	gic_ops->deactivate(intid);
}

/* The vCPU leaves its pCPU: deactivate the physical interrupts its list
 * registers still hold (HW=1: only the guest's EOI would have), give the
 * virtual SPIs it held back to the distributor, pending, and start the
 * next vCPU here with empty list registers. */
void vgic_vcpu_quiesce(struct vcpu *vcpu)
{
	u32 nr = gic_ops->nr_lrs();

	/* EOIs the guest did before it left (ICH_EISR_EL2 / GICH_EISR):
	 * their lines are sampled, as at a maintenance interrupt. */
	handle_eois(vcpu);
	for (u32 i = 0; i < nr; i++) {
		struct lr_value lr;

		gic_ops->read_lr(i, &lr);
		if (lr.hw && lr.state != LR_INVALID)
			gic_ops->deactivate(lr.pintid);
		/* A virtual SPI here will see no EOI: the distributor
		 * keeps it (vgic_virtual.c); ELRSR-empty LRs hold nothing. */
		else if (lr.state != LR_INVALID)
			vgic_virtual_undelivered(vcpu->zone, lr.vintid,
						 lr.state == LR_ACTIVE);
		gic_ops->write_lr(i, &(struct lr_value){0});
	}
	for (u32 i = 0; i < vcpu->arch.pending.count; i++)
		vgic_virtual_undelivered(vcpu->zone,
					 vcpu->arch.pending.intid[i], false);
	vcpu->arch.pending = (struct vgic_pending){0};
	gic_ops->set_underflow_irq(false);
}
