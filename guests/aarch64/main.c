/*
 * cvisor aarch64 test guest: the test sequence.  See README.md for the
 * lines it prints.
 */
#include "guest.h"

#define VCPU1_MPIDR	  1UL /* Aff0 = 1 */
#define VCPU1_WAIT_SECS	  5
#define CNTKCTL_EVNTEN	  (1UL << 2)
#define CNTKCTL_EVNTI(n)  ((uint64_t)(n) << 4)
#define CNTKCTL_EVNTI_MSK (0xfUL << 4)
#define TIMER_PRIO	  0xA0

static volatile uint32_t ticks[NR_CPUS];
static volatile uint32_t vcpu1_go;
static volatile uint32_t vcpu1_done;
static uint64_t timer_period;

static void say_hello(unsigned int cpu)
{
	if (cpu == 0)
		gprint("hello from vcpu0 el=%lu mpidr=0x%lx\n", current_el(),
		       read_sysreg(mpidr_el1));
	else
		gprint("vcpu%u: hello el=%lu mpidr=0x%lx\n", cpu, current_el(),
		       read_sysreg(mpidr_el1));
}

/* Virtual timer: CNTV_CTL_EL0.ISTATUS says whether the condition is met. */
static void timer_tick(unsigned int cpu)
{
	if (!(read_sysreg(cntv_ctl_el0) & CNTV_CTL_ISTATUS))
		return; /* stale: the line dropped before we got here */
	ticks[cpu] = ticks[cpu] + 1;
	if (ticks[cpu] >= TIMER_TICKS)
		write_sysreg(0, cntv_ctl_el0);
	else
		write_sysreg(timer_period, cntv_tval_el0);
	isb();
}

/* The timer PPI of this CPU: group 1 on v3, priority, enable. */
void gic_cpu_setup_hook(int version, uintptr_t banked)
{
	gic_enable_banked(version, banked, TIMER_INTID, TIMER_PRIO);
}

void irq_handler(void)
{
	uint32_t iar = gic_ack();
	uint32_t intid = gic_intid(iar);

	if (intid == INTID_SPURIOUS)
		return;
	if (intid == TIMER_INTID)
		timer_tick(this_cpu());
	gic_eoi(iar);
}

/*
 * Check the count with IRQs masked: a tick landing between the check and
 * the WFI still wakes the WFI (pending interrupts do so even when masked
 * by PSTATE.I) and is taken once DAIF.I is cleared again.
 */
static void wait_ticks(unsigned int cpu)
{
	for (;;) {
		irq_mask();
		if (ticks[cpu] >= TIMER_TICKS)
			break;
		wfi();
		irq_unmask();
	}
}

static void run_timer(unsigned int cpu)
{
	if (gic_cpu_init()) {
		gprint("vcpu%u: no redistributor for mpidr=0x%lx\n", cpu,
		       read_sysreg(mpidr_el1));
		system_off();
	}
	ticks[cpu] = 0;
	write_sysreg(timer_period, cntv_tval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0); /* IMASK=0 */
	isb();
	wait_ticks(cpu);
	write_sysreg(0, cntv_ctl_el0);
	isb();
	gprint("vcpu%u: timer ok, %u ticks\n", cpu, (unsigned int)ticks[cpu]);
}

static void report_psci_version(void)
{
	long ver = smccc_hvc(PSCI_VERSION, 0, 0, 0);

	gprint("psci version %lu.%lu\n", ((unsigned long)ver >> 16) & 0xffff,
	       (unsigned long)ver & 0xffff);
}

static void report_cvisor(void)
{
	long ret = probe_hvc(CV_HC_VERSION, 0);

	if (ret >= 0)
		gprint("cvisor hypercall version 0x%lx\n", ret);
	else
		gprint("no cvisor hypercalls (%ld)\n", ret);
}

static void signal_flag(volatile uint32_t *flag)
{
	*flag = 1;
	dsb_sy();
	sev();
}

static bool start_vcpu1(void)
{
	long ret;

	dsb_sy(); /* everything vCPU1 reads must be in memory first */
	ret = smccc_hvc(PSCI_CPU_ON_64, VCPU1_MPIDR,
			(unsigned long)secondary_entry, 1);
	if (ret == 0) {
		gprint("vcpu1 started\n");
		signal_flag(&vcpu1_go);
		return true;
	}
	gprint("vcpu1 not available (psci %ld)\n", ret);
	return false;
}

static void illegal_access(void)
{
	(void)mmio_read32(ILLEGAL_ADDR);
	gprint("survived illegal access\n");
}

/* Generic timer event stream (CNTKCTL_EL1) so WFE wakes up regularly. */
static void event_stream_on(void)
{
	uint64_t kctl = read_sysreg(cntkctl_el1);

	kctl &= ~CNTKCTL_EVNTI_MSK;
	kctl |= CNTKCTL_EVNTEN | CNTKCTL_EVNTI(15); /* bit 15 of CNTVCT */
	write_sysreg(kctl, cntkctl_el1);
	isb();
}

static bool wait_vcpu1(void)
{
	uint64_t limit = read_sysreg(cntfrq_el0) * VCPU1_WAIT_SECS;
	uint64_t start = read_sysreg(cntvct_el0);

	event_stream_on();
	while (!vcpu1_done) {
		isb();
		if (read_sysreg(cntvct_el0) - start > limit)
			return false;
		wfe();
	}
	return true;
}

void primary_main(void)
{
	bool smp;

	timer_period = read_sysreg(cntfrq_el0) / TIMER_HZ;
	say_hello(0);
	gprint("gic v%d\n", gic_detect());
	report_psci_version();
	report_cvisor();
	gic_dist_init();
	gic_dist_readback();

	smp = start_vcpu1();
	run_timer(0);
	illegal_access();
	if (smp && !wait_vcpu1())
		gprint("vcpu1 did not finish\n");
	gprint("done, system off\n");
	system_off();
}

/* Wait for "vcpu1 started" so that line always precedes vCPU1's hello. */
void secondary_main(void)
{
	while (!vcpu1_go)
		wfe();
	say_hello(1);
	run_timer(1);
	signal_flag(&vcpu1_done);
}
