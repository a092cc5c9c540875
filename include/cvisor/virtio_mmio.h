/*
 * A virtio-mmio transport (virtio 1.2 section 4.2.2, MMIO version 2) as
 * plain state: the register file a zone's driver sees, and the backend's
 * side of it (docs/virtio.md). No locking and no hardware here; the caller
 * (core/virtio_mmio.c) serialises accesses and turns the outcome of an
 * access (vmmio_out) into events and interrupt levels.
 */
#ifndef CVISOR_VIRTIO_MMIO_H
#define CVISOR_VIRTIO_MMIO_H

#include "cvisor/types.h"

#define VMMIO_SIZE	  0x200u
#define VMMIO_MAX_QUEUES  4u
#define VMMIO_CONFIG_SIZE 256u

/* Registers (offsets from the transport's base). */
#define VMMIO_MAGIC		0x000u
#define VMMIO_VERSION		0x004u
#define VMMIO_DEVICE_ID		0x008u
#define VMMIO_VENDOR_ID		0x00cu
#define VMMIO_DEVICE_FEATURES	0x010u
#define VMMIO_DEVICE_FEAT_SEL	0x014u
#define VMMIO_DRIVER_FEATURES	0x020u
#define VMMIO_DRIVER_FEAT_SEL	0x024u
#define VMMIO_QUEUE_SEL		0x030u
#define VMMIO_QUEUE_NUM_MAX	0x034u
#define VMMIO_QUEUE_NUM		0x038u
#define VMMIO_QUEUE_READY	0x044u
#define VMMIO_QUEUE_NOTIFY	0x050u
#define VMMIO_INTERRUPT_STATUS	0x060u
#define VMMIO_INTERRUPT_ACK	0x064u
#define VMMIO_STATUS		0x070u
#define VMMIO_QUEUE_DESC_LOW	0x080u
#define VMMIO_QUEUE_DESC_HIGH	0x084u
#define VMMIO_QUEUE_DRIVER_LOW	0x090u
#define VMMIO_QUEUE_DRIVER_HIGH 0x094u
#define VMMIO_QUEUE_DEVICE_LOW	0x0a0u
#define VMMIO_QUEUE_DEVICE_HIGH 0x0a4u
#define VMMIO_SHM_SEL		0x0acu
#define VMMIO_SHM_LEN_LOW	0x0b0u
#define VMMIO_SHM_LEN_HIGH	0x0b4u
#define VMMIO_CONFIG_GEN	0x0fcu
#define VMMIO_CONFIG		0x100u

#define VMMIO_MAGIC_VALUE  0x74726976u /* "virt" */
#define VMMIO_VENDOR_VALUE 0x52535643u /* "CVSR" */

/* Device status bits (virtio 1.2 section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER	  2u
#define VIRTIO_STATUS_DRIVER_OK	  4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 0x40u
#define VIRTIO_STATUS_FAILED	  0x80u

/* InterruptStatus bits. */
#define VMMIO_INT_VRING	 1u
#define VMMIO_INT_CONFIG 2u

#define VIRTIO_F_VERSION_1 (1ull << 32)

/* Virtio device ids. */
#define VIRTIO_ID_NET	  1u
#define VIRTIO_ID_BLOCK	  2u
#define VIRTIO_ID_CONSOLE 3u

struct vmmio_queue {
	u32 num;
	bool ready;
	u64 desc, driver, device;
};

struct vmmio_state {
	/* fixed by the configuration */
	u32 device_id;
	u32 nr_queues;
	u32 queue_num_max;
	/* published by the backend */
	bool attached;
	u64 device_features;
	u32 config_len;
	u8 config[VMMIO_CONFIG_SIZE];
	u32 config_gen;
	/* written by the driver */
	u32 dev_feat_sel, drv_feat_sel;
	u64 driver_features;
	u32 queue_sel;
	struct vmmio_queue q[VMMIO_MAX_QUEUES];
	u32 status;
	u32 isr;
	u32 epoch;   /* resets + DRIVER_OKs, see docs/virtio.md */
	u32 refused; /* driver accesses that broke the rules */
};

/* What an access asks the caller to do. */
enum vmmio_event {
	VMMIO_EV_NONE,
	VMMIO_EV_NOTIFY,    /* queue `queue` has new buffers */
	VMMIO_EV_DRIVER_OK, /* the driver is up: queues are final */
	VMMIO_EV_RESET,	    /* the driver reset the device */
};

struct vmmio_out {
	enum vmmio_event event;
	u32 queue;
	bool irq_level; /* the interrupt line after the access */
};

/* A device of virtio type `device_id` with `nr_queues` queues of at most
 * `queue_num_max` entries, not attached to a backend. */
void vmmio_init(struct vmmio_state *s, u32 device_id, u32 nr_queues,
		u32 queue_num_max);

/* The zone's driver. Both return 0, or -CV_EINVAL for an access of the
 * wrong size or alignment (the caller turns it into a fault). */
int vmmio_read(struct vmmio_state *s, u32 offset, u32 size, u64 *value);
int vmmio_write(struct vmmio_state *s, u32 offset, u32 size, u64 value,
		struct vmmio_out *out);

/* The backend. */
void vmmio_attach(struct vmmio_state *s, bool attached);
void vmmio_set_config(struct vmmio_state *s, u32 offset, u32 value);
int vmmio_set_config_len(struct vmmio_state *s, u32 len);
/* Raise InterruptStatus bits for `epoch`: false (nothing raised) when the
 * epoch is stale or the driver is not at DRIVER_OK. */
bool vmmio_raise(struct vmmio_state *s, u32 bits, u32 epoch);
/* The backend found the driver's queues malformed: NEEDS_RESET and a
 * configuration-change interrupt (if the driver is at DRIVER_OK). */
void vmmio_fail(struct vmmio_state *s);

static inline bool vmmio_irq_level(const struct vmmio_state *s)
{
	return s->isr != 0;
}

#endif
