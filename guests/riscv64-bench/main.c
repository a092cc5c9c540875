/*
 * cvisor riscv64 benchmark guest: one hart, S-mode directly on OpenSBI or
 * VS-mode as a cvisor zone, MMU off. It times each operation with the
 * time CSR (rdtime; cvisor sets htimedelta = 0) and prints
 *
 *	BENCH <name> ticks=<time delta> n=<iterations>
 *
 * for scripts/bench/arch_costs.py, the same lines as guests/aarch64-bench.
 * Under QEMU -icount shift=0 one instruction is one virtual ns, so a tick
 * of the 10 MHz timebase is 100 instructions: the loops run long enough
 * for that to vanish in the average. See README.md.
 */
#include "rvguest.h"

const char con_prefix[] = "";

#define CV_HC_NOP	 1
#define SBI_BASE_PROBE	 3 /* sbi_probe_extension */
#define SBI_BASE_SPECVER 0 /* sbi_get_spec_version */
#define SBI_SRST_RESET	 0

/* Past the end of RAM directly (-m 128M: 0x80000000-0x87ffffff) and
 * outside the zone's 16 MiB under cvisor. */
#define FAULT_ADDR 0x88000000ul
/* The NS16550's line status register: QEMU's UART directly, cvisor's
 * emulated console under cvisor. */
#define UART_LSR (UART_BASE + 5)

#define SCAUSE_IRQ	(1ul << 63)
#define IRQ_S_TIMER	5
#define EXC_LOAD_ACCESS 5
#define EXC_LOAD_PAGE	13
#define N_LOOP		2000
#define N_FAULT		200
/* cvisor logs a zone's first 64 warnings, then one summary line each
 * time the count doubles (core/zone_log.c): 1 + 300 warm faults put
 * the timed ones between 256 and 512, past any log line. */
#define N_FAULT_WARM 300
#define N_IRQ	     2000

static volatile uint32_t irqs, irq_target, faults, faults_expected;
static volatile bool irq_sstc;

static inline uint64_t rdtime(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t)::"memory");
	return t;
}

/*
 * One timed loop: `n` times `op` (4-byte instructions only: .option norvc,
 * so that the fault handler can step over a load with sepc += 4), then
 * `addi; bnez`. a0/a1 (an SBI call's results) are clobbered, a6/a7 hold
 * an SBI function and extension id, t2 the address operand.
 */
#define TIMED_LOOP(fn, op)                                                     \
	static uint64_t fn(uint64_t n, unsigned long ext, unsigned long fid,   \
			   unsigned long addr)                                 \
	{                                                                      \
		register unsigned long r7 __asm__("a7") = ext;                 \
		register unsigned long r6 __asm__("a6") = fid;                 \
		register unsigned long r_addr __asm__("t2") = addr;            \
		register uint64_t r_n __asm__("t1") = n;                       \
		uint64_t t0, t1;                                               \
                                                                               \
		__asm__ volatile(".option push\n.option norvc\n"               \
				 "rdtime %0\n"                                 \
				 "1: " op "\n"                                 \
				 "addi %2, %2, -1\n"                           \
				 "bnez %2, 1b\n"                               \
				 "rdtime %1\n"                                 \
				 ".option pop"                                 \
				 : "=&r"(t0), "=&r"(t1), "+r"(r_n)             \
				 : "r"(r7), "r"(r6), "r"(r_addr)               \
				 : "a0", "a1", "t0", "memory");                \
		return t1 - t0;                                                \
	}

TIMED_LOOP(loop_nop, "nop")
TIMED_LOOP(loop_ecall, "ecall")
TIMED_LOOP(loop_load, "lbu t0, 0(t2)")
TIMED_LOOP(loop_fault, "lw t0, 0(t2)")

static void report(const char *name, uint64_t ticks, uint64_t n)
{
	gprint("BENCH %s ticks=%lu n=%lu\n", name, ticks, n);
}

