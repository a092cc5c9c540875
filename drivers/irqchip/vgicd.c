/*
 * The emulated distributor (GICD) a zone sees, GICv2 or GICv3 (always
 * with affinity routing). The rules, register by register, are in
 * docs/gic-conformance.md:
 * - enable, pending, active and configuration bits of interrupts the zone
 *   owns are forwarded to the physical distributor with every other
 *   interrupt's bits masked out; virtual SPIs keep theirs here;
 * - priorities, GICv2 targets and GICv3 routes are kept per zone
 *   (vgic_regs.c) and copied to the hardware;
 * - SGIs are virtual: always enabled, edge-triggered;
 * - interrupts the zone does not have, reserved registers and accesses of
 *   a size the register does not take read as zero and ignore writes
 *   (refused writes to other zones' interrupts are logged, a few).
 */
#include "cvisor/log.h"
#include "drivers/irqchip/vgic_phys.h"
#include "drivers/irqchip/vgic_regs.h"

/* GICv2 PPIs the zone owns are physical; SGIs and GICv3's banked
 * interrupts (in the redistributors) are not. */
static bool owns_physical(const struct vgic_dist *d, u32 irq)
{
	if (irq < GIC_FIRST_SPI)
		return gic.version == 2 && irq >= 16 &&
		       (gic.guest_ppis & BIT(irq));
	return zone_owns_irq(d->zone, irq);
}

/* What each of 32 interrupts from `first` is to the zone. */
struct irq_masks {
	u32 hw;	  /* forwarded to the physical distributor */
	u32 virt; /* virtual SPIs */
	u32 sgi;  /* GICv2 SGIs */
};

/* Bits [first, first + 32) of a bitmap; first is a multiple of 32. */
static u32 word32(const u64 *map, u32 first)
{
	return (u32)(map[first / 64] >> (first % 64));
}

/* first: a multiple of 32 below 1024 (a register's first interrupt). */
static struct irq_masks classify(const struct vgic_dist *d, u32 first)
{
	struct irq_masks m = {0};

	if (first < GIC_FIRST_SPI) {
		/* GICv3 (ARE): the redistributor's. */
		if (gic.version == 2) {
			m.sgi = 0xffff;
			m.hw = gic.guest_ppis & ~0xffffu;
		}
		return m;
	}
	if (first >= gic.nr_irqs)
		return m;
	m.virt = word32(d->vspi, first);
	m.hw = word32(d->zone->irq_bitmap, first) & ~m.virt;
	if (gic.nr_irqs - first < 32) {
		m.virt &= (u32)BITS(gic.nr_irqs - first - 1, 0);
		m.hw &= (u32)BITS(gic.nr_irqs - first - 1, 0);
	}
	return m;
}

static void note_refused_bits(struct vgic_dist *d, struct vcpu *v,
			      const struct mmio_access *a, u32 first, u32 bits)
{
	for (u32 i = 0; bits && i < 32; i++) {
		if ((bits & (1u << i)) && first + i >= GIC_FIRST_SPI) {
			vgic_note_refused(d, v, a, first + i);
			return;
		}
	}
}

/* ISENABLER..ICACTIVER (one bit per interrupt, word access): the set and
 * clear registers of a pair read the same state. */
static void bit_reg(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a)
{
	u64 base = a->offset & ~0x7full;
	u32 first = (u32)(a->offset & 0x7f) * 8;
	bool enable = base == GICD_ISENABLER || base == GICD_ICENABLER;
	struct irq_masks m = classify(d, first);
	u32 val = (u32)a->value;

	if (!a->write) {
		a->value =
		    (m.hw ? vgic_phys_dist_read(a->offset, 4) & m.hw : 0);
		if (enable)
			a->value |=
			    m.sgi | (word32(d->venabled, first) & m.virt);
		return;
	}
	note_refused_bits(d, v, a, first, val & ~(m.hw | m.virt | m.sgi));
	if (val & m.hw)
		vgic_phys_dist_write(a->offset, 4, val & m.hw);
	for (u32 i = 0; enable && i < 32; i++) {
		if (val & m.virt & (1u << i))
			vgic_enable_virtual_spi(d, first + i,
						base == GICD_ISENABLER);
	}
}

/* ICFGR (two bits per interrupt): Int_config[1] (bit 2F+1) is edge (1)
 * or level (0); bit 2F is reserved (v2) or RES0 (v3). SGIs are edge and
 * read-only, PPIs read-only, virtual SPIs level. */
static void cfg_reg(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a)
{
	u32 first = (u32)(a->offset - GICD_ICFGR) * 4;
	u32 hw_ro = 0, hw_rw = 0, edge = 0;

	for (u32 i = 0; i < 16; i++) {
		u32 irq = first + i, field = 2u << (2 * i);

		if (gic.version == 3 && irq < GIC_FIRST_SPI)
			continue;
		if (irq < 16)
			edge |= field;
		else if (irq < GIC_FIRST_SPI && owns_physical(d, irq))
			hw_ro |= field;
		else if (irq < gic.nr_irqs && owns_physical(d, irq))
			hw_rw |= field;
	}
	if (!a->write) {
		a->value = edge;
		if (hw_ro | hw_rw)
			a->value |=
			    vgic_phys_dist_read(a->offset, 4) & (hw_ro | hw_rw);
		return;
	}
	if (hw_rw)
		vgic_phys_dist_write(
		    a->offset, 4,
		    (vgic_phys_dist_read(a->offset, 4) & ~hw_rw) |
			((u32)a->value & hw_rw));
	(void)v;
}

