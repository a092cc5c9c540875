/*
 * The emulated GICv3 redistributors: one 128 KiB frame per vCPU at the
 * platform's GICR base (RD_base, then SGI_base at +64 KiB). Identity
 * registers describe the vCPU (affinity = its virtual MPIDR, Last on the
 * final one); the SGI/PPI registers of the guest's own timer PPIs go to
 * the physical redistributor of the vCPU's pCPU; SGIs are virtual (always
 * enabled, Group 1, edge). Rules: docs/gic-conformance.md.
 */
#include "cvisor/errno.h"
#include "drivers/irqchip/vgic_phys.h"
#include "drivers/irqchip/vgic_regs.h"

#define GICR_FRAME    0x20000
#define GICR_SGI_BASE 0x10000
#define GICR_CTLR     0x0
#define GICR_IIDR     0x4
#define GICR_TYPER    0x8
#define GICR_WAKER    0x14
#define GICR_ID_START 0xffd0
#define GICR_SGIS     0xffffu

static u64 rd_typer(const struct vcpu *v)
{
	/* Affinity[63:32], Processor_Number[23:8], Last[4]; PLPIS [0] = 0. */
	u64 t = ((u64)v->id << 32) | FIELD_PREP(23, 8, v->id);

	if (v->id == v->zone->nr_vcpus - 1)
		t |= BIT(4);
	return t;
}

static void rd_base(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a,
		    u64 reg)
{
	if (reg == GICR_TYPER && a->size == 8) {
		a->value = a->write ? 0 : rd_typer(v);
		return;
	}
	if (!vgic_size_ok(a, false) || a->write) {
		/* WAKER: ProcessorSleep [1] is kept; ChildrenAsleep [2]
		 * follows it. Everything else is read-only or RAZ/WI. */
		if (a->write && a->size == 4 && reg == GICR_WAKER)
			d->waker[v->id] = (u32)a->value & BIT(1);
		a->value = 0;
		return;
	}
	if (reg == GICR_TYPER || reg == GICR_TYPER + 4)
		a->value = reg == GICR_TYPER ? rd_typer(v) & 0xffffffffu
					     : rd_typer(v) >> 32;
	else if (reg == GICR_WAKER)
		a->value = d->waker[v->id] ? 0x6 : 0;
	else if (reg == GICR_IIDR || (reg >= GICR_ID_START && reg < 0x10000))
		a->value = vgic_phys_rd_read(reg);
	else
		a->value = 0; /* CTLR (no LPIs), STATUSR, PROPBASER... */
}

/* The two-bit ICFGR1 fields of the PPIs in a bitmap of interrupts. */
static u32 ppi_fields(u32 irqs)
{
	u32 f = 0;

	for (u32 irq = 16; irq < 32; irq++) {
		if (irqs & BIT(irq))
			f |= 3u << (2 * (irq - 16));
	}
	return f;
}

/* ISENABLER0..ICACTIVER0: the owned PPIs are the hardware's; SGIs read
 * as enabled in both enable registers. */
static void sgi_bits(struct vcpu *v, struct mmio_access *a, u64 reg)
{
	u32 hw = gic.guest_ppis & ~GICR_SGIS;
	bool enable = reg == GICD_ISENABLER || reg == GICD_ICENABLER;

	if (!a->write) {
		a->value = (vgic_phys_sgi_read(v->pcpu, reg, 4) & hw) |
			   (enable ? GICR_SGIS : 0);
		return;
	}
	if (a->value & hw)
		vgic_phys_sgi_write(v->pcpu, reg, 4, (u32)a->value & hw);
}

static void sgi_base(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a,
		     u64 reg)
{
	bool prio = reg >= GICD_IPRIORITYR && reg < GICD_IPRIORITYR + 32;
	u32 hw = gic.guest_ppis & ~GICR_SGIS;

	if (!vgic_size_ok(a, prio)) {
		if (!a->write)
			a->value = 0;
		return;
	}
	if (prio) {
		vgic_priority(d, v, a, (u32)(reg - GICD_IPRIORITYR));
		return;
	}
	if (reg >= GICD_ISENABLER && reg < GICD_IPRIORITYR && reg % 0x80 == 0) {
		sgi_bits(v, a, reg);
		return;
	}
	if (a->write)
		return; /* IGROUPR0, ICFGR0/1: read-only here */
	if (reg == GICD_IGROUPR)
		a->value = GICR_SGIS | hw; /* all Group 1 */
	else if (reg == GICD_ICFGR)
		a->value = 0xaaaaaaaau; /* SGIs: edge */
	else if (reg == GICD_ICFGR + 4) /* PPIs: Int_config[1] of owned */
		a->value = vgic_phys_sgi_read(v->pcpu, reg, 4) &
			   (0xaaaaaaaau & ppi_fields(hw));
	else
		a->value = 0; /* IGRPMODR0, NSACR, reserved */
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
		rd_base(d, v, a, reg);
	else
		sgi_base(d, v, a, reg - GICR_SGI_BASE);
	return 0;
}

int vgicr_register(struct zone *zone, struct vgic_dist *d)
{
	return mmio_register(&zone->mmio, ipa_init(pa_addr(gic.gicr)),
			     (u64)zone->nr_vcpus * GICR_FRAME, vgicr_access, d,
			     "gicr");
}
