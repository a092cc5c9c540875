/* Per-zone virtual GIC set-up and tear-down. */
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "drivers/irqchip/vgic.h"

int vgic_zone_init(struct zone *zone)
{
	struct vgic_dist *d = hv_alloc(sizeof(*d));
	int err;

	if (!d)
		return -CV_ENOMEM;
	d->zone = zone;
	for (u32 i = 0; i < MAX_CPUS; i++)
		d->waker[i] = BIT(1); /* GICR_WAKER.ProcessorSleep at reset */
	zone->arch.vgic = d;
	err = vgicd_register(zone, d);
	if (!err && gic.version == 3)
		err = vgicr_register(zone, d);
	/* GICv2: the guest's GICC is the GICV frame, mapped in stage 2. */
	if (!err && gic.version == 2)
		err = pt_map(&zone->s2, ipa_init(pa_addr(gic.gicc)), gic.gicv,
			     gic.gicv_size, PT_READ | PT_WRITE | PT_DEVICE);
	return err;
}

void vgic_zone_destroy(struct zone *zone)
{
	hv_free(zone->arch.vgic);
	zone->arch.vgic = NULL;
}
