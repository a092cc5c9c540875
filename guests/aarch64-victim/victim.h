/*
 * cvisor isolation test, the victim (root zone, one vCPU): definitions.
 *
 * The MMU stays off, so every data access is Device-nGnRnE: the code
 * builds with -mstrict-align and MMIO goes through single ldr/str
 * accessors (a trapped access then has a valid syndrome, ISV=1).
 */
#ifndef VICTIM_H
#define VICTIM_H

#include <stdbool.h>
#include <stdint.h>

/* QEMU virt memory map, as cvisor shows it to the zone. */
#define UART_BASE 0x09000000UL /* the zone's emulated PL011 */
#define GICD_BASE 0x08000000UL
#define GICC_BASE 0x08010000UL /* GICv2 CPU interface (GICV behind it) */
#define GICR_BASE 0x080a0000UL /* GICv3: this vCPU's redistributor */

/*
 * The guarded buffer: 1 MiB at IPA 0x40400000, which the isolation
 * configuration backs with host-physical 0x50400000 (the address the
 * hostile zone attacks).
 */
#define BUF_IPA	 0x40400000UL
#define BUF_SIZE (1UL << 20)

#define RUN_SECS       3  /* how long the checksum is watched */
#define CHECK_HZ       10 /* one check per virtual timer tick */
#define TIMER_INTID    27 /* EL1 virtual timer PPI */
#define OWN_SPI	       48 /* the physical SPI the configuration gives us */
#define SPI_PRIO       0xa0
#define INTID_SPURIOUS 1023

/* SMCCC / PSCI function ids, all issued with "hvc #0". */
#define PSCI_SYSTEM_OFF 0x84000008UL

/* ESR_EL1.EC, bits [31:26] */
#define ESR_EC(esr)    (((esr) >> 26) & 0x3f)
#define EC_DABT_CUR_EL 0x25

#define CNTV_CTL_ENABLE	 (1UL << 0)
#define CNTV_CTL_ISTATUS (1UL << 2)

#define read_sysreg(reg)                                                       \
	({                                                                     \
		uint64_t __val;                                                \
		__asm__ volatile("mrs %0, " #reg : "=r"(__val));               \
		__val;                                                         \
	})

#define write_sysreg(val, reg)                                                 \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)))

/* Expand a macro naming a register (S3_...) before stringifying it. */
#define rd_sysreg(r)	read_sysreg(r)
#define wr_sysreg(v, r) write_sysreg(v, r)

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

static inline void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint32_t val;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return (uint8_t)val;
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

static inline void mmio_write8(uintptr_t addr, uint8_t val)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static inline void mmio_write64(uintptr_t addr, uint64_t val)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static inline uint64_t now_ticks(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

/* start.S */
long smccc_hvc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);
void park(void) __attribute__((noreturn));

/* console.c: every line gets the "[victim] " prefix; fmt ends with '\n'. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* trap.c */
bool probe_read32(uintptr_t addr, uint32_t *val);
void system_off(void) __attribute__((noreturn));
struct exc_frame;
void exc_dispatch(unsigned long vec, struct exc_frame *f);

/* gic.c: one vCPU, group 1 on GICv3, group 0 on GICv2. */
struct spi_state {
	uint32_t enabled, pending, active, prio, cfg;
	uint64_t route; /* v3 IROUTER, v2 ITARGETSR byte */
};

int gic_detect(void);
void gic_init(void);
void gic_spi_setup(uint32_t intid);
void gic_spi_read(uint32_t intid, struct spi_state *s);
void gic_spi_set_pending(uint32_t intid);
uint32_t gic_ack(void);
uint32_t gic_intid(uint32_t iar);
void gic_eoi(uint32_t iar);

/* main.c, called from trap.c */
void irq_handler(void);
void victim_main(void);

#endif /* VICTIM_H */
