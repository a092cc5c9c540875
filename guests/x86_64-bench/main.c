/*
 * cvisor x86_64 benchmark guest: 32-bit protected mode, paging off, one
 * vCPU, entered at 1 MiB by cvisor's bzImage boot (setup.S), so that the
 * zone has the emulated local APIC and I/O APIC of a Linux zone. It times
 * each operation with RDTSC (cvisor neither traps nor offsets it) and
 * prints
 *
 *	BENCH <name> ticks=<TSC delta> n=<iterations>
 *
 * for scripts/bench/arch_costs.py, the lines of guests/aarch64-bench. In
 * Bochs with `clock: sync=none` and one CPU the TSC advances by one per
 * executed instruction (the `nop` loop checks it: 4 instructions an
 * iteration). See README.md.
 */
#include "guest.h"

#define COM1_LSR      (COM1 + 5)
#define CV_HC_VERSION 0
#define CV_HC_NOP     1
#define LAPIC_VERSION 0xfee00030u /* emulated local APIC, EPT violation */
#define OUTSIDE_ADDR  0x10000000u /* past the zone's 16 MiB */
#define MOV_EBX_LEN   2		  /* 8b 03: mov (%ebx), %eax */
#define N_LOOP	      2000
#define N_FAULT	      20
/* cvisor logs a zone's first 64 warnings, then one summary line each
 * time the count doubles (core/zone_log.c): 1 + 300 warm faults put
 * the timed ones between 256 and 512, past any log line. */
#define N_FAULT_WARM 300

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

static void putu(uint64_t v)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc(buf[--n]);
}

/*
 * One timed loop: `n` times `mov %esi, %eax; op; dec %edi; jnz` (the mov
 * loads the VMCALL's function; every loop has it). ebx holds the address,
 * dx the port; eax is clobbered (a VMCALL's result, a load).
 */
#define TIMED_LOOP(fn, op)                                                     \
	static uint64_t fn(uint32_t n, uint32_t func, uint32_t addr,           \
			   uint16_t port)                                      \
	{                                                                      \
		uint64_t t0 = rdtsc(), t1;                                     \
                                                                               \
		__asm__ volatile("1: mov %%esi, %%eax\n" op "\n"               \
				 "dec %%edi\n"                                 \
				 "jnz 1b"                                      \
				 : "+D"(n)                                     \
				 : "S"(func), "b"(addr), "d"(port)             \
				 : "eax", "memory", "cc");                     \
		t1 = rdtsc();                                                  \
		return t1 - t0;                                                \
	}

TIMED_LOOP(loop_nop, "nop")
TIMED_LOOP(loop_vmcall, "vmcall")
TIMED_LOOP(loop_pio, "inb %%dx, %%al")
TIMED_LOOP(loop_load, "mov (%%ebx), %%eax")

static void report(const char *name, uint64_t ticks, uint64_t n)
{
	puts("BENCH ");
	puts(name);
	puts(" ticks=");
	putu(ticks);
	puts(" n=");
	putu(n);
	puts("\n");
}

static uint64_t faults_in(uint32_t n)
{
	uint32_t before = gp_count;
	uint64_t t;

	gp_skip = MOV_EBX_LEN;
	t = loop_load(n, 0, OUTSIDE_ADDR, 0);
	if (gp_count - before != n) {
		puts("BENCH error faults=");
		putu(gp_count - before);
		puts("\n");
	}
	return t;
}

void guest_main(uint32_t unused)
{
	uint64_t boot = rdtsc();

	(void)unused;
	idt_setup();
	/* Only under cvisor: the guest has no other way in (cvisor's
	 * bzImage boot). */
	puts("BENCH env hyp=cvisor cntfrq=0 abi=");
	putu(vmcall(CV_HC_BASE | CV_HC_VERSION, 0, 0, 0));
	puts("\n");
	report("boot", boot, 1);
	report("nop", loop_nop(N_LOOP, 0, 0, 0), N_LOOP);
	report("hvc_null", loop_vmcall(N_LOOP, CV_HC_BASE | CV_HC_NOP, 0, 0),
	       N_LOOP);
	report("pio_uart", loop_pio(N_LOOP, 0, 0, COM1_LSR), N_LOOP);
	report("mmio_lapic", loop_load(N_LOOP, 0, LAPIC_VERSION, 0), N_LOOP);
	report("s2fault_logged", faults_in(1), 1);
	(void)faults_in(N_FAULT_WARM);
	report("s2fault", faults_in(N_FAULT), N_FAULT);
	puts("BENCH done\n");
	shutdown_port();
	for (;;)
		__asm__ volatile("cli; hlt");
}
