/*
 * A zone's view of the PCI configuration space (ECAM): only the functions
 * the zone owns exist (the others read all-ones and ignore writes), their
 * BARs are emulated so that the hardware is only ever programmed inside the
 * zone's share of the MMIO windows, and the expansion ROM and I/O BARs are
 * hidden. Pure logic over two accessors, compiled into cvisor and into the
 * host unit tests.
 */
#ifndef CVISOR_DRIVERS_PCI_PCI_VIEW_H
#define CVISOR_DRIVERS_PCI_PCI_VIEW_H

#include "cvisor/config.h"
#include "cvisor/types.h"

#define PCI_NR_BARS 6

enum pci_bar_kind {
	PCI_BAR_NONE,
	PCI_BAR_IO, /* hidden: no I/O window is shared */
	PCI_BAR_MEM32,
	PCI_BAR_MEM64, /* this BAR and the next hold the address */
	PCI_BAR_UPPER, /* the upper half of a MEM64 */
};

/* What cvisor found when it sized the function's BARs at boot. */
struct pci_fn_bars {
	u8 kind[PCI_NR_BARS];
	u32 flags[PCI_NR_BARS]; /* low 4 bits of a memory BAR (type, prefetch)
				 */
	u64 size[PCI_NR_BARS];
};

struct pci_bar_state {
	u64 value;  /* what the zone wrote (address bits only) */
	u64 placed; /* the address the hardware holds (0: none) */
};

struct pci_view_fn {
	u16 bdf;
	struct pci_fn_bars bars;
	struct pci_bar_state bar[PCI_NR_BARS];
};

struct pci_window {
	u64 base, size;
};

struct pci_view_ops {
	u32 (*read32)(void *ctx, u16 bdf, u32 reg);
	void (*write32)(void *ctx, u16 bdf, u32 reg, u32 value);
	void *ctx;
};

#define PCI_VIEW_MAX_WINDOWS 4

struct pci_view {
	struct pci_view_ops ops;
	u32 nr_fns;
	struct pci_view_fn fn[CV_MAX_PCI];
	u32 nr_windows;
	struct pci_window window[PCI_VIEW_MAX_WINDOWS]; /* the zone's share */
};

/* What a write did, for the caller's log. */
enum pci_view_result {
	PCI_VIEW_OK,
	PCI_VIEW_FOREIGN,     /* a function the zone does not own: ignored */
	PCI_VIEW_BAR_REFUSED, /* a BAR outside the zone's windows: kept */
	PCI_VIEW_READ_ONLY,   /* a register the zone may not write */
};

/* Registers of the type-0 header cvisor emulates (PCI 3.0 6.1). */
#define PCI_REG_COMMAND 0x04
#define PCI_REG_BAR0	0x10
#define PCI_REG_ROM	0x30
#define PCI_REG_INTX	0x3c
/* Command bits a zone may set: memory space [1], bus master [2], parity
 * error response [6], SERR# [8], INTx disable [10]. Not I/O space [0]. */
#define PCI_COMMAND_ZONE_MASK 0x0546u
#define PCI_COMMAND_MEMORY    0x0002u
#define PCI_COMMAND_MASTER    0x0004u

/* Add an owned function (its BARs as sized at boot). -CV_ENOMEM when
 * full. The hardware BARs keep their value until the zone places them. */
int pci_view_add(struct pci_view *v, u16 bdf, const struct pci_fn_bars *b);
int pci_view_add_window(struct pci_view *v, u64 base, u64 size);

/* An access of size 1, 2 or 4 at ECAM offset off (bus[27:20],
 * device[19:15], function[14:12], register[11:0]). */
u32 pci_view_read(struct pci_view *v, u64 off, u32 size);
enum pci_view_result pci_view_write(struct pci_view *v, u64 off, u32 size,
				    u32 value);

/* Is [base, base+size) inside one of the zone's windows? */
bool pci_view_in_window(const struct pci_view *v, u64 base, u64 size);
/* ECAM offset <-> requester id */
static inline u16 pci_ecam_bdf(u64 off)
{
	return (u16)((off >> 12) & 0xffff);
}

#endif
