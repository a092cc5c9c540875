/*
 * virtio devices of non-root zones served from the root zone
 * (docs/virtio.md): the transports in the served zone (core/virtio.c) and
 * the root zone's virtual PCI host bridge (core/vpci_host.c).
 */
#ifndef CVISOR_VIRTIO_H
#define CVISOR_VIRTIO_H

#include "cvisor/types.h"

struct zone;

#define VPCI_SLOTS 8u

/* Zone life cycle. All are no-ops for a zone without virtio devices. */
int virtio_zone_create(struct zone *zone);
void virtio_zone_reset(struct zone *zone); /* (re)started */
/* Stopped (vCPUs parked, the zone still exists): its devices are reset at
 * once, before its interrupts are released and its RAM scrubbed. */
void virtio_zone_stopped(struct zone *zone);
void virtio_zone_destroy(struct zone *zone);

/* The root zone's host bridge: registered when the board has one. */
int vpci_host_create(struct zone *root);
void vpci_host_destroy(struct zone *root);
/* The interrupt controller the zone's tree names in its root's
 * interrupt-parent, as the nodes below wire interrupts to it. */
struct fdt_intc {
	u32 phandle;
	u32 addr_cells; /* its #address-cells, 0 if absent */
	u32 irq_cells;	/* its #interrupt-cells, 1 if absent (3: Arm GIC) */
};

struct fdt_copy_out;
/* Written during the copy that derives a zone's tree (fdt_zone.c), at
 * the end of its root, whose #address-cells and #size-cells are root_ac
 * and root_sc; ic NULL when the tree has no interrupt controller (then
 * nothing is written). The bridge's node for the root zone; pci_domain
 * is its "linux,pci-domain", NULL when the tree's other bridges have none
 * (Linux numbers domains either all from that property or none: a bridge
 * without it beside one with it is refused as "Inconsistent
 * linux,pci-domain property"): */
int vpci_host_fdt(struct fdt_copy_out *o, const struct zone *root,
		  const struct fdt_intc *ic, u32 root_ac, u32 root_sc,
		  const u32 *pci_domain);
/* A served zone's virtio,mmio nodes: */
int virtio_zone_fdt(struct fdt_copy_out *o, const struct zone *zone,
		    const struct fdt_intc *ic, u32 root_ac, u32 root_sc);

#endif
