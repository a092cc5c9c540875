/*
 * Just enough GICv2/GICv3 for the victim's one vCPU: the virtual timer
 * PPI, the one SPI the zone owns, and reading that SPI's state back to
 * see whether anybody else changed it.  Group 1 on GICv3 (system
 * register CPU interface), group 0 (reset default) on GICv2.  The
 * acknowledge and EOI are ../aarch64-common/gic_irq.c's (gic_version).
 */
#include "victim.h"

#define GICD_CTLR	 0x0000
#define GICD_CTLR_RWP	 (1U << 31)
#define GICD_CTLR_ARE	 (1U << 4) /* ARE_NS, or ARE when DS=1 */
#define GICD_CTLR_GRP1	 (1U << 1) /* EnableGrp1NS, or EnableGrp1 (DS=1) */
#define GICD_CTLR_V2_EN	 (1U << 0)
#define GICD_ISENABLER	 0x0100
#define GICD_ISPENDR	 0x0200
#define GICD_ISACTIVER	 0x0300
#define GICD_IPRIORITYR	 0x0400
#define GICD_ITARGETSR	 0x0800 /* v2 */
#define GICD_ICFGR	 0x0c00
#define GICD_IROUTER	 0x6000 /* v3 */
#define GICD_PIDR2_V3	 0xffe8
#define GICD_PIDR2_V2	 0x0fe8
#define PIDR2_ARCHREV(v) (((v) >> 4) & 0xf)

/* One bit per interrupt: the word and the bit of `intid`. */
#define BIT_REG(base, id) ((base) + 4 * ((id) / 32))
#define BIT_OF(id)	  (1U << ((id) % 32))

#define GICR_STRIDE	0x20000
#define GICR_MAX_FRAMES 64
#define GICR_TYPER	0x0008
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER	0x0014
#define GICR_WAKER_PS	(1U << 1)
#define GICR_WAKER_CA	(1U << 2)
#define GICR_SGI_BASE	0x10000
#define GICR_IGROUPR0	0x0080

#define GICC_CTLR 0x00
#define GICC_PMR  0x04

#define PRIO_MASK_ALL 0xff

#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7

/* PIDR2 is at 0xffe8 on v3 but 0xfe8 on a 4 KiB v2 distributor. */
int gic_detect(void)
{
	uint32_t pidr2;

	if (probe_read32(GICD_BASE + GICD_PIDR2_V3, &pidr2) &&
	    PIDR2_ARCHREV(pidr2) >= 3)
		gic_version = 3;
	else if (probe_read32(GICD_BASE + GICD_PIDR2_V2, &pidr2) &&
		 PIDR2_ARCHREV(pidr2) >= 1 && PIDR2_ARCHREV(pidr2) <= 2)
		gic_version = 2;
	else
		gic_version =
		    (read_sysreg(ID_AA64PFR0_EL1) >> 24) & 0xf ? 3 : 2;
	return gic_version;
}

static void set_prio(uintptr_t bank, uint32_t intid, uint8_t prio)
{
	mmio_write8(bank + GICD_IPRIORITYR + intid, prio);
}

static uintptr_t gicv3_find_rd(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t aff =
	    (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
	uintptr_t rd = GICR_BASE;

	for (int i = 0; i < GICR_MAX_FRAMES; i++, rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return GICR_BASE;
}

static void gicv3_init(void)
{
	uintptr_t rd, sgi;

	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	while (mmio_read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
	wr_sysreg(rd_sysreg(ICC_SRE_EL1) | 1, ICC_SRE_EL1);
	isb();
	rd = gicv3_find_rd();
	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PS);
	while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CA)
		;
	/* SGIs and the timer in group 1; SGIs count as foreign. */
	sgi = rd + GICR_SGI_BASE;
	mmio_write32(sgi + GICR_IGROUPR0, mmio_read32(sgi + GICR_IGROUPR0) |
					      0xffffU | BIT_OF(TIMER_INTID));
	set_prio(sgi, TIMER_INTID, SPI_PRIO);
	mmio_write32(sgi + GICD_ISENABLER, 0xffffU | BIT_OF(TIMER_INTID));
	wr_sysreg(PRIO_MASK_ALL, ICC_PMR_EL1);
	wr_sysreg(0, ICC_BPR1_EL1);
	wr_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
}

/* Banked SGI/PPI registers of this CPU interface in the distributor. */
static void gicv2_init(void)
{
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_V2_EN);
	set_prio(GICD_BASE, TIMER_INTID, SPI_PRIO);
	mmio_write32(GICD_BASE + GICD_ISENABLER, 0xffffU | BIT_OF(TIMER_INTID));
	mmio_write32(GICC_BASE + GICC_PMR, PRIO_MASK_ALL);
	mmio_write32(GICC_BASE + GICC_CTLR, 1);
}

void gic_init(void)
{
	if (gic_version == 3)
		gicv3_init();
	else
		gicv2_init();
}

/* Level-sensitive, priority, route to this vCPU (vCPU 0), enable. */
void gic_spi_setup(uint32_t intid)
{
	uintptr_t cfg = GICD_BASE + GICD_ICFGR + 4 * (intid / 16);

	mmio_write32(cfg, mmio_read32(cfg) & ~(3U << (2 * (intid % 16))));
	set_prio(GICD_BASE, intid, SPI_PRIO);
	if (gic_version == 3)
		mmio_write64(GICD_BASE + GICD_IROUTER + 8 * intid, 0);
	else
		mmio_write8(GICD_BASE + GICD_ITARGETSR + intid, 1);
	mmio_write32(BIT_REG(GICD_BASE + GICD_ISENABLER, intid), BIT_OF(intid));
}

static uint32_t read_bit(uintptr_t base, uint32_t intid)
{
	return !!(mmio_read32(BIT_REG(base, intid)) & BIT_OF(intid));
}

void gic_spi_read(uint32_t intid, struct spi_state *s)
{
	uint32_t cfg = mmio_read32(GICD_BASE + GICD_ICFGR + 4 * (intid / 16));

	s->enabled = read_bit(GICD_BASE + GICD_ISENABLER, intid);
	s->pending = read_bit(GICD_BASE + GICD_ISPENDR, intid);
	s->active = read_bit(GICD_BASE + GICD_ISACTIVER, intid);
	s->prio = mmio_read8(GICD_BASE + GICD_IPRIORITYR + intid);
	s->cfg = (cfg >> (2 * (intid % 16))) & 3;
	if (gic_version == 3)
		s->route = mmio_read64(GICD_BASE + GICD_IROUTER + 8 * intid);
	else
		s->route = mmio_read8(GICD_BASE + GICD_ITARGETSR + intid);
}

void gic_spi_set_pending(uint32_t intid)
{
	mmio_write32(BIT_REG(GICD_BASE + GICD_ISPENDR, intid), BIT_OF(intid));
}
