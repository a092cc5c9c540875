/*
 * cvisor aarch64 benchmark guest: one vCPU at EL1, MMU off, GICv3.
 *
 * It runs the same way directly on QEMU (-M virt without virtualization:
 * QEMU's PSCI over HVC, the real PL011 and GIC) and as a cvisor zone, times
 * each operation with CNTVCT_EL0 and prints machine-readable lines
 *
 *	BENCH <name> ticks=<CNTVCT delta> n=<iterations>
 *
 * for scripts/bench/bench.py. See README.md.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "bench.h"

#define UART_BASE   0x09000000UL
#define UARTDR	    0x000
#define UARTFR	    0x018
#define UARTFR_TXFF (1U << 5)

#define GICD_BASE	0x08000000UL
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_ISENABLER1 0x0104 /* SPIs 32-63 */
#define GICD_IPRIO_SPI	0x0420 /* IPRIORITYR8: SPIs 32-35 */
#define GICD_CTLR_RWP	(1U << 31)
#define GICD_CTLR_ARE	(1U << 4) /* ARE_NS, or ARE when DS=1 */
#define GICD_CTLR_GRP1	(1U << 1) /* EnableGrp1NS, or EnableGrp1 (DS=1) */
#define GICR_BASE	0x080a0000UL
#define GICR_STRIDE	0x20000
#define GICR_MAX_FRAMES 64
#define GICR_TYPER	0x0008
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER	0x0014
#define GICR_WAKER_PS	(1U << 1)
#define GICR_WAKER_CA	(1U << 2)
#define GICR_SGI_BASE	0x10000
#define GICR_IGROUPR0	0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_IPRIORITYR 0x0400

#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7

/* Past the end of RAM with -m 128M directly; outside the zone under
 * cvisor (its RAM is 0x40000000 + 16 MiB). */
#define FAULT_ADDR 0x48000000UL

#define TIMER_INTID 27 /* EL1 virtual timer PPI */
#define TIMER_PRIO  0xa0

#define PSCI_VERSION	0x84000000UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define CV_HC_VERSION	0xc6000000UL
#define CV_HC_NOP	0xc6000001UL
#define NOT_SUPPORTED	(-1L)

#define ESR_EC(esr)	 (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN	 0x00
#define EC_DABT_CUR_EL	 0x25
#define VEC_CUR_SPX_SYNC 4
#define VEC_CUR_SPX_IRQ	 5

/* Iterations: enough that the 16-instruction resolution of CNTVCT at
 * 62.5 MHz (QEMU virt) disappears in the average. cvisor logs the first
 * 64 warnings about a zone (core/zone_log.c), then only counts them: the
 * first fault is timed alone (logged), N_FAULT_WARM more use up the
 * budget, then N_FAULT are timed without a log line. Past the budget,
 * cvisor logs a summary each time the count doubles: 1 + 300 warm faults
 * put the timed ones between 256 and 512, clear of one. */
#define N_LOOP	     1000
#define N_FAULT	     100
#define N_FAULT_WARM 300
#define N_IRQ	     1000

#define read_sysreg(reg)                                                       \
	({                                                                     \
		uint64_t __val;                                                \
		__asm__ volatile("mrs %0, " #reg : "=r"(__val));               \
		__val;                                                         \
	})
#define write_sysreg(val, reg)                                                 \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)))
/* Expand the ICC_* names before stringifying them. */
#define rd_sysreg(r)	read_sysreg(r)
#define wr_sysreg(v, r) write_sysreg(v, r)

struct exc_frame {
	uint64_t x[31];
	uint64_t pad;
	uint64_t elr;
	uint64_t spsr;
};

_Static_assert(sizeof(struct exc_frame) == 272, "frame layout, see start.S");

/* start.S */
long smccc_hvc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);
void park(void) __attribute__((noreturn));
uint64_t loop_nop(uint64_t n, uint64_t arg);
uint64_t loop_psci_version(uint64_t n, uint64_t fid);
uint64_t loop_hvc_null(uint64_t n, uint64_t fid);
uint64_t loop_mmio_uart(uint64_t n, uint64_t addr);
uint64_t loop_mmio_gicd(uint64_t n, uint64_t addr);
uint64_t loop_mmio_gicd_enable(uint64_t n, uint64_t addr);
uint64_t loop_mmio_gicd_prio(uint64_t n, uint64_t addr);
uint64_t loop_s2fault_logged(uint64_t n, uint64_t addr);
uint64_t loop_s2fault_warm(uint64_t n, uint64_t addr);
uint64_t loop_s2fault(uint64_t n, uint64_t addr);
uint64_t loop_timer_irq(uint64_t n, volatile uint32_t *count);
void bench_main(uint64_t boot_ticks);
void exc_dispatch(unsigned long vec, struct exc_frame *f);

