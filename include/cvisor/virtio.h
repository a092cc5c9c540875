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
void virtio_zone_reset(struct zone *zone);   /* (re)started */
void virtio_zone_stopped(struct zone *zone); /* stopped, still exists */
void virtio_zone_destroy(struct zone *zone);

/* The root zone's host bridge: registered when the board has one. */
int vpci_host_create(struct zone *root);
void vpci_host_destroy(struct zone *root);
/* The bridge's device-tree node for the root zone (fdt_zone.c). */
int vpci_host_fdt(void *fdt, const struct zone *root);
/* A served zone's virtio,mmio nodes (fdt_zone.c). */
int virtio_zone_fdt(void *fdt, const struct zone *zone);

#endif
