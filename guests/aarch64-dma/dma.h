/* The hostile DMA guest (see README.md). */
#ifndef AARCH64_DMA_H
#define AARCH64_DMA_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "exc.h"
#include "mmio.h"
#include "smccc.h"
#include "sysreg.h"

/* QEMU virt's ECAM (highmem) and the zone's share of the 32-bit MMIO
 * window, where it places the edu BAR (1 MiB). */
#define ECAM_BASE   0x4010000000UL
#define MMIO_SHARE  0x10000000UL
#define OUTSIDE_BAR 0x10100000UL    /* the next MiB: not the zone's */
#define EDU_BDF	    ((2u << 3) | 0) /* 00:02.0, owned */
#define FOREIGN_BDF ((3u << 3) | 0) /* 00:03.0, another edu: not owned */

/* Config space of a function through the zone's ECAM view. */
uint32_t pci_read32(uint32_t bdf, uint32_t reg);
void pci_write32(uint32_t bdf, uint32_t reg, uint32_t v);

/* The edu device at BAR0 (docs/specs/edu.txt): a 4 KiB buffer at device
 * address 0x40000; DMA of count bytes between it and a bus address. */
#define EDU_BUF 0x40000UL
void edu_init(uintptr_t bar);
uint32_t edu_id(void);
uint32_t edu_liveness(void);
void edu_set_liveness(uint32_t v);
/* Bus address -> buffer (RAM to device) and back; wait for the end. */
void edu_dma_to_dev(uint64_t bus_addr, uint64_t dev_off, uint64_t count);
void edu_dma_from_dev(uint64_t dev_off, uint64_t bus_addr, uint64_t count);
/* Interrupt status bits raised (0x60) and acknowledged (0x64). */
void edu_raise_irq(uint32_t bits);
void edu_lower_irq(uint32_t bits);

/* Enable INTID 37 (the function's INTA), make the device raise it and
 * return the INTID acknowledged at the CPU interface (1023: none). */
uint32_t check_intx(void);

#endif
