/*
 * The emulated GICv3 redistributors: one 128 KiB frame per vCPU at the
 * platform's GICR base (RD_base, then SGI_base at +64 KiB). Identity
 * registers describe the vCPU (affinity = its virtual MPIDR, Last on the
 * final one); the SGI/PPI registers of the guest's own timer PPIs go to
 * the physical redistributor of the vCPU's pCPU; SGIs are virtual.
 */
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/vgic.h"

#define GICR_FRAME    0x20000
#define GICR_SGI_BASE 0x10000
#define GICR_CTLR     0x0
#define GICR_IIDR     0x4
#define GICR_TYPER    0x8
#define GICR_WAKER    0x14
#define GICR_ID_START 0xffd0

static u64 rd_typer(const struct vcpu *v)
{
	/* Affinity[63:32], Processor_Number[23:8], Last[4]. */
	u64 t = ((u64)v->id << 32) | FIELD_PREP(23, 8, v->id);

	if (v->id == v->zone->nr_vcpus - 1)
		t |= BIT(4);
	return t;
}

static int rd_base(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a,
		   u64 reg)
{
	if (reg == GICR_TYPER || reg == GICR_TYPER + 4) {
		u64 t = rd_typer(v);

		a->value = a->write	       ? 0
			   : a->size == 8      ? t
			   : reg == GICR_TYPER ? t & 0xffffffffu
					       : t >> 32;
		return 0;
	}
	if (reg == GICR_WAKER) {
		/* ProcessorSleep (bit 1); ChildrenAsleep (bit 2) follows. */
		if (a->write)
			d->waker[v->id] = (u32)a->value & BIT(1);
		else
			a->value = d->waker[v->id] ? 0x6 : 0;
		return 0;
	}
	if (reg == GICR_IIDR || (reg >= GICR_ID_START && reg < 0x10000)) {
		a->value = a->write ? 0 : mmio_read32(gic.gicr, reg);
		return 0;
	}
	if (!a->write)
		a->value = 0; /* CTLR (no LPIs), STATUSR, PROPBASER... */
	return 0;
}

static int sgi_base(struct vcpu *v, struct mmio_access *a, u64 reg)
{
	paddr_t phys =
	    pa_add(percpu_get(v->pcpu)->arch.gicr, GICR_SGI_BASE + reg);
	u32 allowed = gic.guest_ppis;

	if (a->size > 4)
		return -CV_EINVAL;
	if (reg >= GICD_ISENABLER && reg < GICD_IPRIORITYR && reg % 0x80 == 0) {
		if (!a->write) {
			/* SGIs are always enabled for the guest. */
			a->value = (mmio_read32(phys, 0) & allowed) |
				   (reg == GICD_ISENABLER ? 0xffff : 0);
			return 0;
		}
		if (a->value & allowed)
			mmio_write32(phys, 0, (u32)a->value & allowed);
		return 0;
	}
	if (reg >= GICD_IPRIORITYR && reg < GICD_IPRIORITYR + 32) {
		u32 first = (u32)(reg - GICD_IPRIORITYR);
		u32 mask = 0;

		for (u32 i = 0; i < a->size; i++) {
			if (allowed & (1u << (first + i)))
				mask |= 0xffu << (8 * i);
		}
		if (!a->write) {
			a->value = (a->size == 1 ? mmio_read8(phys, 0)
						 : mmio_read32(phys, 0)) &
				   mask;
		} else if (mask && a->size == 4) {
			mmio_write32(phys, 0,
				     (mmio_read32(phys, 0) & ~mask) |
					 ((u32)a->value & mask));
		} else if (mask) {
			mmio_write8(phys, 0, (u8)a->value);
		}
		return 0;
	}
	if (reg == GICD_IGROUPR) {
		a->value = a->write ? 0 : ~0u; /* all Group 1 */
		return 0;
	}
	if (reg == GICD_ICFGR) {
		a->value = a->write ? 0 : 0xaaaaaaaau; /* SGIs: edge */
		return 0;
	}
	if (!a->write)
		a->value = reg == GICD_ICFGR + 4 ? mmio_read32(phys, 0) : 0;
	return 0;
}

static int vgicr_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vgic_dist *d = priv;
	u32 idx = (u32)(a->offset / GICR_FRAME);
	u64 reg = a->offset % GICR_FRAME;
	struct vcpu *v;

	(void)vcpu;
	if (idx >= d->zone->nr_vcpus)
		return -CV_ERANGE;
	v = &d->zone->vcpus[idx];
	if (reg < GICR_SGI_BASE)
		return rd_base(d, v, a, reg);
	return sgi_base(v, a, reg - GICR_SGI_BASE);
}

int vgicr_register(struct zone *zone, struct vgic_dist *d)
{
	return mmio_register(&zone->mmio, ipa_init(pa_addr(gic.gicr)),
			     (u64)zone->nr_vcpus * GICR_FRAME, vgicr_access, d,
			     "gicr");
}
