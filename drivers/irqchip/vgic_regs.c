/*
 * The distributor and redistributor registers whose content is kept per
 * zone (vgic_regs.h): priorities, GICv2 targets, GICv3 routes. What the
 * guest reads back is what it wrote, limited to the implemented bits; the
 * physical GIC gets a copy for the interrupts the zone owns.
 */
#include "drivers/irqchip/vgic_regs.h"

#include "cvisor/log.h"
#include "drivers/irqchip/vgic_phys.h"

/* GICD_IROUTER<n>: Aff3 [39:32], IRM [31], Aff2..Aff0 [23:0]; [63:40]
 * and [30:24] are RES0 (IHI 0069 12.9.22). */
#define IROUTER_FIELDS (BITS(39, 32) | BIT(31) | BITS(23, 0))

void vgic_note_refused(struct vgic_dist *d, struct vcpu *v,
		       const struct mmio_access *a, u32 irq)
{
	if (d->zone->refused_irqchip < VGIC_LOG_LIMIT)
		pr_warn("zone %u vcpu%u: GICD write at +0x%llx touches "
			"interrupt %u it does not own: ignored%s",
			d->zone->id, v->id, (unsigned long long)a->offset, irq,
			d->zone->refused_irqchip + 1 == VGIC_LOG_LIMIT
			    ? " (further ones are counted, not logged)"
			    : "");
	d->zone->refused_irqchip++;
}

static u8 *prio_slot(struct vgic_dist *d, const struct vcpu *v, u32 irq)
{
	if (irq < GIC_FIRST_SPI)
		return vgic_local_visible(irq) ? &d->prio_local[v->id][irq]
					       : NULL;
	return vgic_spi_visible(d, irq) ? &d->prio[irq] : NULL;
}

/* Interrupts of the zone that are physical keep their priority in the
 * physical GIC too (cvisor takes them at EL2 by it). */
static void priority_to_hw(struct vgic_dist *d, const struct vcpu *v, u32 irq,
			   u8 prio)
{
	u64 off = GICD_IPRIORITYR + irq;

	if (irq < 16 || vgic_is_virtual_spi(d, irq))
		return;
	if (irq < GIC_FIRST_SPI && gic.version == 3)
		vgic_phys_sgi_write(v->pcpu, off, 1, prio);
	else
		vgic_phys_dist_write(off, 1, prio); /* v2: v's own bank */
}

void vgic_priority(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a,
		   u32 first)
{
	u64 out = 0;

	for (u32 i = 0; i < a->size; i++) {
		u32 irq = first + i;
		u8 *slot = prio_slot(d, v, irq);
		u8 byte = (u8)(a->value >> (8 * i));

		if (!slot) {
			if (a->write && byte && irq >= GIC_FIRST_SPI)
				vgic_note_refused(d, v, a, irq);
		} else if (!a->write) {
			out |= (u64)*slot << (8 * i);
		} else {
			*slot = byte & VGIC_PRIO_MASK;
			priority_to_hw(d, v, irq, *slot);
		}
	}
	if (!a->write)
		a->value = out;
}

/* Bits of the CPU interfaces the zone has (one per vCPU, up to 8). */
static u8 zone_cpu_bits(const struct zone *zone)
{
	return zone->nr_vcpus >= 8 ? 0xff : (u8)BITS(zone->nr_vcpus - 1, 0);
}

static void target_spi(struct vgic_dist *d, struct vcpu *v,
		       const struct mmio_access *a, u32 irq, u8 raw)
{
	u8 byte = raw & zone_cpu_bits(d->zone);

	if (!vgic_spi_visible(d, irq)) {
		if (raw)
			vgic_note_refused(d, v, a, irq);
		return;
	}
	d->v2_targets[irq] = byte;
	/* The physical SPI follows the first vCPU named; with none named
	 * it stays where it was (the guest's own line is still 0). */
	if (byte && !vgic_is_virtual_spi(d, irq))
		gic_ops->route_spi(irq,
				   d->zone->vcpus[__builtin_ctz(byte)].pcpu);
	vgic_virtual_rerouted(d, irq);
}

void vgic_itargetsr(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a,
		    u32 first)
{
	u64 out = 0;

	for (u32 i = 0; i < a->size; i++) {
		u32 irq = first + i;
		u8 raw = (u8)(a->value >> (8 * i));

		/* IHI 0048B 4.3.12: with one CPU interface all ITARGETSR
		 * are RAZ/WI; 0-7 (SGIs, PPIs) are read-only and name the
		 * reading CPU. */
		if (d->zone->nr_vcpus == 1)
			continue;
		if (irq < GIC_FIRST_SPI)
			out |= (u64)(BIT(v->id) & 0xff) << (8 * i);
		else if (a->write)
			target_spi(d, v, a, irq, raw);
		else if (vgic_spi_visible(d, irq))
			out |= (u64)d->v2_targets[irq] << (8 * i);
	}
	if (!a->write)
		a->value = out;
}

static void route_hw(struct vgic_dist *d, u32 irq, u64 route)
{
	u64 aff0 = route & 0xff;
	struct zone *zone = d->zone;
	struct vcpu *t = &zone->vcpus[0];

	/* Aff0 names the vCPU (virtual MPIDRs have only Aff0); IRM (any
	 * PE) and affinities no vCPU has go to vCPU 0. */
	if (!(route & (BIT(31) | BITS(39, 32) | BITS(23, 8))) &&
	    aff0 < zone->nr_vcpus)
		t = &zone->vcpus[aff0];
	gic_ops->route_spi(irq, t->pcpu);
}

void vgic_irouter(struct vgic_dist *d, struct mmio_access *a, u32 irq,
		  bool high)
{
	u64 route = d->v3_route[irq];

	if (!a->write) {
		a->value = a->size == 8 ? route
			   : high	? route >> 32
					: route & 0xffffffffu;
		return;
	}
	if (a->size == 8)
		route = a->value;
	else if (high)
		route = (route & 0xffffffffu) | a->value << 32;
	else
		route = (route & ~0xffffffffull) | (a->value & 0xffffffffu);
	d->v3_route[irq] = route & IROUTER_FIELDS;
	if (!vgic_is_virtual_spi(d, irq))
		route_hw(d, irq, d->v3_route[irq]);
	/* Virtual SPIs: vgic_spi_target() reads the route at injection;
	 * one left pending for an off vCPU goes to the new target. */
	vgic_virtual_rerouted(d, irq);
}
