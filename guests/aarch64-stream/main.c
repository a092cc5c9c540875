/*
 * cvisor memory-streaming guest: one vCPU that reads, changes and writes
 * back every 64-bit word of a 32 MiB buffer in its RAM, pass after pass,
 * for ever, with no interrupt, no hypercall and no device access (so no
 * exit to cvisor) except one console line every STREAM_REPORT passes,
 * which shows that it ran. The load zone of make bench's cyclictest run
 * (scripts/bench/bench.py, cyclic_load_runs): the zone's RAM must cover
 * the buffer (zone-stream.json: 64 MiB at 0x40000000).
 */
#include <stdint.h>

#include "console.h"
#include "exc.h"
#include "sysreg.h"

#define BUF_BASE      0x40400000UL /* past the image, inside the 64 MiB */
#define BUF_BYTES     (32UL << 20)
#define STREAM_REPORT 16

const char con_prefix[] = "[stream] ";

void stream_main(void);
void park(void) __attribute__((noreturn));

/* Nothing is expected to trap: say what did, and stop. */
void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	gprint("unexpected exception: vector %lu esr 0x%lx elr 0x%lx\n", vec,
	       read_sysreg(esr_el1), f->elr);
	park();
}

/*
 * STREAM_TIMER (make TIMER=1): the EL1 virtual timer armed 1 ms ahead
 * with its interrupt masked (CNTV_CTL_EL0 ENABLE [0] | IMASK [1]), again
 * every 64 Ki words: no interrupt and no exit, only a deadline QEMU's
 * round-robin -icount scheduler ends this CPU's time slice at.
 */
static void arm_masked_timer(void)
{
	uint64_t ms = read_sysreg(cntfrq_el0) / 1000;

	__asm__ volatile(
	    "msr cntv_cval_el0, %0" ::"r"(read_sysreg(cntvct_el0) + ms));
	__asm__ volatile("msr cntv_ctl_el0, %0" ::"r"(3UL));
}

/* One pass: w = w * 3 + pass over the buffer, four words a step. */
static void pass_over(volatile uint64_t *w, uint64_t words, uint64_t pass)
{
	for (uint64_t i = 0; i < words; i += 4) {
		w[i] = w[i] * 3 + pass;
		w[i + 1] = w[i + 1] * 3 + pass;
		w[i + 2] = w[i + 2] * 3 + pass;
		w[i + 3] = w[i + 3] * 3 + pass;
		if (STREAM_TIMER && (i & 0xffff) == 0)
			arm_masked_timer();
	}
}

void stream_main(void)
{
	volatile uint64_t *buf = (volatile uint64_t *)BUF_BASE;
	uint64_t words = BUF_BYTES / sizeof(uint64_t);

	gprint("up: streaming over %lu MiB at 0x%lx%s\n", BUF_BYTES >> 20,
	       BUF_BASE, STREAM_TIMER ? ", masked timer armed" : "");
	for (uint64_t pass = 1;; pass++) {
		pass_over(buf, words, pass);
		if (pass % STREAM_REPORT == 0)
			gprint("pass %lu\n", pass);
	}
}
