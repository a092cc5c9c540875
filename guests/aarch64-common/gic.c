/*
 * Minimal GICv2 / GICv3 driver: detection, the distributor, this CPU's
 * interface and redistributor, SPI routing.  Acknowledge and EOI are in
 * gic_irq.c.
 */
#include "gic.h"
#include "mmio.h"
#include "probe.h"
#include "sysreg.h"

/* Distributor */
#define GICD_CTLR	  0x0000
#define GICD_CTLR_RWP	  (1U << 31) /* v3: register write pending */
#define GICD_CTLR_ARE	  (1U << 4)  /* ARE_NS, or ARE when DS=1 */
#define GICD_CTLR_GRP1	  (1U << 1)  /* EnableGrp1NS, or EnableGrp1 (DS=1) */
#define GICD_CTLR_V2_EN	  (1U << 0)  /* v2: EnableGrp0 */
#define GICD_IGROUPR(n)	  (0x0080 + 4 * ((n) / 32))
#define GICD_ISENABLER(n) (0x0100 + 4 * ((n) / 32))
#define GICD_ITARGETSR(n) (0x0800 + ((n) & ~3U)) /* v2, byte per INTID */
#define GICD_IROUTER(n)	  (0x6000 + 8 * (n))	 /* v3, 64-bit */
#define GICD_PIDR2_V3	  0xFFE8
#define GICD_PIDR2_V2	  0x0FE8
#define PIDR2_ARCHREV(v)  (((v) >> 4) & 0xf)

/* Redistributor: RD_base frame, then SGI_base frame at +64 KiB. */
#define GICR_STRIDE	0x20000
#define GICR_MAX_FRAMES 64
#define GICR_TYPER	0x0008
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER	0x0014
#define GICR_WAKER_PS	(1U << 1) /* ProcessorSleep */
#define GICR_WAKER_CA	(1U << 2) /* ChildrenAsleep */
#define GICR_SGI_BASE	0x10000

/* GICv2 CPU interface */
#define GICC_CTLR 0x00
#define GICC_PMR  0x04

#define PRIO_MASK_ALL 0xFF /* lowest priority mask: let everything in */

/* GICv3 CPU interface system registers, spelt by encoding. */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SRE_SRE	(1UL << 0)

/* ID_AA64PFR0_EL1.GIC, bits [27:24]: GICv3 system registers present. */
static bool cpu_has_gic_sysregs(void)
{
	return ((read_sysreg(ID_AA64PFR0_EL1) >> 24) & 0xf) != 0;
}

/*
 * GICD_PIDR2.ArchRev lives at 0xFFE8 in a GICv3 distributor but at 0xFE8
 * in a 4 KiB GICv2 one, where 0xFFE8 may be unmapped (QEMU then raises an
 * external abort), hence the guarded reads.
 */
int gic_detect(void)
{
	uint32_t pidr2;

	gic_version = 0;
	if (probe_read32(GICD_BASE + GICD_PIDR2_V3, &pidr2)) {
		switch (PIDR2_ARCHREV(pidr2)) {
		case 3:
		case 4:
			gic_version = 3;
			break;
		case 2:
			gic_version = 2;
			break;
		}
	}
	if (!gic_version && probe_read32(GICD_BASE + GICD_PIDR2_V2, &pidr2)) {
		if (PIDR2_ARCHREV(pidr2) == 1 || PIDR2_ARCHREV(pidr2) == 2)
			gic_version = 2;
	}
	if (!gic_version)
		gic_version = cpu_has_gic_sysregs() ? 3 : 2;
	return gic_version;
}

