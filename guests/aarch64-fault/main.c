/*
 * cvisor fault tests (tests/system/test_faults_aarch64.py): a zone that
 * shows its progress, and zones that fail in the ways a guest can: a
 * panic that resets the zone, a spin with interrupts masked, an exception
 * it cannot take. The mode is chosen at build time (Makefile MODE=).
 * Time comes from the virtual counter (CNTVCT_EL0 / CNTFRQ_EL0), no
 * interrupt is used, so a tick says only "this vCPU is running".
 */
#include <stdint.h>

#include "console.h"
#include "exc.h"
#include "smccc.h"
#include "sysreg.h"

#define TICK_MS		   100
#define TICKS_BEFORE_FAULT 10
#define PSCI_SYSTEM_RESET  0x84000009UL

#if defined(MODE_ticker_root) || defined(MODE_manager)
const char con_prefix[] = "[ticker] ";
#elif defined(MODE_ticker)
const char con_prefix[] = "[ticker] ";
#else
const char con_prefix[] = "[fault] ";
#endif

static uint64_t now_ms(void)
{
	return read_sysreg(cntvct_el0) * 1000 / read_sysreg(cntfrq_el0);
}

/* Print "tick N" every TICK_MS for n ticks (0: for ever). */
static void tick(uint32_t n)
{
	uint64_t next = now_ms() + TICK_MS;

	for (uint32_t i = 1; !n || i <= n; i++) {
		while (now_ms() < next)
			;
		next += TICK_MS;
		gprint("tick %u\n", i);
	}
}

/* Nothing is expected to trap: say what did, and stop. */
void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	gprint("unexpected exception: vector %lu esr 0x%lx elr 0x%lx\n", vec,
	       read_sysreg(esr_el1), f->elr);
	park();
}

#if defined(MODE_manager)
/* cvisor's management calls, by HVC from the root zone. */
#define HC_ZONE_START	 CV_HC(0x12)
#define HC_ZONE_SHUTDOWN CV_HC(0x13)
#define HC_ZONE_RESTART	 CV_HC(0x14)
#define RACE_ZONE	 2
#define NR_RESULTS	 8 /* 0 and the CV_HC_E* codes -1..-6 */

static uint32_t results[3][NR_RESULTS];

static void count(uint32_t op, long r)
{
	results[op][r >= 0 ? 0 : -r < NR_RESULTS ? -r : NR_RESULTS - 1]++;
}

/* Restart, shut down and start zone 2 as fast as possible while it
 * resets or powers itself off at once when it starts (mode selfstop),
 * with a tick every 100 ms; then one clean stop and start. */
static void race(uint32_t ticks)
{
	static const unsigned long ops[3] = {HC_ZONE_RESTART, HC_ZONE_SHUTDOWN,
					     HC_ZONE_START};
	uint64_t next = now_ms() + TICK_MS;

	for (uint32_t i = 1; i <= ticks;) {
		for (uint32_t op = 0; op < 3; op++)
			count(op, smccc_hvc(ops[op], op == 2 ? 0 : RACE_ZONE,
					    op == 2 ? RACE_ZONE : 0, 0));
		if (now_ms() >= next) {
			gprint("tick %u\n", i++);
			next += TICK_MS;
		}
	}
	for (uint32_t op = 0; op < 3; op++)
		gprint("race op %u: ok %u, einval %u, eperm %u, enoent %u, "
		       "ebusy %u\n",
		       op, results[op][0], results[op][2], results[op][3],
		       results[op][4], results[op][5]);
	gprint("final shutdown %ld\n",
	       smccc_hvc(HC_ZONE_SHUTDOWN, RACE_ZONE, 0, 0));
	gprint("final start %ld\n", smccc_hvc(HC_ZONE_START, 0, RACE_ZONE, 0));
}
#endif

#if !defined(MODE_ticker) && !defined(MODE_ticker_root) &&                     \
    !defined(MODE_manager) && !defined(MODE_selfstop)
static void fail(void)
{
#if defined(MODE_panic)
	gprint("Kernel panic - not syncing: fault test: rebooting\n");
	smccc_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	gprint("SYSTEM_RESET returned\n");
#elif defined(MODE_spin)
	gprint("spinning with interrupts masked\n");
	__asm__ volatile("msr daifset, #0xf\n1: b 1b");
#elif defined(MODE_exception)
	/* VBAR_EL1 = 0x1000: below the zone's RAM (0x40000000), so the
	 * vector fetch is a stage-2 fault that cvisor reflects, to the
	 * same vector: a loop of aborts. */
	gprint("exception with VBAR_EL1 outside RAM\n");
	__asm__ volatile("msr vbar_el1, %0\n isb\n udf #0" ::"r"(0x1000UL));
#endif
	gprint("fault mode did not fault\n");
}
#endif

void fault_main(unsigned long dtb);
void fault_main(unsigned long dtb)
{
	(void)dtb;
	gprint("up\n");
#if defined(MODE_ticker_root)
	tick(60);
	gprint("done\n");
	system_off();
#elif defined(MODE_manager)
	race(50);
	tick(10); /* zone 2 comes up once more meanwhile */
	gprint("done\n");
	system_off();
#elif defined(MODE_selfstop)
	/* At once, SYSTEM_RESET or SYSTEM_OFF (by the counter's bit 10). */
	(void)tick;
	smccc_hvc((read_sysreg(cntvct_el0) >> 10) & 1 ? PSCI_SYSTEM_OFF
						      : PSCI_SYSTEM_RESET,
		  0, 0, 0);
	gprint("still running after SYSTEM_RESET/OFF\n");
#elif defined(MODE_ticker)
	tick(0);
#else
	tick(TICKS_BEFORE_FAULT);
	fail();
	park();
#endif
}
