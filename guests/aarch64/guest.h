/*
 * cvisor aarch64 test guest: shared definitions.
 *
 * The guest runs at EL1 with the MMU off, so every data access is
 * Device-nGnRnE: no unaligned accesses, no exclusives.  MMIO goes through
 * the single-register ldr/str accessors below so that a hypervisor trapping
 * the access gets a valid ESR_ELx.ISS (ISV=1: no writeback, no pairs).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

/* QEMU virt memory map (also what cvisor gives the test zone). */
#define UART_BASE    0x09000000UL
#define GICD_BASE    0x08000000UL
#define GICC_BASE    0x08010000UL /* GICv2 CPU interface */
#define GICR_BASE    0x080a0000UL /* GICv3 first redistributor */
#define ILLEGAL_ADDR 0x48000000UL /* first byte past 128 MiB of RAM */

#define NR_CPUS	       2
#define TIMER_INTID    27 /* EL1 virtual timer PPI */
#define TIMER_TICKS    10
#define TIMER_HZ       100
#define INTID_SPURIOUS 1023

/* SMCCC / PSCI function ids, all issued with "hvc #0". */
#define PSCI_VERSION	    0x84000000UL
#define PSCI_CPU_ON_64	    0xC4000003UL
#define PSCI_SYSTEM_OFF	    0x84000008UL
#define CV_HC_VERSION	    0xC6000000UL
#define SMCCC_NOT_SUPPORTED (-1L)

/* ESR_EL1.EC, bits [31:26] */
#define ESR_EC(esr)    (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN     0x00
#define EC_DABT_CUR_EL 0x25

#define CNTV_CTL_ENABLE	 (1UL << 0)
#define CNTV_CTL_IMASK	 (1UL << 1)
#define CNTV_CTL_ISTATUS (1UL << 2)

#define read_sysreg(reg)                                                       \
	({                                                                     \
		uint64_t __val;                                                \
		__asm__ volatile("mrs %0, " #reg : "=r"(__val));               \
		__val;                                                         \
	})

#define write_sysreg(val, reg)                                                 \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)))

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void dmb_sy(void)
{
	__asm__ volatile("dmb sy" : : : "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static inline void sev(void)
{
	__asm__ volatile("sev" : : : "memory");
}

/* PSTATE.I */
static inline void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
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

/* CPU index (0 or 1), stored in TPIDR_EL1 by start.S. */
static inline unsigned int this_cpu(void)
{
	return read_sysreg(tpidr_el1) & 1;
}

static inline unsigned long current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3; /* CurrentEL.EL, [3:2] */
}

/* start.S */
long smccc_hvc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);
void secondary_entry(void);
void park(void) __attribute__((noreturn));

/* console.c: every line gets the "[guest] " prefix; fmt ends with '\n'. */
void gprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* trap.c */
bool probe_read32(uintptr_t addr, uint32_t *val);
long probe_hvc(unsigned long fid);
void system_off(void) __attribute__((noreturn));

/* gic.c */
int gic_detect(void);
void gic_dist_init(void);
int gic_cpu_init(void);
uint32_t gic_ack(void);
uint32_t gic_intid(uint32_t iar);
void gic_eoi(uint32_t iar);

/* trap.c, called from start.S */
struct exc_frame;
void exc_dispatch(unsigned long vec, struct exc_frame *f);

/* main.c; the first two are called from start.S */
void primary_main(void);
void secondary_main(void);
void irq_handler(void);

#endif /* GUEST_H */
