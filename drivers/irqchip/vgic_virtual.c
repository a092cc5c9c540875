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

struct vcpu *vgic_spi_target(struct vgic_dist *d, u32 irq)
{
	u32 v = 0;

	if (gic.version == 3 && !(d->v3_route[irq] & BIT(31)))
		v = (u32)(d->v3_route[irq] & 0xff);
	else if (gic.version == 2 && d->v2_targets[irq])
		v = (u32)__builtin_ctz(d->v2_targets[irq]);
	return &d->zone->vcpus[v < d->zone->nr_vcpus ? v : 0];
}

/* With d->lock held: inject irq if it should be and is not in flight. */
static bool should_fire(struct vgic_dist *d, u32 irq)
{
	if (!bitmap_test(d->vlevel, irq) || !bitmap_test(d->venabled, irq) ||
	    bitmap_test(d->vinflight, irq))
		return false;
	bitmap_assign(d->vinflight, irq, true);
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
	}
	spin_unlock(&d->lock);
}
