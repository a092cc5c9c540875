/*
 * GICv2 (IHI 0048): banked distributor registers for SGIs/PPIs, a
 * memory-mapped CPU interface (GICC) for cvisor, and the virtual
 * interface control (GICH) whose list registers feed the GICV frame that
 * guests see as their CPU interface.
 */
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/gic.h"

#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_BPR  0x08
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10
#define GICC_DIR  0x1000

#define GICH_HCR    0x00
#define GICH_VTR    0x04
#define GICH_VMCR   0x08
#define GICH_EISR0  0x20
#define GICH_EISR1  0x24
#define GICH_ELRSR0 0x30
#define GICH_ELRSR1 0x34
#define GICH_APR    0xf0
#define GICH_LR0    0x100

/* GICH_LR<n>: HW[31] Grp1[30] State[29:28] Priority[27:23] (top 5 bits)
 * PhysicalID[19:10] (HW=1) or CPUID[12:10] of an SGI's source (HW=0),
 * VirtualID[9:0]. */
#define LR_HW	BIT(31)
#define LR_GRP1 BIT(30)
#define LR_EOI	BIT(19) /* HW=0: maintenance interrupt when deactivated */

static int v2_init_dist(void)
{
	u32 typer = mmio_read32(gic.gicd, GICD_TYPER);

	gic.nr_irqs = ((typer & 0x1f) + 1) * 32;
	if (gic.nr_irqs > GIC_SPURIOUS)
		gic.nr_irqs = GIC_SPURIOUS;
	mmio_write32(gic.gicd, GICD_CTLR, 0);
	for (u32 i = GIC_FIRST_SPI; i < gic.nr_irqs; i += 32) {
		mmio_write32(gic.gicd, GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(gic.gicd, GICD_ICACTIVER + i / 8, ~0u);
		mmio_write32(gic.gicd, GICD_ICPENDR + i / 8, ~0u);
	}
	for (u32 i = GIC_FIRST_SPI; i < gic.nr_irqs; i += 4)
		mmio_write32(gic.gicd, GICD_IPRIORITYR + i,
			     0x01010101u * GIC_DEFAULT_PRIO);
	mmio_write32(gic.gicd, GICD_CTLR, 1);
	return 0;
}

static void v2_init_cpu(void)
{
	struct percpu *cpu = this_cpu();

	/* GICD_ITARGETSR0..7 read as this CPU interface's own bit. */
	cpu->arch.gicv2_target = mmio_read8(gic.gicd, GICD_ITARGETSR);
	mmio_write32(gic.gicd, GICD_ICENABLER, ~0u);
	mmio_write32(gic.gicd, GICD_ICACTIVER, ~0u);
	for (u32 i = 0; i < 32; i += 4)
		mmio_write32(gic.gicd, GICD_IPRIORITYR + i,
			     0x01010101u * GIC_DEFAULT_PRIO);
	mmio_write32(gic.gicd, GICD_ISENABLER,
		     (1u << GIC_IPI_SGI) | (1u << gic.maint_irq) |
			 gic.guest_ppis);
	mmio_write32(gic.gicc, GICC_PMR, 0xff);
	mmio_write32(gic.gicc, GICC_BPR, 0);
	/* GICC_CTLR: Enable (bit 0), EOImode (bit 9): EOIR drops priority
	 * and GICC_DIR deactivates. */
	mmio_write32(gic.gicc, GICC_CTLR, 1u | (1u << 9));
	mmio_write32(gic.gich, GICH_HCR, 1);
}

static u32 v2_ack(void)
{
	return mmio_read32(gic.gicc, GICC_IAR) & 0x3ff;
}

static void v2_eoi(u32 intid)
{
	mmio_write32(gic.gicc, GICC_EOIR, intid);
}

static void v2_deactivate(u32 intid)
{
	mmio_write32(gic.gicc, GICC_DIR, intid);
}

static void v2_send_sgi(u32 cpuid, u32 sgi)
{
	u32 target = percpu_get(cpuid)->arch.gicv2_target;

	__asm__ volatile("dsb ishst" ::: "memory");
	mmio_write32(gic.gicd, GICD_SGIR, (target << 16) | sgi);
}

static void v2_route_spi(u32 intid, u32 cpuid)
{
	mmio_write8(gic.gicd, GICD_ITARGETSR + intid,
		    percpu_get(cpuid)->arch.gicv2_target);
}

static void v2_enable(u32 intid)
{
	mmio_write32(gic.gicd, GICD_ISENABLER + (intid / 32) * 4,
		     1u << (intid % 32));
}

static void v2_disable(u32 intid)
{
	u32 reg = (intid / 32) * 4, bit = 1u << (intid % 32);

	mmio_write32(gic.gicd, GICD_ICENABLER + reg, bit);
	mmio_write32(gic.gicd, GICD_ICPENDR + reg, bit);
	mmio_write32(gic.gicd, GICD_ICACTIVER + reg, bit);
}

static u32 v2_nr_lrs(void)
{
	return (mmio_read32(gic.gich, GICH_VTR) & 0x3f) + 1;
}

static void v2_read_lr(u32 i, struct lr_value *lr)
{
	u32 v = mmio_read32(gic.gich, GICH_LR0 + 4 * i);

	lr->vintid = (u32)FIELD_GET(9, 0, v);
	lr->pintid = (u32)FIELD_GET(19, 10, v);
	lr->priority = (u8)(FIELD_GET(27, 23, v) << 3);
	lr->group1 = v & LR_GRP1;
	lr->hw = v & LR_HW;
	lr->eoi_notify = !lr->hw && (v & LR_EOI);
	lr->state = (enum lr_state)FIELD_GET(29, 28, v);
}

static void v2_write_lr(u32 i, const struct lr_value *lr)
{
	u32 v = (u32)(FIELD_PREP(29, 28, lr->state) |
		      FIELD_PREP(27, 23, lr->priority >> 3) |
		      FIELD_PREP(9, 0, lr->vintid));

	/* pintid carries the physical id (HW=1) or an SGI's source CPU. */
	if (lr->hw)
		v |= LR_HW | (u32)FIELD_PREP(19, 10, lr->pintid);
	else if (lr->vintid < 16)
		v |= (u32)FIELD_PREP(12, 10, lr->pintid);
	if (!lr->hw && lr->eoi_notify)
		v |= (u32)LR_EOI;
	mmio_write32(gic.gich, GICH_LR0 + 4 * i, v);
}

static u64 v2_empty_lrs(void)
{
	return mmio_read32(gic.gich, GICH_ELRSR0) |
	       ((u64)mmio_read32(gic.gich, GICH_ELRSR1) << 32);
}

static u64 v2_eoi_lrs(void)
{
	return mmio_read32(gic.gich, GICH_EISR0) |
	       ((u64)mmio_read32(gic.gich, GICH_EISR1) << 32);
}

/* GICH_HCR.UIE (bit 1): maintenance interrupt on LR underflow. */
static void v2_set_underflow_irq(bool on)
{
	u32 hcr = mmio_read32(gic.gich, GICH_HCR);

	mmio_write32(gic.gich, GICH_HCR, on ? hcr | 2u : hcr & ~2u);
}

static void v2_reset_virtual_cpu(void)
{
	for (u32 i = 0; i < v2_nr_lrs(); i++)
		mmio_write32(gic.gich, GICH_LR0 + 4 * i, 0);
	mmio_write32(gic.gich, GICH_VMCR, 0);
	mmio_write32(gic.gich, GICH_APR, 0);
	mmio_write32(gic.gich, GICH_HCR, 1);
}

const struct gic_ops gicv2_ops = {
    .version = 2,
    .init_dist = v2_init_dist,
    .init_cpu = v2_init_cpu,
    .ack = v2_ack,
    .eoi = v2_eoi,
    .deactivate = v2_deactivate,
    .send_sgi = v2_send_sgi,
    .route_spi = v2_route_spi,
    .enable = v2_enable,
    .disable = v2_disable,
    .nr_lrs = v2_nr_lrs,
    .read_lr = v2_read_lr,
    .write_lr = v2_write_lr,
    .empty_lrs = v2_empty_lrs,
    .eoi_lrs = v2_eoi_lrs,
    .set_underflow_irq = v2_set_underflow_irq,
    .reset_virtual_cpu = v2_reset_virtual_cpu,
};
