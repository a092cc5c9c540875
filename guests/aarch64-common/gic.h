/*
 * Minimal GICv2 / GICv3 driver of the aarch64 bare-metal guests.  Group 1
 * on GICv3 (system-register CPU interface), group 0 (reset default) on
 * GICv2 (memory-mapped CPU interface).  QEMU virt's map: GICD at
 * 0x08000000, the GICv2 CPU interface at 0x08010000, the first GICv3
 * redistributor at 0x080a0000.
 */
#ifndef AARCH64_COMMON_GIC_H
#define AARCH64_COMMON_GIC_H

#include <stdint.h>

#define GICD_BASE 0x08000000UL
#define GICC_BASE 0x08010000UL /* GICv2 CPU interface */
#define GICR_BASE 0x080a0000UL /* GICv3 first redistributor */

#define INTID_SPURIOUS 1023

/* Same offset in GICD and in the GICR SGI_base frame, 4 INTIDs a word. */
#define IPRIORITYR(n) (0x0400 + ((n) & ~3U))

/* 2 or 3; GICD_PIDR2 read with probe_read32(), else ID_AA64PFR0_EL1. */
int gic_detect(void);

/* gic_irq.c: what gic_detect() found (2 or 3); gic_ack() and co. use it. */
extern int gic_version;

/* v3: ARE and group 1 (0x12); v2: group 0. */
void gic_dist_init(void);
/* v3: read GICD_CTLR back once more (nothing on v2). */
void gic_dist_readback(void);

/*
 * This CPU's interface: on v3 enable the system registers and wake its
 * redistributor, then call gic_cpu_setup_hook(), then let every priority
 * in and enable the group.  -1 when v3 finds no redistributor.
 */
int gic_cpu_init(void);

/*
 * Weak, does nothing by default: set up this CPU's banked interrupts
 * (SGIs, PPIs) before its interface is enabled.  `banked` is the GICR
 * SGI_base frame on v3, GICD_BASE on v2.
 */
void gic_cpu_setup_hook(int version, uintptr_t banked);

/* Group 1 (v3) or 0 (v2), priority, route to this CPU, enable. */
void gic_enable_spi(uint32_t intid, uint8_t prio);

/*
 * From gic_cpu_setup_hook(): a banked interrupt (SGI or PPI, intid < 32)
 * of this CPU in group 1 (v3; group 0 on v2), at prio, enabled.
 */
void gic_enable_banked(int version, uintptr_t banked, uint32_t intid,
		       uint8_t prio);

/* Set one byte of a byte-per-interrupt register bank with a 32-bit RMW. */
void gic_set_byte(uintptr_t reg, unsigned int intid, uint8_t val);

/* gic_irq.c */
uint32_t gic_ack(void);
uint32_t gic_intid(uint32_t iar);
void gic_eoi(uint32_t iar);

#endif /* AARCH64_COMMON_GIC_H */
