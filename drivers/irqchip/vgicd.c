/*
 * The emulated distributor (GICD) a zone sees. Registers that describe
 * interrupts the zone owns are forwarded to the physical distributor with
 * every other interrupt's bits masked out; registers of foreign interrupts
 * read as zero and ignore writes (and are logged); global state (CTLR) is
 * virtual. Routing registers are translated between virtual and physical
 * CPUs.
 */
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/vgic.h"

static void note_refused(struct vgic_dist *d, struct vcpu *vcpu,
			 const struct mmio_access *a, u32 irq)
{
	if (d->zone->refused_irqchip < VGIC_LOG_LIMIT)
		pr_warn("zone %u vcpu%u: GICD write at +0x%llx touches "
			"interrupt %u it does not own: ignored%s",
			d->zone->id, vcpu->id, (unsigned long long)a->offset,
			irq,
			d->zone->refused_irqchip + 1 == VGIC_LOG_LIMIT
			    ? " (further ones are counted, not logged)"
			    : "");
	d->zone->refused_irqchip++;
}

static bool owns_physical(const struct vgic_dist *d, u32 irq)
{
	if (irq < GIC_FIRST_SPI)
		return gic.version == 2 && (gic.guest_ppis & (1u << irq));
	return zone_owns_irq(d->zone, irq);
}

/* Interrupts below this are banked or virtual: never worth a log line. */
static u32 first_loggable(void)
{
	return gic.version == 2 ? 16u : GIC_FIRST_SPI;
}

/* The zone's virtual SPIs: enable bits and priorities are kept here. */
static void virtual_fields(struct vgic_dist *d, struct mmio_access *a, u64 base,
			   u32 width, u32 first)
{
	u32 per_byte = 8 / width;

	for (u32 i = 0; i < a->size * per_byte; i++) {
		u32 irq = first + i, shift = i * width;
		bool set = (a->value >> shift) & 1;

		if (!vgic_is_virtual_spi(d, irq))
			continue;
		if (base == GICD_IPRIORITYR && a->write)
			d->vprio[irq] = (u8)(a->value >> shift);
		else if (base == GICD_IPRIORITYR)
			a->value |= (u64)d->vprio[irq] << shift;
		else if (base == GICD_ISENABLER || base == GICD_ICENABLER) {
			if (!a->write)
				a->value |= (u64)bitmap_test(d->venabled, irq)
					    << shift;
			else if (set)
				vgic_enable_virtual_spi(d, irq,
							base == GICD_ISENABLER);
		}
	}
}

/* A register with `width` bits per interrupt, at [base, ...). */
static int field_reg(struct vgic_dist *d, struct vcpu *vcpu,
		     struct mmio_access *a, u64 base, u32 width, bool rmw)
{
	u32 per_byte = 8 / width;
	u32 first = (u32)(a->offset - base) * per_byte;
	paddr_t pa = pa_add(gic.gicd, a->offset);
	u64 mask = 0, written = a->value;

	if (a->size > 4)
		return -CV_EINVAL;
	for (u32 i = 0; i < a->size * per_byte; i++) {
		u32 irq = first + i;

		if (owns_physical(d, irq))
			mask |= BITS(width - 1, 0) << (i * width);
		else if (a->write && irq >= first_loggable() &&
			 !vgic_is_virtual_spi(d, irq) &&
			 ((a->value >> (i * width)) & BITS(width - 1, 0)))
			note_refused(d, vcpu, a, irq);
	}
	if (!a->write) {
		u64 v = a->size == 1 ? mmio_read8(pa, 0) : mmio_read32(pa, 0);

		a->value = v & mask;
		virtual_fields(d, a, base, width, first);
		return 0;
	}
	virtual_fields(d, a, base, width, first);
	if (!mask)
		return 0;
	if (rmw) {
		u64 cur = a->size == 1 ? mmio_read8(pa, 0) : mmio_read32(pa, 0);

		written = (cur & ~mask) | (written & mask);
	} else {
		written &= mask; /* set/clear-enable style: 0 bits are no-ops */
	}
	if (a->size == 1)
		mmio_write8(pa, 0, (u8)written);
	else
		mmio_write32(pa, 0, (u32)written);
	return 0;
}

/* GICv2 ITARGETSR: one byte per interrupt, a mask of CPU interfaces. The
 * guest's mask is of vCPUs; the physical one targets their pCPUs. */
static int itargetsr(struct vgic_dist *d, struct vcpu *vcpu,
		     struct mmio_access *a)
{
	u32 first = (u32)(a->offset - GICD_ITARGETSR);

	if (a->size != 1 && a->size != 4)
		return -CV_EINVAL;
	if (!a->write)
		a->value = 0;
	for (u32 i = 0; i < a->size; i++) {
		u32 irq = first + i;
		u8 byte = (u8)(a->value >> (8 * i));

		if (irq < GIC_FIRST_SPI) {
			if (!a->write)
				a->value |= (u64)(1u << vcpu->id) << (8 * i);
			continue;
		}
		if (vgic_is_virtual_spi(d, irq)) {
			if (a->write)
				d->v2_targets[irq] = byte;
			else
				a->value |= (u64)d->v2_targets[irq] << (8 * i);
			continue;
		}
		if (!zone_owns_irq(d->zone, irq)) {
			if (a->write && byte)
				note_refused(d, vcpu, a, irq);
			continue;
		}
		if (!a->write) {
			a->value |= (u64)d->v2_targets[irq] << (8 * i);
			continue;
		}
		d->v2_targets[irq] = byte;
		for (u32 v = 0; v < d->zone->nr_vcpus && v < 8; v++) {
			if (byte & (1u << v)) {
				gic_ops->route_spi(irq, d->zone->vcpus[v].pcpu);
				break;
			}
		}
	}
	return 0;
}

