/*
 * cvisor aarch64 IVC demo guest: shared definitions.
 *
 * One vCPU at EL1 with the MMU off: every data access is Device-nGnRnE, so
 * the code builds with -mstrict-align and uses no exclusives. MMIO goes
 * through single-register ldr/str so that a trapped access has a valid
 * syndrome (ESR_ELx.ISV=1). The shared page is plain memory to cvisor but
 * Device memory to us, which is what makes it coherent with the root zone's
 * uncached /dev/mem mapping of the same page.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

/* QEMU virt memory map (also what cvisor gives the zone). */
#define UART_BASE 0x09000000UL
#define GICD_BASE 0x08000000UL
#define GICC_BASE 0x08010000UL /* GICv2 CPU interface */
#define GICR_BASE 0x080a0000UL /* GICv3 first redistributor */

#define INTID_SPURIOUS 1023

/* SMCCC / PSCI / cvisor function ids, all issued with "hvc #0". */
#define PSCI_SYSTEM_OFF	    0x84000008UL
#define CV_HC_BASE	    0xC6000000UL
#define CV_HC_VERSION	    (CV_HC_BASE | 0x00)
#define CV_HC_IVC_NOTIFY    (CV_HC_BASE | 0x20)
#define SMCCC_NOT_SUPPORTED (-1L)

/* ESR_EL1.EC, bits [31:26] */
#define ESR_EC(esr)    (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN     0x00
#define EC_DABT_CUR_EL 0x25

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

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

/* PSTATE.I */
static inline void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
	isb(); /* a pending interrupt is taken here */
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

static inline void mmio_write64(uintptr_t addr, uint64_t val)
{
	__asm__ volatile("str %0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static inline unsigned long current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3; /* CurrentEL.EL, [3:2] */
}

/* start.S */
long smccc_hvc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);
void park(void) __attribute__((noreturn));

/* console.c: every line gets the "[ivc] " prefix; fmt ends with '\n'. */
void gprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* trap.c */
bool probe_read32(uintptr_t addr, uint32_t *val);
long probe_hvc(unsigned long fid, unsigned long a1);
void system_off(void) __attribute__((noreturn));

/* gic.c */
int gic_detect(void);
void gic_dist_init(void);
int gic_cpu_init(void);
void gic_enable_spi(uint32_t intid, uint8_t prio);
uint32_t gic_ack(void);
uint32_t gic_intid(uint32_t iar);
void gic_eoi(uint32_t iar);

/* trap.c, called from start.S */
struct exc_frame;
void exc_dispatch(unsigned long vec, struct exc_frame *f);

/* main.c; primary_main is called from start.S */
void primary_main(void);
void irq_handler(void);
extern volatile uint32_t ivc_doorbells; /* doorbell interrupts taken */

#endif /* GUEST_H */
