/*
 * A virtual PCI function of cvisor's host bridge in the root zone (one per
 * zone with virtio devices, docs/virtio.md): its configuration space as
 * plain state. BAR0 is the backend's register page (32-bit memory), BAR2/3
 * the served zone's RAM (64-bit prefetchable memory); INTx pin A with the
 * PCI 2.3 interrupt-disable and interrupt-status bits that
 * uio_pci_generic needs.
 */
#ifndef CVISOR_VPCI_H
#define CVISOR_VPCI_H

#include "cvisor/types.h"

#define VPCI_CFG_SIZE	  0x1000u /* one ECAM function */
#define VPCI_ECAM_DEVICES 32u	  /* bus 0 only: 32 devices x 8 functions */
#define VPCI_ECAM_SIZE	  (VPCI_ECAM_DEVICES * 8u * VPCI_CFG_SIZE)

#define VPCI_VENDOR_ID 0x1af4u /* ivshmem's id: no Linux driver claims it */
#define VPCI_DEVICE_ID 0x1110u
#define VPCI_CLASS     0x050000u /* memory controller, RAM */
#define VPCI_SUBSYS_ID 0x4356u	 /* "CV" */

/* Configuration registers (PCI Local Bus 3.0, type 0 header). */
#define PCI_COMMAND	     0x04u
#define PCI_STATUS	     0x06u
#define PCI_COMMAND_MEMORY   (1u << 1)
#define PCI_COMMAND_MASTER   (1u << 2)
#define PCI_COMMAND_INTX_DIS (1u << 10)
#define PCI_STATUS_INTERRUPT (1u << 3)
#define PCI_BAR0	     0x10u
#define PCI_BAR2	     0x18u
#define PCI_BAR3	     0x1cu
#define PCI_BAR_MEM_64	     (2u << 1)
#define PCI_BAR_PREFETCH     (1u << 3)
#define PCI_INTERRUPT_LINE   0x3cu

struct vpci_fn {
	u16 command;
	u8 int_line;
	u32 bar0;      /* address bits as programmed */
	u64 bar2;      /* address bits as programmed (BAR2 | BAR3 << 32) */
	u64 bar2_size; /* a power of two >= the zone's RAM */
};

void vpci_fn_init(struct vpci_fn *f, u64 ram_size);
/* 1-, 2- or 4-byte accesses at their natural alignment; anything else
 * reads all ones and writes nothing. */
u32 vpci_fn_read(const struct vpci_fn *f, u32 reg, u32 size, bool int_status);
void vpci_fn_write(struct vpci_fn *f, u32 reg, u32 size, u32 value);
/* Where BAR0 / BAR2 decode, false when memory decoding is off or the BAR
 * is unassigned (0). */
bool vpci_fn_bar0(const struct vpci_fn *f, u64 *addr);
bool vpci_fn_bar2(const struct vpci_fn *f, u64 *addr);
/* The INTx line: pending and not disabled. */
bool vpci_fn_intx(const struct vpci_fn *f, bool int_status);

#endif
