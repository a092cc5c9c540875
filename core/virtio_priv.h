/* Shared by core/virtio.c and core/vpci_host.c. */
#ifndef CVISOR_CORE_VIRTIO_PRIV_H
#define CVISOR_CORE_VIRTIO_PRIV_H

#include "cvisor/config.h"
#include "cvisor/vbackend.h"
#include "cvisor/virtio.h"
#include "cvisor/vpci.h"
#include "lib/spinlock.h"

struct virtio_zone;

/* The priv of one transport's MMIO region. */
struct virtio_ref {
	struct virtio_zone *vz;
	u32 index;
};

/* A served zone: its transports, and its function in the root zone. */
struct virtio_zone {
	struct zone *zone;
	u32 slot; /* PCI device number on the root's bus 0 */
	struct vbackend vb;
	struct virtio_ref ref[CV_MAX_VIRTIO];
	struct vpci_fn fn;
	bool ram_mapped; /* BAR2 in the root's stage 2, at ram_at */
	u64 ram_at;
	bool intx; /* the level of the root's INTx line */
};

/* One lock for every served zone and the bridge: accesses are rare next
 * to the work they start, and it orders the zone's and the root's views. */
extern spinlock_t virtio_lock;
extern struct virtio_zone *virtio_slots[VPCI_SLOTS];
extern struct zone *vpci_root;

/* With virtio_lock held. */
void virtio_push(struct virtio_zone *vz, u32 kind, u32 dev, u32 queue);
void virtio_update_intx(struct virtio_zone *vz);
void virtio_update_zone_irq(struct virtio_zone *vz, u32 dev);
void vpci_unmap_ram(struct virtio_zone *vz);

#endif
