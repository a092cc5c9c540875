/*
 * The root zone's side of a served zone's PCI function (docs/virtio.md),
 * through what Debian's kernel offers without a module of ours: sysfs
 * (find it, map BAR0 and BAR2, write the command register) and
 * uio_pci_generic (its INTx as read() wake-ups on /dev/uioN).
 */
#ifndef CVISOR_CLI_VPCI_DEV_H
#define CVISOR_CLI_VPCI_DEV_H

#include <stddef.h>

#include "cvisor/types.h"

struct vpci_dev {
	char sysfs[192];   /* /sys/bus/pci/devices/<addr> */
	volatile u8 *bar0; /* the backend's register page (Device memory) */
	u8 *ram;	   /* the zone's RAM (BAR2, write-combining) */
	size_t ram_len;
	int uio; /* /dev/uioN */
	int cfg; /* sysfs config, for INTx unmasking */
};

/* Find zone `zone`'s function, bind uio_pci_generic, map its BARs.
 * sysfs_root is normally "/sys". 0, or -1 with a message on stderr. */
int vpci_dev_open(struct vpci_dev *d, const char *sysfs_root, u32 zone);
/* Clear PCI_COMMAND_INTX_DISABLE: uio_pci_generic masked INTx when the
 * interrupt came; an event still pending raises it again at once. */
int vpci_dev_unmask(struct vpci_dev *d);
/* Wait for the next interrupt (blocking read of /dev/uioN). */
int vpci_dev_wait(struct vpci_dev *d);
void vpci_dev_close(struct vpci_dev *d);

#endif