static void __attribute__((noreturn)) power_off(void)
{
	sbi(SBI_EXT_SRST, SBI_SRST_RESET, 0, 0, 0);
	gprint("BENCH error system-off-failed\n");
	for (;;)
		__asm__ volatile("wfi");
}

static void arm_timer(uint64_t when)
{
	if (irq_sstc)
		csr_write(0x14d, when); /* stimecmp */
	else
		sbi(SBI_EXT_TIME, 0, when, 0, 0);
}

/* The timer fires again at once (deadline 0) until irq_target is
 * reached, then it is pushed to the end of time. */
static void on_timer(void)
{
	irqs = irqs + 1;
	arm_timer(irqs < irq_target ? 0 : ~0ul);
}

__attribute__((interrupt("supervisor"), aligned(4))) void guest_trap(void)
{
	unsigned long cause = csr_read(scause);

	if (cause == (SCAUSE_IRQ | IRQ_S_TIMER)) {
		on_timer();
		return;
	}
	if ((cause == EXC_LOAD_ACCESS || cause == EXC_LOAD_PAGE) &&
	    faults_expected) {
		faults = faults + 1;
		csr_write(sepc, csr_read(sepc) + 4); /* skip the lw */
		return;
	}
	gprint("BENCH error unexpected-trap scause=0x%lx sepc=0x%lx "
	       "stval=0x%lx\n",
	       cause, csr_read(sepc), csr_read(stval));
	power_off();
}

static uint64_t faults_in(uint64_t n)
{
	uint64_t t;

	faults = 0;
	faults_expected = 1;
	t = loop_fault(n, 0, 0, FAULT_ADDR);
	faults_expected = 0;
	if (faults != n)
		gprint("BENCH error faults=%u expected=%lu\n", faults, n);
	return t;
}

/* n timer interrupts, each re-armed by the handler; sstatus.SIE is open
 * only while the caller spins on the count. */
static uint64_t timer_irqs(uint32_t n, bool sstc)
{
	uint64_t t0, t1;

	irqs = 0;
	irq_target = n;
	irq_sstc = sstc;
	csr_set(sie, SIE_STIE);
	arm_timer(0);
	t0 = rdtime();
	csr_set(sstatus, SSTATUS_SIE);
	while (irqs < n)
		__asm__ volatile("" ::: "memory");
	csr_clear(sstatus, SSTATUS_SIE);
	t1 = rdtime();
	csr_clear(sie, SIE_STIE);
	return t1 - t0;
}

void guest_main(unsigned long hartid, const void *dtb);

void guest_main(unsigned long hartid, const void *dtb)
{
	uint64_t boot = rdtime();
	bool cvisor =
	    sbi(SBI_EXT_BASE, SBI_BASE_PROBE, SBI_EXT_CVISOR, 0, 0).value != 0;
	bool sstc = dt_mentions(dtb, "sstc");

	(void)hartid;
	gprint("BENCH env hyp=%s cntfrq=%lu sstc=%u\n",
	       cvisor ? "cvisor" : "none", TIMEBASE_HZ, sstc);
	report("boot", boot, 1);
	report("nop", loop_nop(N_LOOP, 0, 0, 0), N_LOOP);
	report("sbi_version",
	       loop_ecall(N_LOOP, SBI_EXT_BASE, SBI_BASE_SPECVER, 0), N_LOOP);
	if (cvisor)
		report("hvc_null",
		       loop_ecall(N_LOOP, SBI_EXT_CVISOR, CV_HC_NOP, 0),
		       N_LOOP);
	report("mmio_uart", loop_load(N_LOOP, 0, 0, UART_LSR), N_LOOP);
	report("s2fault_logged", faults_in(1), 1);
	(void)faults_in(N_FAULT_WARM);
	report("s2fault", faults_in(N_FAULT), N_FAULT);
	report("timer_irq", timer_irqs(N_IRQ, false), N_IRQ);
	if (sstc)
		report("timer_irq_sstc", timer_irqs(N_IRQ, true), N_IRQ);
	gprint("BENCH done\n");
	power_off();
}
