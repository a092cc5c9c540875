/* Inside the PCI host driver: what the zone half (pci_zone.c) needs of
 * the bridge (ecam_host.c). */
#ifndef CVISOR_DRIVERS_PCI_PCI_HOST_H
#define CVISOR_DRIVERS_PCI_PCI_HOST_H

#include "drivers/pci/pci_view.h"

struct pci_view_ops pci_host_ops(void);
bool pci_host_window(u32 i, struct pci_window *w);
void pci_host_ecam(paddr_t *base, u64 *size);
const struct pci_fn_bars *pci_host_bars(u16 bdf);
u32 pci_host_sid(u16 bdf);
u32 pci_host_intx_spi(u16 bdf); /* 0: no INTx */

#endif
