/*
 * Virtual SPIs: interrupt lines of emulated devices (the zone's console,
 * doorbells). They are level-sensitive: while the device holds the line
 * high and the guest has it enabled, it is injected; each EOI (a
 * maintenance interrupt, asked for with the LR's EOI bit) samples the
 * line again.
 */
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/vgic.h"

void vgic_add_virtual_spi(struct zone *zone, u32 irq)
{
	struct vgic_dist *d = zone->arch.vgic;

	bitmap_assign(d->vspi, irq, true);
	d->prio[irq] = GIC_DEFAULT_PRIO;
}

static bool is_on(const struct vcpu *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON;
}

/* The first running vCPU of a mask of vCPU ids, else the lowest named. */
static u32 first_running(const struct zone *zone, u64 mask)
{
	for (u64 m = mask; m; m &= m - 1) {
		u32 v = (u32)__builtin_ctzll(m);

		if (v < zone->nr_vcpus && is_on(&zone->vcpus[v]))
			return v;
	}
	return mask ? (u32)__builtin_ctzll(mask) : 0;
}

/*
 * GICv3 GICD_IROUTER<n>.Interrupt_Routing_Mode (bit 31) = 1: any
 * participating PE may take it (1 of N); = 0: only Aff0 [7:0] (our vCPU
 * ids). GICv2 GICD_ITARGETSR<n>: each set bit names a CPU interface that
 * may take it. A running vCPU among those allowed is chosen; with none
 * running, the interrupt stays pending in the distributor for the one
 * named (IHI 0069 4.5, IHI 0048B 3.1.1).
 */
struct vcpu *vgic_spi_target(struct vgic_dist *d, u32 irq)
{
	struct zone *zone = d->zone;
	u64 all = zone->nr_vcpus >= 64 ? ~0ull : BIT(zone->nr_vcpus) - 1;
	u32 v = 0;

	if (gic.version == 3 && !(d->v3_route[irq] & BIT(31)))
		v = (u32)(d->v3_route[irq] & 0xff);
	else if (gic.version == 3)
		v = first_running(zone, all);
	else if (d->v2_targets[irq])
		v = first_running(zone, d->v2_targets[irq]);
	return &zone->vcpus[v < zone->nr_vcpus ? v : 0];
}

/* With d->lock held: inject irq if it is pending (the line is high, or a
 * delivery of it was dropped) and enabled, and not in flight. */
static bool should_fire(struct vgic_dist *d, u32 irq)
{
	if ((!bitmap_test(d->vlevel, irq) && !bitmap_test(d->vpending, irq)) ||
	    !bitmap_test(d->venabled, irq) || bitmap_test(d->vinflight, irq))
		return false;
	bitmap_assign(d->vinflight, irq, true);
	bitmap_assign(d->vpending, irq, false);
	return true;
}

static void update(struct vgic_dist *d, u32 irq)
{
	bool fire;

	spin_lock(&d->lock);
	fire = should_fire(d, irq);
	spin_unlock(&d->lock);
	if (fire)
		vgic_deliver(vgic_spi_target(d, irq), irq, 0);
}

void vgic_set_level(struct zone *zone, u32 irq, bool level)
{
	struct vgic_dist *d = zone->arch.vgic;

	spin_lock(&d->lock);
	bitmap_assign(d->vlevel, irq, level);
	spin_unlock(&d->lock);
	update(d, irq);
}

void vgic_enable_virtual_spi(struct vgic_dist *d, u32 irq, bool on)
{
	spin_lock(&d->lock);
	bitmap_assign(d->venabled, irq, on);
	spin_unlock(&d->lock);
	update(d, irq);
}

void vgic_virtual_eoi(struct zone *zone, u32 irq)
{
	struct vgic_dist *d = zone->arch.vgic;

	if (!vgic_is_virtual_spi(d, irq))
		return;
	spin_lock(&d->lock);
	bitmap_assign(d->vinflight, irq, false);
	spin_unlock(&d->lock);
	update(d, irq);
}

/*
 * The zone stopped (all its vCPUs parked, their list registers cleared):
 * a virtual SPI that was in a list register will never see its EOI, and
 * while marked in flight it would never be injected again. Found by the
 * soak (tests/soak/): a zone restarted while a doorbell was in flight
 * heard no doorbell after that.
 *
 * The guest's enables go too, as after a reset of the distributor (the
 * next boot enables what it uses, GICD_ISENABLER): a device that raises
 * its line while the zone is stopped then finds it disabled, instead of
 * marking it in flight for a vCPU that is off, whose injection would be
 * dropped (issue 12: a virtio completion during `zone restart` left the
 * disk's interrupt stuck for the next boot).
 */
void vgic_zone_stopped(struct zone *zone)
{
	struct vgic_dist *d = zone->arch.vgic;

	spin_lock(&d->lock);
	for (u32 i = 0; i < ARRAY_SIZE(d->vinflight); i++) {
		d->vinflight[i] = 0;
		d->venabled[i] = 0;
		d->vpending[i] = 0;
	}
	spin_unlock(&d->lock);
}

/*
 * The injection of irq (marked in flight) did not reach a running vCPU:
 * the target was off or not started yet (PSCI CPU_OFF, before CPU_ON),
 * stopped while it held irq in a list register, or a queue was full.
 * Marked in flight it would never be injected again (no EOI will come):
 * it goes back to the distributor, pending, as on a GIC a pending SPI
 * whose target PE is off stays pending (IHI 0069 4.5). Not re-injected
 * here: the caller is the vCPU going off, or its CPU dropping an event;
 * vgic_virtual_retry() and the line's next event deliver it.
 */
void vgic_virtual_undelivered(struct zone *zone, u32 irq, bool taken)
{
	struct vgic_dist *d = zone->arch.vgic;

	if (!vgic_is_virtual_spi(d, irq))
		return;
	spin_lock(&d->lock);
	if (bitmap_test(d->vinflight, irq)) {
		bitmap_assign(d->vinflight, irq, false);
		/* Taken (active) by the guest and never EOIed: pending
		 * again only while the device still holds the line. */
		if (!taken || bitmap_test(d->vlevel, irq))
			bitmap_assign(d->vpending, irq, true);
	}
	spin_unlock(&d->lock);
}

/* Deliver what the distributor holds pending (a vCPU of the zone now
 * runs, or irq was routed elsewhere): each to its target now. */
void vgic_virtual_retry(struct zone *zone)
{
	struct vgic_dist *d = zone->arch.vgic;
	u64 word;

	for (u32 w = 0; w < ARRAY_SIZE(d->vpending); w++) {
		word = __atomic_load_n(&d->vpending[w], __ATOMIC_RELAXED);
		for (; word; word &= word - 1)
			update(d, w * 64 + (u32)__builtin_ctzll(word));
	}
}

void vgic_virtual_rerouted(struct vgic_dist *d, u32 irq)
{
	if (vgic_is_virtual_spi(d, irq))
		update(d, irq);
}
