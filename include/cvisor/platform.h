/*
 * The machine as cvisor found it: parsed from the DTB the bootloader
 * passes (libfdt), plus what platform/<board>/ says the DTB cannot.
 */
#ifndef CVISOR_PLATFORM_H
#define CVISOR_PLATFORM_H

#include "cvisor/config.h"
#include "cvisor/limits.h"
#include "cvisor/types.h"

#define MAX_RAM_RANGES 8

struct mem_range {
	paddr_t base;
	u64 size;
};

struct platform {
	const void *dtb;
	u32 nr_cpus;
	u64 cpu_hwid[MAX_CPUS]; /* logical CPU id -> MPIDR / hart / APIC id */
	u32 nr_ram;
	struct mem_range ram[MAX_RAM_RANGES];
	struct mem_range hv; /* reserved for cvisor: image, pool, staging */
	struct mem_range staging; /* where the boot bundle is placed */
	ipa_t mgmt_ipa;		  /* the root zone's management device */
	/* The root zone's virtual PCI host bridge for virtio backends
	 * (docs/virtio.md); vpci_ecam 0: none on this board. */
	ipa_t vpci_ecam;  /* bus 0, VPCI_ECAM_SIZE */
	ipa_t vpci_mem32; /* BAR0s (emulated) */
	u64 vpci_mem32_size;
	ipa_t vpci_mem64; /* BAR2s: the served zones' RAM */
	u64 vpci_mem64_size;
	u32 vpci_first_irq; /* INTx of slot s: this + s */
	u32 uart_irq;	    /* the console UART's interrupt, 0: none */
	int uart_irq_err;   /* why there is none: arch_irqchip_fdt_irq() */
	paddr_t uart_base;
	char uart_compatible[32];
	u32 has_pci;	 /* a PCI host bridge, bus 0 scanned into pci_bus0 */
	u32 has_iommu;	 /* an IOMMU confines the PCI functions' DMA */
	u64 pci_bus0[4]; /* bit devfn: a function answers */
	u32 nr_hv_mmio;	 /* MMIO cvisor keeps (platform_claim_mmio) */
	struct cv_hv_mmio hv_mmio[CV_MAX_HV_MMIO];
};

extern struct platform platform;

/* Parse the DTB into `platform`; the board's fixed facts come from
 * platform_board_defaults(). Returns 0 or a negative CV_E* code. */
int platform_probe(const void *dtb);
/* What config validation needs to know about this machine. */
void platform_limits(struct cv_platform_limits *lim, u32 nr_irqs,
		     u32 first_spi);
/* MMIO that only cvisor may touch (the SMMU's registers, the PCI ECAM):
 * config validation refuses passthrough devices overlapping it. `what`
 * must outlive the platform (a string literal). */
void platform_claim_mmio(paddr_t base, u64 size, const char *what);
/* Logical id of a hardware CPU id, or -1. */
int platform_cpu_by_hwid(u64 hwid);

/* Provided by platform/<board>/: the hypervisor and staging reservation. */
void platform_board_defaults(struct platform *p);
/* Where the DTB is, given what the bootloader passed (0: nothing). */
const void *platform_board_dtb(paddr_t boot_arg);

#endif