/* IGROUPR: GICv2 guests see Group 0 only (cvisor signals them as vIRQ,
 * RAZ/WI); GICv3 guests Group 1 only (RAO/WI for their SPIs). */
static void group_reg(struct vgic_dist *d, struct mmio_access *a)
{
	struct irq_masks m;

	if (a->write)
		return;
	a->value = 0;
	if (gic.version == 3) {
		m = classify(d, (u32)(a->offset - GICD_IGROUPR) * 8);
		a->value = m.hw | m.virt;
	}
}

static void ctlr(struct vgic_dist *d, struct mmio_access *a)
{
	/* v2: Enable [0]. v3 (one security state seen from Non-secure):
	 * EnableGrp1NS [0], EnableGrp1A [1], ARE_NS [4] RAO/WI, RWP [31]
	 * never set: writes take effect at once. */
	u32 fixed = gic.version == 3 ? BIT(4) : 0;

	if (a->write)
		d->ctlr = (u32)a->value & (gic.version == 3 ? 0x3 : 0x1);
	else
		a->value = d->ctlr | fixed;
}

static u32 typer(const struct vgic_dist *d)
{
	u32 v = vgic_phys_dist_read(GICD_TYPER, 4);

	/* GICv2 CPUNumber [7:5]: the number of vCPUs less one. GICv3: no
	 * LPIs (bit 17), message-based SPIs (bit 16), extended SPIs (bit 8)
	 * or direct vLPI injection (bit 18): none is emulated. */
	if (gic.version == 2)
		return (v & ~0xe0u) | (((d->zone->nr_vcpus - 1) & 7) << 5);
	return v & ~(u32)(BIT(18) | BIT(17) | BIT(16) | BIT(8));
}

static bool is_id_register(u64 off)
{
	u64 start = gic.version == 3 ? GICD_V3_ID_START : GICD_V2_ID_START;

	return off >= start && off < start + 0x30;
}

/* Word-only registers (everything but priorities, targets, routes). */
static void word_reg(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a)
{
	u64 off = a->offset;

	if (off == GICD_CTLR)
		ctlr(d, a);
	else if (off == GICD_TYPER)
		a->value = a->write ? 0 : d->typer;
	else if (off == GICD_IIDR || is_id_register(off))
		a->value = a->write ? 0 : vgic_phys_dist_read(off, 4);
	else if (off >= GICD_IGROUPR && off < GICD_ISENABLER)
		group_reg(d, a);
	else if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR)
		bit_reg(d, v, a);
	else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		cfg_reg(d, v, a);
	else if (gic.version == 2 && off == GICD_SGIR && a->write)
		vgic_send_sgi_v2(v, (u32)a->value);
	else if (!a->write)
		a->value = 0; /* reserved, IGRPMODR, NSACR, SGI pend... */
}

static void route_reg(struct vgic_dist *d, struct vcpu *v,
		      struct mmio_access *a)
{
	u32 irq = (u32)((a->offset - GICD_IROUTER) / 8);

	if (!vgic_spi_visible(d, irq)) {
		if (a->write && irq >= GIC_FIRST_SPI && a->value)
			vgic_note_refused(d, v, a, irq);
		a->value = 0;
		return;
	}
	vgic_irouter(d, a, irq, (a->offset & 4) != 0);
}

static void byte_reg(struct vgic_dist *d, struct vcpu *v, struct mmio_access *a)
{
	u64 off = a->offset;

	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR) {
		/* GICv3 (ARE): the first 8 are the redistributors'. */
		if (gic.version == 3 && off < GICD_IPRIORITYR + GIC_FIRST_SPI)
			a->value = 0;
		else
			vgic_priority(d, v, a, (u32)(off - GICD_IPRIORITYR));
	} else if (gic.version == 2) {
		vgic_itargetsr(d, v, a, (u32)(off - GICD_ITARGETSR));
	} else {
		a->value = 0; /* GICv3 ITARGETSR (ARE): RAZ/WI */
	}
}

static void sized_out(struct mmio_access *a)
{
	if (!a->write)
		a->value = 0; /* a size the register does not take */
}

static bool is_route(u64 off)
{
	return gic.version == 3 && off >= GICD_IROUTER &&
	       off < GICD_IROUTER + 8ull * 1024;
}

static int vgicd_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vgic_dist *d = priv;
	u64 off = a->offset;

	/* Word registers first: CTLR and TYPER are what guests read most. */
	if ((off < GICD_IPRIORITYR || off >= GICD_ICFGR) && !is_route(off)) {
		if (vgic_size_ok(a, false))
			word_reg(d, vcpu, a);
		else
			sized_out(a);
	} else if (off < GICD_ICFGR) {
		if (vgic_size_ok(a, true))
			byte_reg(d, vcpu, a);
		else
			sized_out(a);
	} else if ((a->size == 4 || a->size == 8) &&
		   (off & (a->size - 1)) == 0) {
		route_reg(d, vcpu, a);
	} else {
		sized_out(a);
	}
	return 0;
}

int vgicd_register(struct zone *zone, struct vgic_dist *d)
{
	d->typer = typer(d); /* the physical one does not change */
	/* At the physical distributor's address (ipa == pa). */
	return mmio_register(&zone->mmio, ipa_init(pa_addr(gic.gicd)),
			     gic.gicd_size, vgicd_access, d, "gicd");
}
