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

#include "console.h"
#include "exc.h"
#include "mmio.h"
#include "smccc.h"
#include "sysreg.h"

/* Our own zone: RAM at IPA 0x40000000 (16 MiB), a console, a GIC. */
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

/* start.S */
long smccc_smc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);
uint64_t load_pair(uintptr_t addr); /* ldp: no syndrome (ISV=0) */
void call_at(uintptr_t addr);	    /* blr */
void park_entry(void);		    /* a CPU_ON entry that just parks */

/* console.c: gprint() lines start with "[hostile] " (console.h). */
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

/* main.c, from ../aarch64-common/up.S with the device tree's address */
void hostile_main(uintptr_t dtb);

#endif /* HOSTILE_H */
