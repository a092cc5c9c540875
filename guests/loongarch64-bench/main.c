/*
 * cvisor loongarch64 benchmark guest: one CPU, PLV0, direct address mode,
 * directly on QEMU or in LVZ guest mode as a cvisor zone (cvisor sets
 * GCNTC = 0: the guest's stable counter is the machine's). It times each
 * operation with rdtime.d and prints
 *
 *	BENCH <name> ticks=<counter delta> n=<iterations>
 *
 * for scripts/bench/arch_costs.py, the same lines as guests/aarch64-bench.
 * Under QEMU -icount shift=0 one instruction is one virtual ns: a tick of
 * the 100 MHz counter is 10 instructions. See README.md.
 */
#include "guest.h"

#define CV_HC_BASE    0xc6000000UL
#define CV_HC_VERSION 0
#define CV_HC_NOP     1
/* The ACPI GED sleep-control register: QEMU's GED directly, emulated by
 * cvisor (arch/loongarch64/ged.c) in a zone. */
#define GED_SLEEP_CTL 0x100e001cUL
/* Outside the zone's 16 MiB under cvisor; directly (-m 128M) nothing
 * answers there and QEMU reads 0 without an exception. */
#define FAULT_ADDR 0x0c000000UL

#define ECODE(estat)  (((estat) >> 16) & 0x3f)
#define TCFG_EN	      (1UL << 0)
#define TCFG_INIT_MIN 4 /* InitVal [n:2]: the shortest one-shot count */
#define N_LOOP	      2000
#define N_FAULT	      200
/* cvisor logs a zone's first 64 warnings, then one summary line each
 * time the count doubles (core/zone_log.c): 1 + 300 warm faults put
 * the timed ones between 256 and 512, past any log line. */
#define N_FAULT_WARM 300
#define N_IRQ	     2000

static volatile unsigned int irqs, irq_target, faults, faults_expected;
static volatile unsigned int probe_armed, probe_faulted;

static inline uint64_t rdtime(void)
{
	uint64_t t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t)::"memory");
	return t;
}

/* One timed loop: `n` times `or $a0, arg, $zero; op; addi.d; bnez` (the
 * `or` loads the hypercall id; every loop has it, the nop loop too). */
#define TIMED_LOOP(fn, op)                                                     \
	static uint64_t fn(uint64_t n, unsigned long arg)                      \
	{                                                                      \
		register uint64_t r_n __asm__("$t1") = n;                      \
		register unsigned long r_arg __asm__("$t2") = arg;             \
		uint64_t t0, t1;                                               \
                                                                               \
		__asm__ volatile("rdtime.d %0, $zero\n"                        \
				 "1: or $a0, %3, $zero\n" op "\n"              \
				 "addi.d %2, %2, -1\n"                         \
				 "bnez %2, 1b\n"                               \
				 "rdtime.d %1, $zero"                          \
				 : "=&r"(t0), "=&r"(t1), "+r"(r_n)             \
				 : "r"(r_arg)                                  \
				 : "$a0", "$t0", "memory");                    \
		return t1 - t0;                                                \
	}

TIMED_LOOP(loop_nop, "nop")
TIMED_LOOP(loop_hvcl, "hvcl 0")
TIMED_LOOP(loop_load, "ld.bu $t0, %3, 0")
TIMED_LOOP(loop_fault, "ld.w $t0, %3, 0")

static void report(const char *name, uint64_t ticks, uint64_t n)
{
	gprint("BENCH %s ticks=%lu n=%lu\n", name, ticks, n);
}

static void __attribute__((noreturn)) power_off(void)
{
	*(volatile uint8_t *)GED_SLEEP_CTL = (5 << 2) | 0x20; /* S5 */
	for (;;)
		;
}

/* The timer is re-armed with the shortest one-shot count until
 * irq_target interrupts are in. */
static void timer_irq(void)
{
	csr_write(CSR_TICLR, 1);
	irqs = irqs + 1;
	csr_write(CSR_TCFG, irqs < irq_target ? TCFG_INIT_MIN | TCFG_EN : 0);
}

void guest_trap(void)
{
	unsigned long estat = csr_read(CSR_ESTAT);

	if (ECODE(estat) == 0 && (estat & INT_TI)) {
		timer_irq();
		return;
	}
	if (ECODE(estat) && faults_expected) {
		faults = faults + 1;
		csr_write(CSR_ERA, csr_read(CSR_ERA) + 4); /* skip the ld.w */
		return;
	}
	if (ECODE(estat) && probe_armed) {
		/* hvcl with no hypervisor behind it */
		probe_faulted = 1;
		csr_write(CSR_ERA, csr_read(CSR_ERA) + 4);
		return;
	}
	gprint("BENCH error unexpected-exception estat=0x%lx era=0x%lx "
	       "badv=0x%lx\n",
	       estat, csr_read(CSR_ERA), csr_read(CSR_BADV));
	power_off();
}

static bool probe_cvisor(void)
{
	register unsigned long a0 __asm__("$a0") = CV_HC_BASE | CV_HC_VERSION;

	probe_armed = 1;
	__asm__ volatile("hvcl 0" : "+r"(a0)::"memory");
	probe_armed = 0;
	return !probe_faulted && (long)a0 > 0;
}

static uint64_t faults_in(uint64_t n)
{
	uint64_t t;

	faults = 0;
	faults_expected = 1;
	t = loop_fault(n, FAULT_ADDR);
	faults_expected = 0;
	return t;
}

/* A stage-2 fault: directly there is none (QEMU reads 0), said so. */
static void bench_s2fault(void)
{
	uint64_t t = faults_in(1);

	if (faults != 1) {
		gprint("BENCH skip s2fault (no exception: %u faults)\n",
		       faults);
		return;
	}
	report("s2fault_logged", t, 1);
	(void)faults_in(N_FAULT_WARM);
	report("s2fault", faults_in(N_FAULT), N_FAULT);
}

static uint64_t timer_irqs(unsigned int n)
{
	uint64_t t0, t1;

	irqs = 0;
	irq_target = n;
	csr_xchg(CSR_ECFG, INT_TI, INT_TI);
	csr_write(CSR_TCFG, TCFG_INIT_MIN | TCFG_EN);
	t0 = rdtime();
	csr_xchg(CSR_CRMD, CRMD_IE, CRMD_IE);
	while (irqs < n)
		__asm__ volatile("" ::: "memory");
	csr_xchg(CSR_CRMD, 0, CRMD_IE);
	t1 = rdtime();
	csr_xchg(CSR_ECFG, 0, INT_TI);
	return t1 - t0;
}

void guest_main(void)
{
	uint64_t boot = rdtime();
	bool cvisor = probe_cvisor();

	gprint("BENCH env hyp=%s cntfrq=%u\n", cvisor ? "cvisor" : "none",
	       cpucfg(4));
	report("boot", boot, 1);
	report("nop", loop_nop(N_LOOP, 0), N_LOOP);
	if (cvisor)
		report("hvc_null", loop_hvcl(N_LOOP, CV_HC_BASE | CV_HC_NOP),
		       N_LOOP);
	report("mmio_ged", loop_load(N_LOOP, GED_SLEEP_CTL), N_LOOP);
	bench_s2fault();
	report("timer_irq", timer_irqs(N_IRQ), N_IRQ);
	gprint("BENCH done\n");
	power_off();
}
