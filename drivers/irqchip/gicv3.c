/*
 * GICv3 (IHI 0069): distributor with affinity routing, one redistributor
 * per CPU, system-register CPU interface at EL2 and the ICH_* virtual CPU
 * interface with list registers.
 */
#include "arch_hw.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/gic.h"

#define GICD_CTLR_RWP  BIT(31)
#define GICD_CTLR_ARE  BIT(4) /* ARE_NS, or ARE when DS = 1 */
#define GICD_CTLR_GRP1 BIT(1) /* EnableGrp1NS, or EnableGrp1 when DS = 1 */

#define GICR_TYPER		   0x08
#define GICR_WAKER		   0x14
#define GICR_TYPER_LAST		   BIT(4)
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)
#define GICR_SGI_BASE		   0x10000

/* ICH_LR<n>_EL2: State[63:62] HW[61] Group[60] Priority[55:48]
 * pINTID[44:32] vINTID[31:0]. */
#define LR_STATE(v) FIELD_GET(63, 62, v)
#define LR_HW	    BIT(61)
#define LR_GROUP1   BIT(60)
#define LR_EOI	    BIT(41) /* HW=0: maintenance interrupt when deactivated */

static paddr_t this_gicr(void)
{
	return this_cpu()->arch.gicr;
}

static void wait_rwp(void)
{
	while (mmio_read32(gic.gicd, GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static int v3_init_dist(void)
{
	u32 typer = mmio_read32(gic.gicd, GICD_TYPER);

	gic.nr_irqs = ((typer & 0x1f) + 1) * 32;
	if (gic.nr_irqs > GIC_SPURIOUS)
		gic.nr_irqs = GIC_SPURIOUS;
	mmio_write32(gic.gicd, GICD_CTLR, 0);
	wait_rwp();
	/* Every SPI: disabled, inactive, Group 1, default priority,
	 * routed to the primary until a zone claims it. */
	for (u32 i = GIC_FIRST_SPI; i < gic.nr_irqs; i += 32) {
		mmio_write32(gic.gicd, GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(gic.gicd, GICD_ICACTIVER + i / 8, ~0u);
		mmio_write32(gic.gicd, GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(gic.gicd, GICD_IGROUPR + i / 8, ~0u);
	}
	for (u32 i = GIC_FIRST_SPI; i < gic.nr_irqs; i += 4)
		mmio_write32(gic.gicd, GICD_IPRIORITYR + i,
			     0x01010101u * GIC_DEFAULT_PRIO);
	mmio_write32(gic.gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	wait_rwp();
	return 0;
}

/* Affinity of an MPIDR as GICR_TYPER[63:32] packs it: Aff3.Aff2.Aff1.Aff0 */
static u64 typer_affinity(u64 mpidr)
{
	return (FIELD_GET(39, 32, mpidr) << 24) | (mpidr & BITS(23, 0));
}

static paddr_t find_redistributor(u64 mpidr)
{
	for (u64 off = 0; off < gic.gicr_size; off += gic.gicr_stride) {
		u64 typer = mmio_read64(gic.gicr, off + GICR_TYPER);

		if ((typer >> 32) == typer_affinity(mpidr))
			return pa_add(gic.gicr, off);
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return pa_init(0);
}

/* ICC_SGI1R_EL1 naming the CPU of affinity mpidr: Aff3 [55:48], Aff2
 * [39:32], Aff1 [23:16], TargetList [15:0] (bit Aff0; Aff0 < 16). */
static u64 sgi1r_of(u64 mpidr)
{
	return (FIELD_GET(39, 32, mpidr) << 48) |
	       (FIELD_GET(23, 16, mpidr) << 32) |
	       (FIELD_GET(15, 8, mpidr) << 16) | (1ull << (mpidr & 0xf));
}

static void v3_init_cpu(void)
{
	struct percpu *cpu = this_cpu();
	paddr_t sgi;

	cpu->arch.gicr = find_redistributor(cpu->hwid);
	CHECK(pa_addr(cpu->arch.gicr) != 0);
	cpu->arch.sgi1r = sgi1r_of(cpu->hwid);
	sgi = pa_add(cpu->arch.gicr, GICR_SGI_BASE);
	mmio_write32(cpu->arch.gicr, GICR_WAKER,
		     mmio_read32(cpu->arch.gicr, GICR_WAKER) &
			 ~GICR_WAKER_PROCESSOR_SLEEP);
	while (mmio_read32(cpu->arch.gicr, GICR_WAKER) &
	       GICR_WAKER_CHILDREN_ASLEEP)
		;
	mmio_write32(sgi, GICD_ICENABLER, ~0u);
	mmio_write32(sgi, GICD_ICACTIVER, ~0u);
	mmio_write32(sgi, GICD_IGROUPR, ~0u);
	for (u32 i = 0; i < 32; i += 4)
		mmio_write32(sgi, GICD_IPRIORITYR + i,
			     0x01010101u * GIC_DEFAULT_PRIO);
	mmio_write32(sgi, GICD_ISENABLER,
		     (1u << GIC_IPI_SGI) | (1u << gic.maint_irq) |
			 gic.guest_ppis);
	/* ICC_SRE_EL2: SRE (bit 0) for EL2 itself, Enable (bit 3) lets EL1
	 * use the system-register interface. */
	write_sysreg(ICC_SRE_EL2, read_sysreg(ICC_SRE_EL2) | BIT(0) | BIT(3));
	isb();
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	/* ICC_CTLR_EL1.EOImode (bit 1): EOIR drops priority, DIR
	 * deactivates, so a guest can deactivate a forwarded interrupt. */
	write_sysreg(ICC_CTLR_EL1, read_sysreg(ICC_CTLR_EL1) | BIT(1));
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	/* ICH_HCR_EL2.En: the virtual CPU interface is on. */
	write_sysreg(ICH_HCR_EL2, 1);
	isb();
}

static u32 v3_ack(void)
{
	u32 id = (u32)read_sysreg(ICC_IAR1_EL1);

	dsb(sy);
	return id & 0xffffff;
}

static void v3_eoi(u32 intid)
{
	write_sysreg(ICC_EOIR1_EL1, intid);
	isb();
}

static void v3_deactivate(u32 intid)
{
	write_sysreg(ICC_DIR_EL1, intid);
	isb();
}

static void v3_send_sgi(u32 cpuid, u32 sgi)
{
	struct percpu *cpu = percpu_get(cpuid);
	u64 target = cpu->arch.sgi1r;

	if (!target) /* before that CPU's v3_init_cpu() */
		target = sgi1r_of(cpu->hwid);
	dsb(ishst); /* what the target reads after the IPI is visible */
	write_sysreg(ICC_SGI1R_EL1, target | (u64)sgi << 24);
	isb();
}

static void v3_route_spi(u32 intid, u32 cpuid)
{
	u64 mpidr = percpu_get(cpuid)->hwid;

	mmio_write64(gic.gicd, GICD_IROUTER + 8ull * intid,
		     mpidr & (BITS(39, 32) | BITS(23, 0)));
}

static void v3_enable(u32 intid)
{
	if (intid < GIC_FIRST_SPI)
		mmio_write32(this_gicr(), GICR_SGI_BASE + GICD_ISENABLER,
			     1u << intid);
	else
		mmio_write32(gic.gicd, GICD_ISENABLER + (intid / 32) * 4,
			     1u << (intid % 32));
}

static void v3_disable(u32 intid)
{
	u32 reg = (intid / 32) * 4, bit = 1u << (intid % 32);

	mmio_write32(gic.gicd, GICD_ICENABLER + reg, bit);
	mmio_write32(gic.gicd, GICD_ICPENDR + reg, bit);
	mmio_write32(gic.gicd, GICD_ICACTIVER + reg, bit);
}

static u32 v3_nr_lrs(void)
{
	return (u32)(read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;
}

#define LR_RW(enc)                                                             \
	do {                                                                   \
		if (write)                                                     \
			write_sysreg(enc, v);                                  \
		else                                                           \
			v = read_sysreg(enc);                                  \
	} while (0)

/* ICH_LR<n>_EL2 are S3_4_C12_C12_<n> (n < 8) and S3_4_C12_C13_<n-8>. */
static u64 lr_access(u32 i, bool write, u64 v)
{
	switch (i) {
	case 0:
		LR_RW(S3_4_C12_C12_0);
		break;
	case 1:
		LR_RW(S3_4_C12_C12_1);
		break;
	case 2:
		LR_RW(S3_4_C12_C12_2);
		break;
	case 3:
		LR_RW(S3_4_C12_C12_3);
		break;
	case 4:
		LR_RW(S3_4_C12_C12_4);
		break;
	case 5:
		LR_RW(S3_4_C12_C12_5);
		break;
	case 6:
		LR_RW(S3_4_C12_C12_6);
		break;
	case 7:
		LR_RW(S3_4_C12_C12_7);
		break;
	case 8:
		LR_RW(S3_4_C12_C13_0);
		break;
	case 9:
		LR_RW(S3_4_C12_C13_1);
		break;
	case 10:
		LR_RW(S3_4_C12_C13_2);
		break;
	case 11:
		LR_RW(S3_4_C12_C13_3);
		break;
	case 12:
		LR_RW(S3_4_C12_C13_4);
		break;
	case 13:
		LR_RW(S3_4_C12_C13_5);
		break;
	case 14:
		LR_RW(S3_4_C12_C13_6);
		break;
	default:
		LR_RW(S3_4_C12_C13_7);
		break;
	}
	return v;
}

static void v3_read_lr(u32 i, struct lr_value *lr)
{
	u64 v = lr_access(i, false, 0);

	lr->vintid = (u32)FIELD_GET(31, 0, v);
	lr->pintid = (u32)FIELD_GET(44, 32, v);
	lr->priority = (u8)FIELD_GET(55, 48, v);
	lr->group1 = v & LR_GROUP1;
	lr->hw = v & LR_HW;
	lr->eoi_notify = !lr->hw && (v & LR_EOI);
	lr->state = (enum lr_state)LR_STATE(v);
}

static void v3_write_lr(u32 i, const struct lr_value *lr)
{
	u64 v = FIELD_PREP(63, 62, lr->state) |
		FIELD_PREP(55, 48, lr->priority) |
		FIELD_PREP(31, 0, lr->vintid) | LR_GROUP1;

	if (lr->hw)
		v |= LR_HW | FIELD_PREP(44, 32, lr->pintid);
	else if (lr->eoi_notify)
		v |= LR_EOI;
	lr_access(i, true, v);
}

/* A software SGI into ICH_LR0_EL2 when every list register is empty
 * (ICH_ELRSR_EL2 all ones): State [63:62] pending, Group [60] 1,
 * Priority [55:48], vINTID [31:0]. The usual case of an IPI, without
 * reading any LR. */
static bool v3_place_sgi(u32 sgi)
{
	static u64 all_lrs;

	if (!all_lrs)
		all_lrs = BITS(v3_nr_lrs() - 1, 0);
	if (read_sysreg(ICH_ELRSR_EL2) != all_lrs)
		return false;
	write_sysreg(S3_4_C12_C12_0,
		     FIELD_PREP(63, 62, LR_PENDING) | LR_GROUP1 |
			 FIELD_PREP(55, 48, GIC_DEFAULT_PRIO) | sgi);
	return true;
}

static u64 v3_empty_lrs(void)
{
	return read_sysreg(ICH_ELRSR_EL2);
}

static u64 v3_eoi_lrs(void)
{
	return read_sysreg(ICH_EISR_EL2);
}

/* ICH_HCR_EL2.UIE (bit 1): maintenance interrupt when at most one LR
 * holds a valid interrupt. */
static void v3_set_underflow_irq(bool on)
{
	u64 hcr = read_sysreg(ICH_HCR_EL2);

	write_sysreg(ICH_HCR_EL2, on ? hcr | BIT(1) : hcr & ~BIT(1));
	isb();
}

static void v3_reset_virtual_cpu(void)
{
	for (u32 i = 0; i < v3_nr_lrs(); i++)
		lr_access(i, true, 0);
	write_sysreg(ICH_VMCR_EL2, 0);
	write_sysreg(ICH_AP1R0_EL2, 0);
	write_sysreg(ICH_HCR_EL2, 1);
	isb();
}

const struct gic_ops gicv3_ops = {
    .version = 3,
    .init_dist = v3_init_dist,
    .init_cpu = v3_init_cpu,
    .ack = v3_ack,
    .eoi = v3_eoi,
    .deactivate = v3_deactivate,
    .send_sgi = v3_send_sgi,
    .route_spi = v3_route_spi,
    .enable = v3_enable,
    .disable = v3_disable,
    .nr_lrs = v3_nr_lrs,
    .read_lr = v3_read_lr,
    .write_lr = v3_write_lr,
    .place_sgi = v3_place_sgi,
    .empty_lrs = v3_empty_lrs,
    .eoi_lrs = v3_eoi_lrs,
    .set_underflow_irq = v3_set_underflow_irq,
    .reset_virtual_cpu = v3_reset_virtual_cpu,
};
