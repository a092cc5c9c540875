#ifndef CVISOR_DRIVERS_PCI_PCI_FDT_H
#define CVISOR_DRIVERS_PCI_PCI_FDT_H

struct zone;

/* Fix the host bridge node of a zone's derived device tree (pci_fdt.c).
 * 0 or a libfdt error. */
int pci_fdt_fixup(void *fdt, const struct zone *zone);

#endif
