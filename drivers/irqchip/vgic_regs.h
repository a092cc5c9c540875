/*
 * Register rules shared by the emulated distributor (vgicd.c) and
 * redistributors (vgicr.c): which interrupts a zone sees, which access
 * sizes a register takes, and the registers whose content is virtual
 * (priorities, GICv2 targets, GICv3 routes). docs/gic-conformance.md.
 */
#ifndef CVISOR_DRIVERS_VGIC_REGS_H
#define CVISOR_DRIVERS_VGIC_REGS_H

#include "drivers/irqchip/vgic.h"

/* An SGI, or a PPI the zone owns (its timers). */
static inline bool vgic_local_visible(u32 irq)
{
	return irq < 16 || (irq < GIC_FIRST_SPI && (gic.guest_ppis & BIT(irq)));
}

/* An SPI the zone owns or an emulated device's virtual SPI. */
static inline bool vgic_spi_visible(const struct vgic_dist *d, u32 irq)
{
	return irq >= GIC_FIRST_SPI && irq < gic.nr_irqs &&
	       (zone_owns_irq(d->zone, irq) || vgic_is_virtual_spi(d, irq));
}

/* An access the register takes: naturally aligned, 4 bytes, or 1 where
 * the architecture allows bytes (IHI 0048B 4.1.4, IHI 0069 12.1.3). Any
 * other access reads as zero and is ignored. */
static inline bool vgic_size_ok(const struct mmio_access *a, bool bytes)
{
	return (a->size == 4 || (bytes && a->size == 1)) &&
	       (a->offset & (a->size - 1)) == 0;
}

/* IPRIORITYR bytes starting at interrupt `first`: v's banked SGIs and
 * PPIs below 32 (GICv2 GICD, GICv3 GICR of v), SPIs above. */
void vgic_priority(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a,
		   u32 first);
/* GICv2 GICD_ITARGETSR at offset `first` (an interrupt number). */
void vgic_itargetsr(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a,
		    u32 first);
/* GICv3 GICD_IROUTER of SPI irq; `high` for the upper word alone. */
void vgic_irouter(struct vgic_dist *d, struct mmio_access *a, u32 irq,
		  bool high);
/* A write touched an interrupt the zone does not own: log (limited). */
void vgic_note_refused(struct vgic_dist *d, struct vcpu *v,
		       const struct mmio_access *a, u32 irq);

#endif
