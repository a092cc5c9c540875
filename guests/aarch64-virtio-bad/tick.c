/*
 * Time for the hostile virtio guest: a 100 Hz virtual timer (PPI 27)
 * through the zone's GIC, so that waiting is a WFI and not a spin that
 * would cost the host a CPU (cvisor does not trap WFI).
 */
#include "gic.h"
#include "vbad.h"

#define TIMER_INTID 27
#define TIMER_PRIO  0xA0
#define TICK_HZ	    100

static uint64_t period;

uint64_t now_ms(void)
{
	return read_sysreg(cntvct_el0) * 1000 / read_sysreg(cntfrq_el0);
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

	if (intid >= 1020)
		return; /* spurious */
	if (intid == TIMER_INTID) {
		write_sysreg(period, cntv_tval_el0); /* the next tick */
		isb();
	}
	gic_eoi(iar);
}

void tick_init(void)
{
	gic_detect();
	gic_dist_init();
	if (gic_cpu_init()) {
		gprint("no redistributor for this CPU\n");
		system_off();
	}
	period = read_sysreg(cntfrq_el0) / TICK_HZ;
	write_sysreg(period, cntv_tval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0); /* IMASK=0 */
	isb();
}

/* Until the next interrupt: checked with IRQs masked, the pending tick
 * still ends the WFI and is taken once they are unmasked. */
void sleep_tick(void)
{
	irq_mask();
	wfi();
	irq_unmask();
	isb();
}
