/*
 * cvisor isolation test, the victim: the root zone, which a hostile zone
 * attacks.  It fills a buffer of its RAM with a pattern, then re-checks
 * the buffer's checksum at every virtual timer tick for RUN_SECS
 * seconds, counts interrupts nobody of its own raised, checks that the
 * state of the SPI it owns is as it left it, and powers the machine off.
 * See README.md for the lines it prints.
 */
#include "victim.h"

const char con_prefix[] = "[victim] ";

#define FNV64_OFFSET 0xcbf29ce484222325UL
#define FNV64_PRIME  0x100000001b3UL

static volatile uint32_t ticks;
static volatile uint32_t foreign_irqs;
static volatile uint32_t last_foreign;
static volatile uint32_t own_spi_irqs;
static volatile uint32_t expect_own_spi;
static uint64_t timer_period;

/* Word i of the buffer: a splitmix64 step, so no two words repeat. */
static uint64_t pattern(uint64_t i)
{
	uint64_t z = (i + 1) * 0x9e3779b97f4a7c15UL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

static volatile uint64_t *buffer(void)
{
	return (volatile uint64_t *)BUF_IPA;
}

static void fill_buffer(void)
{
	for (uint64_t i = 0; i < BUF_SIZE / 8; i++)
		buffer()[i] = pattern(i);
	dsb_sy();
}

/* FNV-1a over the 64-bit words of the buffer, read from memory. */
static uint64_t checksum(void)
{
	uint64_t h = FNV64_OFFSET;

	for (uint64_t i = 0; i < BUF_SIZE / 8; i++)
		h = (h ^ buffer()[i]) * FNV64_PRIME;
	return h;
}

static void report_first_change(void)
{
	for (uint64_t i = 0; i < BUF_SIZE / 8; i++) {
		uint64_t v = buffer()[i];

		if (v != pattern(i)) {
			gprint("first changed word at ipa 0x%lx: 0x%lx, "
			       "expected 0x%lx\n",
			       BUF_IPA + 8 * i, v, pattern(i));
			return;
		}
	}
}

static void timer_tick(void)
{
	if (!(read_sysreg(cntv_ctl_el0) & CNTV_CTL_ISTATUS))
		return; /* stale: the line dropped before we got here */
	ticks = ticks + 1;
	write_sysreg(timer_period, cntv_tval_el0);
	isb();
}

void irq_handler(void)
{
	uint32_t iar = gic_ack();
	uint32_t intid = gic_intid(iar);

	if (intid >= 1020)
		return; /* spurious */
	if (intid == TIMER_INTID) {
		timer_tick();
	} else if (intid == OWN_SPI && expect_own_spi) {
		own_spi_irqs = own_spi_irqs + 1;
	} else {
		foreign_irqs = foreign_irqs + 1;
		last_foreign = intid;
	}
	gic_eoi(iar);
}

static void timer_start(void)
{
	timer_period = read_sysreg(cntfrq_el0) / CHECK_HZ;
	write_sysreg(timer_period, cntv_tval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0); /* IMASK=0 */
	isb();
}

/*
 * Sleep until the next interrupt or `deadline`; false once it passed.
 * Checked with IRQs masked: an interrupt arriving between the check and
 * the WFI still wakes it, and is taken once they are unmasked again.
 */
static bool sleep_until(uint64_t deadline, uint32_t seen)
{
	bool before;

	irq_mask();
	before = now_ticks() < deadline;
	if (before && ticks == seen)
		wfi();
	irq_unmask();
	return before;
}

/* Returns the number of checks; *changed when the checksum moved. */
static uint32_t watch(uint64_t expected, bool *changed)
{
	uint64_t deadline = now_ticks() + read_sysreg(cntfrq_el0) * RUN_SECS;
	uint32_t seen = ticks, checks = 0;
	uint64_t sum;

	*changed = false;
	while (sleep_until(deadline, seen)) {
		if (ticks == seen)
			continue;
		seen = ticks;
		checks++;
		sum = checksum();
		if (*changed || sum == expected)
			continue;
		*changed = true;
		gprint("CHECKSUM CHANGED at check %u: 0x%lx, expected 0x%lx\n",
		       checks, sum, expected);
		report_first_change();
	}
	return checks;
}

/* The state gic_spi_setup() left: anything else was done to us. The
 * route reads 0 on both: IROUTER names vCPU 0; with one vCPU, GICv2's
 * ITARGETSR are RAZ/WI (IHI 0048B 4.3.12). */
static void check_own_spi(void)
{
	struct spi_state s;
	bool ok;

	gic_spi_read(OWN_SPI, &s);
	ok = s.enabled && !s.pending && !s.active && s.prio == SPI_PRIO &&
	     s.cfg == 0 && s.route == 0;
	gprint("spi %u: enabled %u pending %u active %u prio 0x%x cfg %u "
	       "route 0x%lx: %s\n",
	       OWN_SPI, s.enabled, s.pending, s.active, s.prio, s.cfg, s.route,
	       ok ? "unchanged" : "CHANGED BY SOMEONE ELSE");
}

/* Our own SPI still reaches us: set it pending, wait <= 1 s for it. */
static void self_test_own_spi(void)
{
	uint64_t deadline = now_ticks() + read_sysreg(cntfrq_el0);

	expect_own_spi = 1;
	gic_spi_set_pending(OWN_SPI);
	while (!own_spi_irqs && sleep_until(deadline, ticks))
		;
	expect_own_spi = 0;
	gprint("spi %u self-test: %s\n", OWN_SPI,
	       own_spi_irqs ? "delivered" : "NOT DELIVERED");
}

static void report(uint32_t checks, bool changed)
{
	if (!changed)
		gprint("checksum ok after %u checks\n", checks);
	else
		gprint("CHECKSUM CHANGED: %u checks\n", checks);
	gprint("interrupts: %u timer ticks, %u foreign (last intid %u)\n",
	       (unsigned int)ticks, (unsigned int)foreign_irqs,
	       (unsigned int)last_foreign);
}

void victim_main(void)
{
	int gic = gic_detect();
	uint64_t sum;
	uint32_t checks;
	bool changed;

	gprint("hello: vcpu0 el=%lu, gic v%d\n",
	       (read_sysreg(CurrentEL) >> 2) & 3, gic);
	fill_buffer();
	sum = checksum();
	gprint("checksum 0x%lx over %lu bytes at ipa 0x%lx\n", sum, BUF_SIZE,
	       BUF_IPA);
	gic_init();
	gic_spi_setup(OWN_SPI);
	timer_start();
	irq_unmask();
	gprint("watching for %u s\n", RUN_SECS);
	checks = watch(sum, &changed);
	check_own_spi();
	self_test_own_spi();
	irq_mask();
	write_sysreg(0, cntv_ctl_el0);
	isb();
	report(checks, changed);
	gprint("done, system off\n");
	system_off();
}
