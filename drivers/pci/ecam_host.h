/*
 * The generic ECAM PCI host bridge ("pci-host-ecam-generic", QEMU virt):
 * cvisor owns it, scans bus 0 at boot, and gives each zone that owns
 * functions its own view of the configuration space (pci_view.h) and its
 * functions' DMA through the SMMU.
 */
#ifndef CVISOR_DRIVERS_PCI_ECAM_HOST_H
#define CVISOR_DRIVERS_PCI_ECAM_HOST_H

#include "cvisor/types.h"

struct zone;

/* Find and scan the host bridge; 0 also when there is none. */
int pci_host_probe(const void *fdt);
/* What config validation needs: the functions on bus 0, the IOMMU (into
 * `platform`; call after smmu_probe). */
void pci_host_publish(void);
/* A zone's functions: ECAM view, clean state, INTx check, SMMU streams. */
int pci_zone_attach(struct zone *zone);
/* The zone stopped: its functions stop (no decode, no bus mastering, BARs
 * unplaced), the events of its streams are logged. */
void pci_zone_stop(struct zone *zone);
/* Stop its functions (no decode, no bus mastering), detach its streams. */
void pci_zone_detach(struct zone *zone);

#endif