static volatile uint32_t probe_armed, probe_faulted;
static volatile uint32_t faults_expected, faults;
static volatile uint32_t irqs, irq_target;

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t val;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	uint64_t val;

	__asm__ volatile("ldr %0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
}

static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static void putc_uart(char c)
{
	while (mmio_read32(UART_BASE + UARTFR) & UARTFR_TXFF)
		;
	mmio_write32(UART_BASE + UARTDR, (uint8_t)c);
}

static void put_num(uint64_t val, unsigned int base)
{
	char buf[24];
	int i = 0;

	do {
		buf[i++] = "0123456789abcdef"[val % base];
		val /= base;
	} while (val);
	while (i)
		putc_uart(buf[--i]);
}

/* %s, %lu, %lx: all the lines need. */
void print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putc_uart(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == 'l')
			fmt++;
		if (*fmt == 's') {
			for (const char *s = va_arg(ap, const char *); *s; s++)
				putc_uart(*s);
		} else if (*fmt == 'u' || *fmt == 'x') {
			put_num(va_arg(ap, uint64_t), *fmt == 'x' ? 16 : 10);
		} else if (!*fmt) {
			break;
		}
	}
	va_end(ap);
}

void __attribute__((noreturn)) system_off(void)
{
	smccc_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	print("BENCH error system-off-failed\n");
	park();
}

static void __attribute__((noreturn))
unexpected(struct exc_frame *f, unsigned long vec)
{
	print("BENCH error unexpected-exception vec=%lu esr=0x%lx elr=0x%lx "
	      "far=0x%lx\n",
	      (uint64_t)vec, read_sysreg(esr_el1), f->elr,
	      read_sysreg(far_el1));
	system_off();
}

static void sync_handler(struct exc_frame *f)
{
	unsigned int ec = ESR_EC(read_sysreg(esr_el1));

	if (ec == EC_DABT_CUR_EL && faults_expected) {
		faults = faults + 1;
		f->elr += 4; /* skip the load */
		return;
	}
	if (probe_armed && (ec == EC_UNKNOWN || ec == EC_DABT_CUR_EL)) {
		/* hvc without EL2 behind it is UNDEFINED: no hypervisor */
		probe_faulted = 1;
		f->x[0] = (uint64_t)NOT_SUPPORTED;
		f->elr += 4;
		return;
	}
	unexpected(f, VEC_CUR_SPX_SYNC);
}

/* The virtual timer fires again right away until irq_target is reached:
 * TVAL = 0 keeps its condition true, the EOI lets it in again. */
static void irq_handler(void)
{
	uint64_t iar = rd_sysreg(ICC_IAR1_EL1);
	uint32_t intid = iar & 0xffffff;

	if (intid >= 1020)
		return;
	if (ipi_irq(intid)) {
		/* counted, or answered (ipi.c) */
	} else if (intid == TIMER_INTID) {
		irqs = irqs + 1;
		if (irqs < irq_target)
			write_sysreg(0, cntv_tval_el0);
		else
			write_sysreg(0, cntv_ctl_el0);
	}
	wr_sysreg(iar, ICC_EOIR1_EL1);
	isb();
}

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	if (vec == VEC_CUR_SPX_SYNC)
		sync_handler(f);
	else if (vec == VEC_CUR_SPX_IRQ)
		irq_handler();
	else
		unexpected(f, vec);
}

static long probe_hvc(unsigned long fid)
{
	long ret;

	probe_armed = 1;
	ret = smccc_hvc(fid, 0, 0, 0);
	probe_armed = 0;
	return ret;
}

/* This CPU's redistributor (enabling the PPIs/SGIs in `bits`) and CPU
 * interface. */