/* GICv3 IROUTER<n>: 64-bit Aff3[39:32] IRM[31] Aff2..Aff0[23:0]. */
static int irouter(struct vgic_dist *d, struct vcpu *vcpu,
		   struct mmio_access *a)
{
	u32 irq = (u32)((a->offset - GICD_IROUTER) / 8);
	bool high = (a->offset & 4) != 0;
	u64 route;

	bool virtual = vgic_is_virtual_spi(d, irq);

	if (irq < GIC_FIRST_SPI || (!virtual && !zone_owns_irq(d->zone, irq))) {
		if (a->write && irq >= GIC_FIRST_SPI)
			note_refused(d, vcpu, a, irq);
		a->value = 0;
		return 0;
	}
	if (!a->write) {
		route = d->v3_route[irq];
		a->value = a->size == 8 ? route
			   : high	? route >> 32
					: route & 0xffffffffu;
		return 0;
	}
	if (a->size == 8)
		route = a->value;
	else if (high)
		route = (d->v3_route[irq] & 0xffffffffu) | a->value << 32;
	else
		route = (d->v3_route[irq] & ~0xffffffffull) |
			(a->value & 0xffffffffu);
	d->v3_route[irq] = route;
	if (virtual)
		return 0; /* vgic_spi_target() reads the route at injection */
	/* Aff0 names the vCPU; IRM (any CPU) and unknown vCPUs go to 0. */
	{
		u64 v = route & 0xff;
		struct vcpu *t = (route & BIT(31)) || v >= d->zone->nr_vcpus
				     ? &d->zone->vcpus[0]
				     : &d->zone->vcpus[v];

		gic_ops->route_spi(irq, t->pcpu);
	}
	return 0;
}

static int ctlr(struct vgic_dist *d, struct mmio_access *a)
{
	/* GICv3 with ARE: ARE (bit 4) reads as one; RWP never set. */
	u32 fixed = gic.version == 3 ? BIT(4) : 0;

	if (a->write)
		d->ctlr = (u32)a->value & (gic.version == 3 ? 0x3 : 0x1);
	else
		a->value = d->ctlr | fixed;
	return 0;
}

static int typer(struct vgic_dist *d, struct mmio_access *a)
{
	u32 v = mmio_read32(gic.gicd, GICD_TYPER);

	/* GICv2 CPUNumber [7:5]: the number of vCPUs less one. GICv3: no
	 * LPIs (bit 17), message-based SPIs (bit 16), extended SPIs (bit 8)
	 * or direct vLPI injection (bit 18): none is emulated. */
	if (gic.version == 2)
		v = (v & ~0xe0u) | ((d->zone->nr_vcpus - 1) << 5);
	else
		v &= ~(u32)(BIT(18) | BIT(17) | BIT(16) | BIT(8));
	a->value = a->write ? 0 : v;
	return 0;
}

static bool is_id_register(u64 off)
{
	u64 start = gic.version == 3 ? GICD_V3_ID_START : GICD_V2_ID_START;

	return off >= start && off < start + 0x30;
}

static int vgicd_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vgic_dist *d = priv;
	u64 off = a->offset;

	if (off == GICD_CTLR)
		return ctlr(d, a);
	if (off == GICD_TYPER)
		return typer(d, a);
	if (off == GICD_IIDR || is_id_register(off)) {
		a->value = a->write ? 0 : mmio_read32(gic.gicd, off);
		return 0;
	}
	if (off >= GICD_IGROUPR && off < GICD_ISENABLER) {
		/* Groups stay as cvisor set them: v3 Group 1, v2 Group 0. */
		a->value = gic.version == 3 && !a->write ? ~0u : 0;
		return 0;
	}
	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR)
		return field_reg(d, vcpu, a, off & ~0x7full, 1, false);
	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR)
		return field_reg(d, vcpu, a, GICD_IPRIORITYR, 8, true);
	if (gic.version == 2 && off >= GICD_ITARGETSR && off < GICD_ICFGR)
		return itargetsr(d, vcpu, a);
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		return field_reg(d, vcpu, a, GICD_ICFGR, 2, true);
	if (gic.version == 2 && off == GICD_SGIR && a->write) {
		vgic_send_sgi_v2(vcpu, (u32)a->value);
		return 0;
	}
	if (gic.version == 3 && off >= GICD_IROUTER + 8 * GIC_FIRST_SPI &&
	    off < GICD_IROUTER + 8ull * GIC_MAX_SPI)
		return irouter(d, vcpu, a);
	/* Everything else (GICv2 SGI pend registers, IGRPMODR, message
	 * SPIs...): read as zero, writes ignored. */
	if (!a->write)
		a->value = 0;
	return 0;
}

int vgicd_register(struct zone *zone, struct vgic_dist *d)
{
	/* At the physical distributor's address (ipa == pa). */
	return mmio_register(&zone->mmio, ipa_init(pa_addr(gic.gicd)),
			     gic.gicd_size, vgicd_access, d, "gicd");
}
