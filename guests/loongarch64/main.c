/*
 * cvisor loongarch64 test guest (runs in LVZ guest mode, PLV0, direct
 * address mode). The sequence and its lines (README.md):
 * hello, cpucfg (trapped, LVZ hidden), an hvcl hypercall, ten guest timer
 * interrupts, an IPI to itself through the emulated IOCSR IPI block, a
 * mailbox round trip, an illegal access reflected back as ADEM, and the
 * power-off through the (emulated) GED sleep register.
 */
#include "guest.h"

#define CV_HC_BASE    0xc6000000UL
#define CV_HC_VERSION 0
#define TIMER_TICKS   10
#define IPI_VECTOR    5

#define IOCSR_IPI_STATUS 0x1000
#define IOCSR_IPI_EN	 0x1004
#define IOCSR_IPI_CLEAR	 0x100c
#define IOCSR_MBUF0	 0x1020
#define IOCSR_IPI_SEND	 0x1040
#define IOCSR_MBUF_SEND	 0x1048

static volatile unsigned int ticks;
static volatile uint32_t ipi_status;
static volatile bool fault_seen;

static long hvcl(unsigned long fn)
{
	register unsigned long a0 __asm__("$a0") = fn;

	__asm__ volatile("hvcl 0" : "+r"(a0)::"memory");
	return (long)a0;
}

static void timer_irq(void)
{
	csr_write(CSR_TICLR, 1);
	if (++ticks >= TIMER_TICKS)
		csr_write(CSR_TCFG, 0);
}

static void ipi_irq(void)
{
	uint32_t s = iocsr_read32(IOCSR_IPI_STATUS);

	iocsr_write32(IOCSR_IPI_CLEAR, s);
	ipi_status |= s;
}

/* Exceptions: an interrupt (Ecode 0) or the reflected illegal access. */
void guest_trap(void)
{
	unsigned long estat = csr_read(CSR_ESTAT);
	unsigned long ecode = (estat >> 16) & 0x3f;

	if (ecode == 0) {
		if (estat & INT_TI)
			timer_irq();
		if (estat & INT_IPI)
			ipi_irq();
		return;
	}
	gprint("exception caught: ecode=0x%lx subcode=%lu badv=0x%lx\n", ecode,
	       (estat >> 22) & 0x1ff, csr_read(CSR_BADV));
	fault_seen = true;
	csr_write(CSR_ERA, csr_read(CSR_ERA) + 4); /* skip the access */
}

static void wait_for(volatile unsigned int *v, unsigned int n)
{
	while (*v < n)
		__asm__ volatile("" ::: "memory");
}

static void run_timer(void)
{
	/* CPUCFG4: the constant timer's crystal frequency; 1 ms ticks */
	unsigned long period = cpucfg(4) / 1000;

	csr_xchg(CSR_ECFG, INT_TI, INT_TI);
	csr_write(CSR_TCFG, (period & ~3UL) | 2 | 1); /* periodic, on */
	csr_xchg(CSR_CRMD, CRMD_IE, CRMD_IE);
	wait_for(&ticks, TIMER_TICKS);
	gprint("timer ok, %u ticks\n", ticks);
}

static void run_ipi(void)
{
	unsigned long self = csr_read(CSR_CPUID);
	uint64_t mail = 0x1234abcd5678ef00UL;

	iocsr_write32(IOCSR_IPI_EN, 0xffffffffu);
	csr_xchg(CSR_ECFG, INT_IPI, INT_IPI);
	iocsr_write32(IOCSR_IPI_SEND, (uint32_t)(self << 16) | IPI_VECTOR);
	while (!ipi_status)
		__asm__ volatile("" ::: "memory");
	gprint("ipi ok: status=0x%x\n", (unsigned int)ipi_status);
	/* MBUF_SEND: data [63:32] into word [4:2] of CPU [25:16] */
	iocsr_write64(IOCSR_MBUF_SEND, (mail << 32) | (self << 16) | (0 << 2));
	iocsr_write64(IOCSR_MBUF_SEND,
		      (mail & 0xffffffff00000000UL) | (self << 16) | (1 << 2));
	gprint("mailbox ok: 0x%lx\n", (unsigned long)iocsr_read64(IOCSR_MBUF0));
}

static void illegal_access(void)
{
	(void)*(volatile uint32_t *)ILLEGAL_ADDR;
	gprint("survived illegal access%s\n", fault_seen ? "" : " (no fault!)");
}

void guest_main(void)
{
	unsigned int cfg2 = cpucfg(2);

	gprint("hello from vcpu0 crmd=0x%lx cpuid=%lu\n", csr_read(CSR_CRMD),
	       csr_read(CSR_CPUID));
	gprint("cpucfg2=0x%x lvz=%u\n", cfg2, (cfg2 >> 10) & 1);
	gprint("cvisor hypercall version 0x%lx\n",
	       hvcl(CV_HC_BASE | CV_HC_VERSION));
	run_timer();
	run_ipi();
	illegal_access();
	gprint("done, system off\n");
	*(volatile uint8_t *)GED_SLEEP = (5 << 2) | 0x20; /* S5 */
	for (;;)
		;
}
