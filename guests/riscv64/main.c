/* The riscv64 test guest's sequence (README.md lists its output). */
#include "guest.h"

extern char secondary_entry[];

const char con_prefix[] = "[guest] ";

static uint8_t second_stack[8192] __attribute__((aligned(16)));
static volatile bool second_done;
static volatile long first_hart = -1;
static bool under_cvisor;

static void wait_ticks(unsigned s, unsigned long hart)
{
	while (ticks[s] < 10)
		__asm__ volatile("wfi");
	gprint("hart %lu: timer ok, %lu ticks", hart, ticks[s]);
}

static void report_sbi(void)
{
	struct sbiret spec = sbi(SBI_EXT_BASE, 0, 0, 0, 0);
	struct sbiret impl = sbi(SBI_EXT_BASE, 1, 0, 0, 0);
	struct sbiret hc = sbi(SBI_EXT_CVISOR, 0, 0, 0, 0);

	gprint("sbi spec %lu.%lu impl 0x%lx", (spec.value >> 24) & 0x7f,
	       spec.value & 0xffffff, impl.value);
	under_cvisor = !hc.error;
	if (hc.error)
		gprint("no cvisor hypercalls (%ld)", hc.error);
	else
		gprint("cvisor hypercall version 0x%lx", hc.value);
}

static void report_consoles(void)
{
	static const char dbcn_line[] = "[guest] dbcn write ok\n";

	legacy_puts("[guest] legacy putchar ok\n");
	if (sbi(SBI_EXT_BASE, 3, SBI_EXT_DBCN, 0, 0).value)
		sbi(SBI_EXT_DBCN, 0, sizeof(dbcn_line) - 1,
		    (unsigned long)dbcn_line, 0);
	else
		gprint("no dbcn");
}

/* A compressed store and load (C.SW, C.LW) to the priority of PLIC source
 * 33, its console's interrupt (a source of its own zone):
 * trapped and decoded from the compressed encoding under cvisor. */
static void compressed_mmio(void)
{
	unsigned long addr = PLIC_BASE + 4 * 33, v = 5, r;

	__asm__ volatile(".option push\n.option rvc\n"
			 "mv s0, %1\nmv s1, %2\n"
			 "c.sw s1, 0(s0)\nc.lw s1, 0(s0)\nmv %0, s1\n"
			 ".option pop"
			 : "=r"(r)
			 : "r"(addr), "r"(v)
			 : "s0", "s1", "memory");
	gprint("plic priority readback %lu (compressed c.sw/c.lw)", r);
}

static long start_other(unsigned long self)
{
	unsigned long other = self == 0 ? 1 : 0;
	struct sbiret r =
	    sbi(SBI_EXT_HSM, 0, other, (unsigned long)secondary_entry,
		(unsigned long)(second_stack + sizeof(second_stack)));

	if (r.error) {
		gprint("hart %lu not available (sbi %ld)", other, r.error);
		return -1;
	}
	gprint("hart %lu started", other);
	return (long)other;
}

static void illegal_access(void)
{
	volatile uint32_t *p = (volatile uint32_t *)ILLEGAL_ADDR;
	uint32_t v = *p;

	(void)v;
	gprint("fault caught: scause=%lu stval=0x%lx", last_fault_cause,
	       last_fault_tval);
	gprint("survived illegal access");
}

static void second_stop(void)
{
	second_done = true;
	sbi(SBI_EXT_HSM, 1, 0, 0, 0); /* hart_stop */
}

void secondary_main(unsigned long hart);
void secondary_main(unsigned long hart)
{
	if (nonret_pending) { /* back from the non-retentive suspend */
		set_slot(1);
		sbi_nonret_resumed(hart, (unsigned long)second_stack,
				   (unsigned long)second_stack +
				       sizeof(second_stack));
		second_stop();
	}
	while (first_hart < 0)
		;
	gprint("hart %lu: hello", hart);
	timer_start(1);
	wait_ticks(1, hart);
	sbi_suspend_self(1, hart);
	while (!ipi_seen[1])
		__asm__ volatile("wfi");
	gprint("hart %lu: ipi received", hart);
	sbi_suspend_nonret(
	    hart, (unsigned long)secondary_entry,
	    (unsigned long)(second_stack + sizeof(second_stack)));
	second_stop();
}

/* The second round: once the other hart is in its non-retentive
 * suspend, the IPI that resumes it. */
static void wake_nonret(unsigned long other)
{
	for (unsigned long t0 = csr_read(time);
	     !nonret_pending && csr_read(time) - t0 < TIMEBASE_HZ;)
		;
	if (nonret_pending && sbi_wait_suspended(other))
		sbi(SBI_EXT_IPI, 0, 1ul << other, 0, 0);
}

void guest_main(unsigned long hart);
void guest_main(unsigned long hart)
{
	long other;

	gprint("hello from hart %lu", hart);
	report_sbi();
	report_consoles();
	compressed_mmio();
	other = start_other(hart);
	first_hart = (long)hart;
	timer_start(0);
	wait_ticks(0, hart);
	sbi_time_taken_check();
	sbi_time_sip_check();
	if (under_cvisor && other >= 0) /* the sweep names hart 1 */
		sbi_sweep();
	if (other >= 0) {
		sbi_wait_suspended((unsigned long)other);
		sbi(SBI_EXT_IPI, 0, 1ul << other, 0, 0);
		wake_nonret((unsigned long)other);
	}
	illegal_access();
	for (unsigned long t0 = csr_read(time);
	     other >= 0 && !second_done &&
	     csr_read(time) - t0 < 5 * TIMEBASE_HZ;)
		; /* no interrupt would end a WFI here */
	if (other >= 0 && !second_done)
		gprint("hart %ld did not finish", other);
	/* Power off only once the other hart has stopped (HSM status 1,
	 * STOPPED): cvisor logs its stop first, and the test reads that. */
	for (unsigned long t0 = csr_read(time);
	     other >= 0 &&
	     sbi(SBI_EXT_HSM, 2, (unsigned long)other, 0, 0).value != 1 &&
	     csr_read(time) - t0 < 5 * TIMEBASE_HZ;)
		;
	gprint("done, system off");
	sbi(SBI_EXT_SRST, 0, 0, 0, 0);
	gprint("system off failed");
}
