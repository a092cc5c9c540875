/* The guest's S-mode trap handler: timer ticks, IPIs, and the fault of
 * the illegal access (skipped). */
#include "guest.h"

volatile unsigned long ticks[2];
volatile bool ipi_seen[2];
volatile unsigned long last_fault_cause, last_fault_tval;
volatile bool timer_probe;
volatile unsigned long probe_hits, probe_time;
static unsigned long period = TIMEBASE_HZ / 100;

/* Which of the two harts this is: tp holds the slot (0 or 1). */
static unsigned slot(void)
{
	unsigned long tp;

	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return (unsigned)tp;
}

static unsigned long now(void)
{
	return csr_read(time);
}

void set_slot(unsigned s)
{
	__asm__ volatile("mv tp, %0" ::"r"((unsigned long)s));
}

void timer_start(unsigned s)
{
	set_slot(s);
	csr_set(sie, SIE_STIE | SIE_SSIE);
	sbi(SBI_EXT_TIME, 0, now() + period, 0, 0);
	csr_set(sstatus, SSTATUS_SIE);
}

static void on_timer(void)
{
	unsigned s = slot();

	if (s == 0 && timer_probe) { /* sbi_check.c: note it, then clear */
		probe_time = now();
		probe_hits++;
		sbi(SBI_EXT_TIME, 0, ~0ul, 0, 0);
		return;
	}

	if (++ticks[s] < 10)
		sbi(SBI_EXT_TIME, 0, now() + period, 0, 0);
	else
		sbi(SBI_EXT_TIME, 0, ~0ul, 0, 0); /* and clear STIP */
}

static void on_fault(unsigned long cause)
{
	unsigned long pc = csr_read(sepc);
	uint16_t insn = *(volatile uint16_t *)pc;

	last_fault_cause = cause;
	last_fault_tval = csr_read(stval);
	csr_write(sepc, pc + ((insn & 3) == 3 ? 4 : 2));
}

__attribute__((interrupt("supervisor"), aligned(4))) void guest_trap(void)
{
	unsigned long cause = csr_read(scause);

	if (cause == ((1ul << 63) | 5)) {
		on_timer();
	} else if (cause == ((1ul << 63) | 1)) {
		csr_clear(sip, SIE_SSIE);
		ipi_seen[slot()] = true;
	} else if (cause == 5 || cause == 7 || cause == 13 || cause == 15) {
		on_fault(cause);
	} else {
		gprint("unexpected trap scause=0x%lx sepc=0x%lx stval=0x%lx",
		       cause, csr_read(sepc), csr_read(stval));
		sbi(SBI_EXT_SRST, 0, 0, 0, 0);
	}
}