void gic_cpu_init(uint32_t bits)
{
	uint32_t aff;
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uintptr_t rd = GICR_BASE, sgi;
	int i;

	aff = (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
	for (i = 0; i < GICR_MAX_FRAMES; i++, rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == aff)
			break;
		if (typer & GICR_TYPER_LAST) {
			print("BENCH error no-redistributor\n");
			system_off();
		}
	}
	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PS);
	while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CA)
		;
	sgi = rd + GICR_SGI_BASE;
	mmio_write32(sgi + GICR_IGROUPR0,
		     mmio_read32(sgi + GICR_IGROUPR0) | bits);
	for (uint32_t irq = 0; irq < 32; irq++) {
		uintptr_t p = sgi + GICR_IPRIORITYR + (irq & ~3U);

		if (bits & (1U << irq))
			mmio_write32(
			    p, (mmio_read32(p) & ~(0xffU << (irq % 4 * 8))) |
				   TIMER_PRIO << (irq % 4 * 8));
	}
	mmio_write32(sgi + GICR_ISENABLER0, bits);

	wr_sysreg(rd_sysreg(ICC_SRE_EL1) | 1, ICC_SRE_EL1);
	isb();
	wr_sysreg(0xff, ICC_PMR_EL1);
	wr_sysreg(0, ICC_BPR1_EL1);
	wr_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
}

static void gic_init(void)
{
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	while (mmio_read32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
	gic_cpu_init(1U << TIMER_INTID | IPI_SGIS);
}

void report(const char *name, uint64_t ticks, uint64_t n)
{
	print("BENCH %s ticks=%lu n=%lu\n", name, ticks, n);
}

static uint64_t faults_in(uint64_t (*loop)(uint64_t, uint64_t), uint64_t n)
{
	uint64_t t;

	faults = 0;
	faults_expected = 1;
	t = loop(n, FAULT_ADDR);
	faults_expected = 0;
	if (faults != n)
		print("BENCH error faults=%lu expected=%lu\n", (uint64_t)faults,
		      n);
	return t;
}

static void bench_s2fault(void)
{
	report("s2fault_logged", faults_in(loop_s2fault_logged, 1), 1);
	(void)faults_in(loop_s2fault_warm, N_FAULT_WARM);
	report("s2fault", faults_in(loop_s2fault, N_FAULT), N_FAULT);
}

static void bench_timer_irq(void)
{
	uint64_t t;

	irqs = 0;
	irq_target = N_IRQ;
	write_sysreg(0, cntv_tval_el0);
	write_sysreg(1, cntv_ctl_el0); /* ENABLE, IMASK=0 */
	isb();
	t = loop_timer_irq(N_IRQ, &irqs);
	write_sysreg(0, cntv_ctl_el0);
	isb();
	report("timer_irq", t, N_IRQ);
}

void bench_main(uint64_t boot_ticks)
{
	long ver = probe_hvc(CV_HC_VERSION);
	bool cvisor = ver >= 0;

	print("BENCH env hyp=%s cntfrq=%lu el=%lu\n",
	      cvisor ? "cvisor" : "none", read_sysreg(cntfrq_el0),
	      (read_sysreg(CurrentEL) >> 2) & 3);
	report("boot", boot_ticks, 1);
	gic_init();

	report("nop", loop_nop(N_LOOP, 0), N_LOOP);
	report("psci_version", loop_psci_version(N_LOOP, PSCI_VERSION), N_LOOP);
	if (cvisor)
		report("hvc_null", loop_hvc_null(N_LOOP, CV_HC_NOP), N_LOOP);
	report("mmio_uart", loop_mmio_uart(N_LOOP, UART_BASE + UARTFR), N_LOOP);
	report("mmio_gicd", loop_mmio_gicd(N_LOOP, GICD_BASE + GICD_TYPER),
	       N_LOOP);
	report("mmio_gicd_enable",
	       loop_mmio_gicd_enable(N_LOOP, GICD_BASE + GICD_ISENABLER1),
	       N_LOOP);
	report("mmio_gicd_prio",
	       loop_mmio_gicd_prio(N_LOOP, GICD_BASE + GICD_IPRIO_SPI), N_LOOP);
	bench_s2fault();
	bench_timer_irq();
	bench_ipi();
	print("BENCH done\n");
	system_off();
}
