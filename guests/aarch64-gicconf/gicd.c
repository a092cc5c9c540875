/*
 * Distributor rules, GICv2 and GICv3 (affinity routing on). Each check
 * writes, reads back and compares with what the GIC architecture says
 * (IHI 0048B for v2, IHI 0069 for v3); docs/gic-conformance.md lists
 * them.
 */
#include "conf.h"

#define D(off) (GICD_BASE + (off))

static uint32_t own_bits(unsigned int first)
{
	uint32_t m = 0;

	for (unsigned int i = 0; i < 32; i++)
		if (first + i >= OWN_FIRST && first + i <= OWN_LAST)
			m |= 1U << i;
	return m;
}

static unsigned int bits_set(uint32_t v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* IPRIORITYR: write 0xff, the implemented bits read back: at least 4,
 * the top ones, the same for every interrupt (the SPIs here; gicr.c and
 * the GICv2 part check the SGIs and the PPI against prio_mask). */
static void priorities_spis(void)
{
	uint32_t m;
	bool same = true;

	mmio_write8(D(GICD_IPRIO + OWN_FIRST), 0xff);
	m = mmio_read8(D(GICD_IPRIO + OWN_FIRST));
	prio_mask = m;
	check_true("IPRIORITYR: at least 4 priority bits", bits_set(m) >= 4, m);
	check_true("IPRIORITYR: implemented bits are the most significant",
		   ((m | (m - 1)) & 0xff) == 0xff, m);
	for (unsigned int irq = OWN_FIRST; irq <= OWN_LAST; irq++) {
		mmio_write8(D(GICD_IPRIO + irq), 0xff);
		same = same && mmio_read8(D(GICD_IPRIO + irq)) == m;
	}
	check_true("IPRIORITYR: every SPI of the zone has the same mask", same,
		   m);
	w32(D(GICD_IPRIO + OWN_FIRST), 0x10203040U);
	mmio_write8(D(GICD_IPRIO + OWN_FIRST + 1), 0xff);
	check("IPRIORITYR: byte write changes one field",
	      r32(D(GICD_IPRIO + OWN_FIRST)), 0x1020ff40U & (m * 0x01010101U));
	check("IPRIORITYR: byte read",
	      mmio_read8(D(GICD_IPRIO + OWN_FIRST + 3)), 0x10 & m);
	mmio_write8(D(GICD_IPRIO + FOREIGN_SPI), 0xff);
	check("IPRIORITYR: another zone's SPI is RAZ/WI",
	      mmio_read8(D(GICD_IPRIO + FOREIGN_SPI)), 0);
}

static void enables(void)
{
	uintptr_t set = D(GICD_ISENABLER + OWN_FIRST / 32 * 4);
	uintptr_t clr = D(GICD_ICENABLER + OWN_FIRST / 32 * 4);
	uint32_t own = own_bits(OWN_FIRST / 32 * 32);

	w32(set, 0xffffffffU);
	check("ISENABLER: the zone's SPIs set, others RAZ/WI", r32(set), own);
	check("ICENABLER reads the same enables", r32(clr), own);
	w32(clr, 0xffffffffU);
	check("ICENABLER clears", r32(set), 0);
	mmio_write8(set + 1, 0xff);
	check("ISENABLER: byte access (word-only register) ignored", r32(set),
	      0);
	w32(D(GICD_ISENABLER + FOREIGN_SPI / 32 * 4), 1U << (FOREIGN_SPI % 32));
	check("ISENABLER: another zone's SPI is RAZ/WI",
	      r32(D(GICD_ISENABLER + FOREIGN_SPI / 32 * 4)) &
		  (1U << (FOREIGN_SPI % 32)),
	      0);
}

static void config(void)
{
	uintptr_t cfg = D(GICD_ICFGR + OWN_FIRST / 16 * 4);
	uint32_t fields = 0;

	for (unsigned int irq = OWN_FIRST; irq <= OWN_LAST; irq++)
		fields |= 2U << (2 * (irq % 16));
	w32(cfg, 0xffffffffU);
	check("ICFGR: Int_config[1] of the zone's SPIs, bit 2F RES0/reserved",
	      r32(cfg), fields);
	w32(cfg, 0);
	check("ICFGR: level again", r32(cfg), 0);
}

static void common(int version)
{
	read_only("TYPER is read-only", D(GICD_TYPER));
	read_only("IIDR is read-only", D(GICD_IIDR));
	read_only("PIDR2 is read-only", D(version == 3 ? PIDR2_V3 : PIDR2_V2));
	check("PIDR2.ArchRev",
	      (r32(D(version == 3 ? PIDR2_V3 : PIDR2_V2)) >> 4) & 0xf,
	      (uint64_t)version);
	raz_wi("IGROUPR of absent interrupts (0x0c0) RAZ/WI", D(0x0c0));
	raz_wi("reserved 0x07c RAZ/WI", D(0x07c));
	priorities_spis();
	enables();
	config();
}

static void v2(void)
{
	uint32_t typer = r32(D(GICD_TYPER));
	bool sgis = true;

	check("v2 TYPER.CPUNumber = vCPUs - 1", (typer >> 5) & 7, NR_VCPUS - 1);
	w32(D(GICD_CTLR), 0xffffffffU);
	check("v2 CTLR: only Enable [0]", r32(D(GICD_CTLR)), 1);
	w32(D(GICD_ICENABLER), 0xffff);
	check("v2 SGIs always enabled (RAO/WI)",
	      r32(D(GICD_ISENABLER)) & 0xffff, 0xffff);
	check("v2 ICFGR0: SGIs edge", r32(D(GICD_ICFGR)), 0xaaaaaaaaU);
	read_only("v2 ICFGR0 is read-only", D(GICD_ICFGR));
	for (unsigned int irq = 0; irq < 16; irq++) {
		mmio_write8(D(GICD_IPRIO + irq), 0xff);
		sgis = sgis && mmio_read8(D(GICD_IPRIO + irq)) == prio_mask;
	}
	mmio_write8(D(GICD_IPRIO + TIMER_PPI), 0xff);
	check_true("v2 IPRIORITYR: SGIs have the SPIs' mask", sgis, prio_mask);
	check("v2 IPRIORITYR: the timer PPI has the SPIs' mask",
	      mmio_read8(D(GICD_IPRIO + TIMER_PPI)), prio_mask);
	check("v2 ITARGETSR0-7 name the reading CPU", r32(D(GICD_ITARGETSR)),
	      0x01010101U);
	read_only("v2 ITARGETSR0-7 are read-only", D(GICD_ITARGETSR + 28));
	mmio_write8(D(GICD_ITARGETSR + OWN_FIRST), 0xff);
	check("v2 ITARGETSR: bits of absent CPUs RAZ/WI",
	      mmio_read8(D(GICD_ITARGETSR + OWN_FIRST)), (1U << NR_VCPUS) - 1);
	w32(D(GICD_ITARGETSR + OWN_FIRST), 0x00010203U);
	check("v2 ITARGETSR: SPI targets kept as written",
	      r32(D(GICD_ITARGETSR + OWN_FIRST)), 0x00010203U);
	mmio_write8(D(GICD_ITARGETSR + OWN_FIRST + 3), 0x02);
	check("v2 ITARGETSR: byte write", r32(D(GICD_ITARGETSR + OWN_FIRST)),
	      0x02010203U);
	mmio_write8(D(GICD_ITARGETSR + FOREIGN_SPI), 0x01);
	check("v2 ITARGETSR: another zone's SPI is RAZ/WI",
	      mmio_read8(D(GICD_ITARGETSR + FOREIGN_SPI)), 0);
	w32(D(GICD_ITARGETSR + OWN_FIRST), 0x01010101U);
	raz_wi("v2 IGROUPR: Group 0 only, RAZ/WI", D(GICD_IGROUPR + 8));
	raz_wi("v2 reserved 0xd00 RAZ/WI", D(0xd00));
	check("v2 SGIR is write-only", r32(D(0xf00)), 0);
}

static void v3(void)
{
	uintptr_t route = D(GICD_IROUTER + 8 * OWN_FIRST);

	w32(D(GICD_CTLR), 0);
	check("v3 CTLR.ARE RAO/WI", r32(D(GICD_CTLR)), 0x10);
	w32(D(GICD_CTLR), 0xffffffffU);
	check("v3 CTLR: group enables RW, RWP 0", r32(D(GICD_CTLR)), 0x13);
	check("v3 TYPER: no LPIs, no MBIS", r32(D(GICD_TYPER)) & (3U << 16), 0);
	raz_wi("v3 IGROUPR0 RAZ/WI (ARE)", D(GICD_IGROUPR));
	raz_wi("v3 ISENABLER0 RAZ/WI (ARE)", D(GICD_ISENABLER));
	raz_wi("v3 IPRIORITYR0 RAZ/WI (ARE)", D(GICD_IPRIO));
	raz_wi("v3 ICFGR1 RAZ/WI (ARE)", D(GICD_ICFGR + 4));
	raz_wi("v3 ITARGETSR RAZ/WI (ARE)", D(GICD_ITARGETSR + OWN_FIRST));
	w32(D(GICD_IGROUPR + 8), 0);
	check("v3 IGROUPR: the zone's SPIs Group 1, RAO/WI",
	      r32(D(GICD_IGROUPR + 8)), own_bits(64));
	mmio_write64(route, ~0UL);
	check("v3 IROUTER: RES0 bits read 0", mmio_read64(route),
	      0xff80ffffffUL);
	w32(route + 4, 0);
	w32(route, 1);
	check("v3 IROUTER: 32-bit halves", mmio_read64(route), 1);
	mmio_write64(route, 0);
	raz_wi("v3 IROUTER of a PPI: reserved", D(GICD_IROUTER + 8 * 31));
	mmio_write64(D(GICD_IROUTER + 8 * FOREIGN_SPI), 1);
	check("v3 IROUTER: another zone's SPI RAZ/WI",
	      mmio_read64(D(GICD_IROUTER + 8 * FOREIGN_SPI)), 0);
	raz_wi("v3 IGRPMODR RAZ/WI", D(0xd08));
}

void gicd_checks(int version)
{
	common(version);
	if (version == 2)
		v2();
	else
		v3();
}
