/*
 * cvisor isolation test, the hostile guest (a non-root zone with one
 * vCPU): definitions.  The addresses it attacks come from
 * configs/qemu-virt-aarch64-isolation.json and QEMU virt's memory map.
 *
 * The MMU stays off: every address below is used as an IPA as it is.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

/* Our own zone: RAM at IPA 0x40000000 (16 MiB), a console, a GIC. */
#define UART_BASE    0x09000000UL
#define GICD_BASE    0x08000000UL
#define OWN_RAM	     0x40000000UL
#define OWN_RAM_END  0x41000000UL
#define OWN_INFO_IPA 0x40f00000UL /* scratch: inside our RAM */

/* The victim (root zone): its RAM's host-physical addresses. */
#define VICTIM_RAM_PA  0x50000000UL
#define VICTIM_CODE_PA 0x50080000UL /* its image (IPA 0x40080000) */
#define VICTIM_BUF_PA  0x50400000UL /* its checksummed buffer */
#define VICTIM_LAST_PA 0x50fffffcUL /* last word of its RAM */
#define VICTIM_SPI     48	    /* the physical SPI it owns */
#define FREE_SPI       34	    /* an SPI nobody owns (the RTC's) */

/*
 * cvisor's reserved RAM, 0x40000000-0x48000000: the DTB, its image at
 * 0x40200000, heap, page-table frames up to 0x44000000, then the boot
 * bundle.  Below 0x41000000 the same numbers are our own RAM, so the
 * attacks use the part above it.
 */
#define HV_FRAMES     0x41000000UL /* first byte past our RAM */
#define HV_FRAMES_TOP 0x43fff000UL
#define HV_STAGING    0x44000000UL /* the boot bundle */

/* Devices of the machine that are not ours. */
#define GICV2M_SETSPI  0x08020040UL /* v2: MSI frame, writes raise SPIs */
#define GICH_BASE      0x08030000UL /* v2: hypervisor control interface */
#define GICV_BASE      0x08040000UL /* v2: the real virtual CPU interface */
#define ITS_TRANSLATER 0x08090040UL /* v3: ITS, writes raise LPIs */
#define GICR_FOREIGN   0x080c0000UL /* v3: 2nd redistributor (pCPU 1) */
#define RTC_BASE       0x09010000UL
#define FW_CFG_BASE    0x09020000UL /* its DMA interface writes RAM */
#define VIRTIO_BASE    0x0a000000UL
#define PCIE_ECAM_HIGH 0x4010000000UL
#define IPA_TOP_PAGE   0xfffffffff000UL /* last page of a 48-bit IPA */

/* SMCCC / PSCI function ids and errors. */
#define PSCI_CPU_ON_32	   0x84000003UL
#define PSCI_CPU_ON_64	   0xc4000003UL
#define PSCI_AFFINITY_INFO 0xc4000004UL
#define PSCI_SYSTEM_OFF	   0x84000008UL
#define SIP_SERVICE_CALL   0xc2000000UL /* SiP-owned, for EL3 firmware */
#define CV_HC(code)	   (0xc6000000UL | (code))

/* ESR_EL1.EC, bits [31:26] */
#define ESR_EC(esr)    (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN     0x00
#define EC_IABT_CUR_EL 0x21

#define read_sysreg(reg)                                                       \
	({                                                                     \
		uint64_t __val;                                                \
		__asm__ volatile("mrs %0, " #reg : "=r"(__val));               \
		__val;                                                         \
	})

#define write_sysreg(val, reg)                                                 \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)))

/* Expand a macro naming a register (S3_...) before stringifying it. */
#define wr_sysreg(v, r) write_sysreg(v, r)

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
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

/* start.S */
long smccc_hvc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);
long smccc_smc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);
uint64_t load_pair(uintptr_t addr); /* ldp: no syndrome (ISV=0) */
void call_at(uintptr_t addr);	    /* blr */
void park_entry(void);		    /* a CPU_ON entry that just parks */
void park(void) __attribute__((noreturn));

/* console.c */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void say_raw(const char *s); /* no "[hostile] " prefix */
/* "[hostile] attack <name>: <outcome>"; a breach prints BREACH first. */
void outcome(const char *name, bool breach, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
unsigned int nr_attacks(void);
unsigned int nr_breaches(void);

/* trap.c: a fault inside guard_begin()/guard_end() is recorded and the
 * faulting instruction skipped (for a fetch: back to the caller). */
struct fault {
	uint64_t esr, far;
};
void guard_begin(void);
bool guard_end(struct fault *f); /* true if a fault was taken */
void system_off(void) __attribute__((noreturn));
struct exc_frame;
void exc_dispatch(unsigned long vec, struct exc_frame *f);

/* gic.c */
int gic_detect(void);

/* The attack groups. */
void attack_memory(void);
void attack_devices(void);
void attack_gicd(int gic_version);
void attack_sgis(int gic_version);
void attack_psci(void);
void attack_hypercalls(void);
void attack_console(void);
void attack_gicr(int gic_version);
void attack_device_tree(uintptr_t dtb);

/* main.c, from start.S with the device tree's address */
void hostile_main(uintptr_t dtb);

#endif /* HOSTILE_H */
