/*
 * cvisor isolation test on riscv64, the victim: the root zone a hostile
 * zone attacks. It fills 1 MiB of its RAM with a pattern, re-checks the
 * buffer's checksum at every timer tick (SBI set_timer, 10 Hz) for
 * RUN_TICKS ticks, counts interrupts it did not ask for (software,
 * external), and powers the machine off (SRST shutdown of the root zone).
 * Built by ../riscv64-hostile/Makefile with the hostile guest.
 */
#include "rvguest.h"

const char con_prefix[] = "[victim] ";

#define BUF	     0x80400000ul /* host-physical 0x90400000 */
#define BUF_WORDS    (0x100000ul / 8)
#define RUN_TICKS    50
#define PERIOD	     (TIMEBASE_HZ / 10)
#define FNV64_OFFSET 0xcbf29ce484222325ul
#define FNV64_PRIME  0x100000001b3ul

static volatile unsigned nr_ticks, foreign, changed;
static uint64_t expected;

/* Word i of the buffer: a splitmix64 step, so no two words repeat. */
static uint64_t pattern(uint64_t i)
{
	uint64_t z = (i + 1) * 0x9e3779b97f4a7c15ul;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ul;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebul;
	return z ^ (z >> 31);
}

static uint64_t checksum(void)
{
	volatile uint64_t *b = (volatile uint64_t *)BUF;
	uint64_t h = FNV64_OFFSET;

	for (uint64_t i = 0; i < BUF_WORDS; i++)
		h = (h ^ b[i]) * FNV64_PRIME;
	return h;
}

static void tick(void)
{
	sbi(SBI_EXT_TIME, 0, csr_read(time) + PERIOD, 0, 0);
	if (checksum() != expected)
		changed = changed + 1;
	nr_ticks = nr_ticks + 1;
}

__attribute__((interrupt("supervisor"), aligned(4))) void guest_trap(void)
{
	unsigned long cause = csr_read(scause);

	if (cause == ((1ul << 63) | 5)) {
		tick();
		return;
	}
	if (cause >> 63) {
		foreign = foreign + 1;
		csr_clear(sip, SIE_SSIE); /* a stray IPI: drop it */
		if ((cause & 0xff) == 9)
			csr_clear(sie, 1ul << 9);
		return;
	}
	gprint("unexpected exception scause=0x%lx stval=0x%lx sepc=0x%lx",
	       cause, csr_read(stval), csr_read(sepc));
	sbi(SBI_EXT_SRST, 0, 0, 0, 0);
}

void guest_main(unsigned long hart, const void *dtb);
void guest_main(unsigned long hart, const void *dtb)
{
	volatile uint64_t *b = (volatile uint64_t *)BUF;

	(void)dtb;
	for (uint64_t i = 0; i < BUF_WORDS; i++)
		b[i] = pattern(i);
	expected = checksum();
	gprint("hart %lu: 1 MiB at 0x%lx, checksum 0x%lx; watching %u ticks",
	       hart, BUF, expected, RUN_TICKS);
	csr_set(sie, SIE_STIE | SIE_SSIE | (1ul << 9));
	sbi(SBI_EXT_TIME, 0, csr_read(time) + PERIOD, 0, 0);
	csr_set(sstatus, SSTATUS_SIE);
	while (nr_ticks < RUN_TICKS)
		__asm__ volatile("wfi");
	csr_clear(sstatus, SSTATUS_SIE);
	if (changed)
		gprint("BREACH: checksum changed at %u of %u ticks", changed,
		       nr_ticks);
	else
		gprint("checksum 0x%lx held over %u ticks", checksum(),
		       nr_ticks);
	gprint("%u foreign interrupts", foreign);
	sbi(SBI_EXT_SRST, 0, 0, 0, 0);
}