static void gicd_wait_rwp(void)
{
	while (mmio_read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/*
 * v3: write 0x12: bit 4 is ARE_NS (ARE when GICD_CTLR.DS=1) and bit 1 is
 * EnableGrp1NS (EnableGrp1 when DS=1).  Bit 0 stays clear: with DS=1 it
 * would enable group 0, which we do not use.  v2: group 0.
 */
void gic_dist_init(void)
{
	if (gic_version == 3) {
		mmio_write32(GICD_BASE + GICD_CTLR,
			     GICD_CTLR_ARE | GICD_CTLR_GRP1);
		gicd_wait_rwp();
	} else {
		mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_V2_EN);
	}
}

void gic_dist_readback(void)
{
	if (gic_version == 3)
		(void)mmio_read32(GICD_BASE + GICD_CTLR);
}

void gic_set_byte(uintptr_t reg, unsigned int intid, uint8_t val)
{
	unsigned int shift = (intid & 3) * 8;
	uint32_t word = mmio_read32(reg);

	word &= ~(0xffU << shift);
	word |= (uint32_t)val << shift;
	mmio_write32(reg, word);
}

/* MPIDR_EL1 Aff3.Aff2.Aff1.Aff0 packed as in GICR_TYPER[63:32]. */
static uint32_t mpidr_to_gicr_aff(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
}

/* MPIDR_EL1 affinity as GICD_IROUTER wants it (Interrupt_Routing_Mode 0). */
static uint64_t mpidr_to_irouter(uint64_t mpidr)
{
	return mpidr & 0xff00ffffffUL;
}

/* The CPU interface mask of this CPU: ITARGETSR0-7 read it back (v2). */
static uint8_t gicv2_cpu_mask(void)
{
	uint8_t mask = (uint8_t)mmio_read32(GICD_BASE + GICD_ITARGETSR(0));

	return mask ? mask : 1; /* RAZ on a uniprocessor GIC */
}

void gic_enable_spi(uint32_t intid, uint8_t prio)
{
	uint32_t bit = 1U << (intid % 32);

	if (gic_version == 3) {
		uintptr_t grp = GICD_BASE + GICD_IGROUPR(intid);

		mmio_write32(grp, mmio_read32(grp) | bit);
		mmio_write64(GICD_BASE + GICD_IROUTER(intid),
			     mpidr_to_irouter(read_sysreg(mpidr_el1)));
	} else {
		gic_set_byte(GICD_BASE + GICD_ITARGETSR(intid), intid,
			     gicv2_cpu_mask());
	}
	gic_set_byte(GICD_BASE + IPRIORITYR(intid), intid, prio);
	mmio_write32(GICD_BASE + GICD_ISENABLER(intid), bit);
	if (gic_version == 3)
		gicd_wait_rwp();
}

void gic_enable_banked(int version, uintptr_t banked, uint32_t intid,
		       uint8_t prio)
{
	uint32_t bit = 1U << intid;

	/* GICR_IGROUPR0 and GICR_ISENABLER0 sit at GICD_IGROUPR(0) and
	 * GICD_ISENABLER(0)'s offsets in the SGI_base frame. */
	if (version == 3)
		mmio_write32(banked + GICD_IGROUPR(0),
			     mmio_read32(banked + GICD_IGROUPR(0)) | bit);
	gic_set_byte(banked + IPRIORITYR(intid), intid, prio);
	mmio_write32(banked + GICD_ISENABLER(0), bit);
}

static uintptr_t gicv3_find_rd(void)
{
	uint32_t aff = mpidr_to_gicr_aff(read_sysreg(mpidr_el1));
	uintptr_t rd = GICR_BASE;
	int i;

	for (i = 0; i < GICR_MAX_FRAMES; i++, rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

static void gicv3_wake_rd(uintptr_t rd)
{
	uint32_t waker = mmio_read32(rd + GICR_WAKER);

	mmio_write32(rd + GICR_WAKER, waker & ~GICR_WAKER_PS);
	while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CA)
		;
}

__attribute__((weak)) void gic_cpu_setup_hook(int version, uintptr_t banked)
{
	(void)version;
	(void)banked;
}

/* A sleeping redistributor delivers nothing, SPIs included. */
static int gicv3_cpu_init(void)
{
	uintptr_t rd;

	wr_sysreg(rd_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE, ICC_SRE_EL1);
	isb();
	rd = gicv3_find_rd();
	if (!rd)
		return -1;
	gicv3_wake_rd(rd);
	gic_cpu_setup_hook(3, rd + GICR_SGI_BASE);
	wr_sysreg(PRIO_MASK_ALL, ICC_PMR_EL1);
	wr_sysreg(0, ICC_BPR1_EL1);
	wr_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
	return 0;
}

/* GICD_ISENABLER0 and IPRIORITYR0-7 are banked per CPU for SGIs/PPIs. */
static int gicv2_cpu_init(void)
{
	gic_cpu_setup_hook(2, GICD_BASE);
	mmio_write32(GICC_BASE + GICC_PMR, PRIO_MASK_ALL);
	mmio_write32(GICC_BASE + GICC_CTLR, 1); /* EnableGrp0 */
	return 0;
}

int gic_cpu_init(void)
{
	return gic_version == 3 ? gicv3_cpu_init() : gicv2_cpu_init();
}
