/*
 * GICv3 redistributor rules: one frame per vCPU (RD_base, SGI_base), the
 * vCPU's identity in TYPER, SGIs virtual (enabled, Group 1, edge).
 */
#include "conf.h"

static uintptr_t frame(unsigned int v)
{
	return GICR_BASE + (uintptr_t)v * GICR_FRAME;
}

static void identity(void)
{
	for (unsigned int v = 0; v < NR_VCPUS; v++) {
		uint64_t t = mmio_read64(frame(v) + GICR_TYPER);

		check("GICR_TYPER.Affinity = the vCPU's MPIDR", t >> 32, v);
		check("GICR_TYPER.Processor_Number", (t >> 8) & 0xffff, v);
		check("GICR_TYPER.Last only on the last frame", (t >> 4) & 1,
		      v == NR_VCPUS - 1);
		check("GICR_TYPER.PLPIS = 0", t & 1, 0);
		mmio_write64(frame(v) + GICR_TYPER, 0);
		check("GICR_TYPER is read-only",
		      mmio_read64(frame(v) + GICR_TYPER), t);
	}
}

static void waker(void)
{
	uintptr_t w = frame(1) + GICR_WAKER;

	w32(w, 0xfffffffdU);
	check("GICR_WAKER: ProcessorSleep clear, the rest RAZ/WI", r32(w), 0);
	w32(w, 2);
	check("GICR_WAKER: ChildrenAsleep follows ProcessorSleep", r32(w), 6);
}

static void sgi_frame(void)
{
	uintptr_t sgi = frame(0) + GICR_SGI;
	bool same = true;
	uint32_t mine, fields = 0;

	/* The interrupts this vCPU has: the SGIs and the PPIs it can
	 * enable (its timers). */
	w32(sgi + GICD_ISENABLER, 0xffffffffU);
	mine = r32(sgi + GICD_ISENABLER);
	w32(sgi + GICD_ICENABLER, ~0xffffU);
	check_true("GICR: the virtual timer PPI can be enabled",
		   mine & (1U << TIMER_PPI), mine);
	read_only("GICR IGROUPR0 is read-only", sgi + GICD_IGROUPR);
	check("GICR IGROUPR0: the vCPU's SGIs and PPIs Group 1, others RAZ",
	      r32(sgi + GICD_IGROUPR), mine);
	w32(sgi + GICD_ICENABLER, 0xffff);
	check("GICR SGIs always enabled", r32(sgi + GICD_ISENABLER) & 0xffff,
	      0xffff);
	check("GICR ICENABLER0 reads the enables",
	      r32(sgi + GICD_ICENABLER) & 0xffff, 0xffff);
	check("GICR ICFGR0: SGIs edge", r32(sgi + GICD_ICFGR), 0xaaaaaaaaU);
	read_only("GICR ICFGR0 is read-only", sgi + GICD_ICFGR);
	for (unsigned int irq = 16; irq < 32; irq++)
		if (mine & (1U << irq))
			fields |= 3U << (2 * (irq - 16));
	check("GICR ICFGR1: other zones' PPIs RAZ",
	      r32(sgi + GICD_ICFGR + 4) & ~fields, 0);
	for (unsigned int irq = 0; irq < 16; irq++) {
		mmio_write8(sgi + GICD_IPRIO + irq, 0xff);
		same = same && mmio_read8(sgi + GICD_IPRIO + irq) == prio_mask;
	}
	check_true("GICR IPRIORITYR: SGIs have the SPIs' mask", same,
		   prio_mask);
	mmio_write8(sgi + GICD_IPRIO + TIMER_PPI, 0xff);
	check("GICR IPRIORITYR: the timer PPI has the SPIs' mask",
	      mmio_read8(sgi + GICD_IPRIO + TIMER_PPI), prio_mask);
	mmio_write8(sgi + GICD_IPRIO + 25, 0xff);
	check("GICR IPRIORITYR: another zone's PPI RAZ/WI",
	      mmio_read8(sgi + GICD_IPRIO + 25), 0);
	w32(sgi + 0xd00, 0xffffffffU);
	check("GICR IGRPMODR0 RAZ/WI", r32(sgi + 0xd00), 0);
	w32(frame(0), 1);
	check("GICR_CTLR RAZ/WI (no LPIs)", r32(frame(0)), 0);
}

void gicr_checks(void)
{
	identity();
	waker();
	sgi_frame();
}
