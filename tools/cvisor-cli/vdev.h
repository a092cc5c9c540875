/* The daemon's devices (cvisor virtio ..., docs/virtio.md). */
#ifndef CVISOR_CLI_VDEV_H
#define CVISOR_CLI_VDEV_H

#include <sys/types.h>

#include "cvisor/vbackend.h"
#include "vblk.h"
#include "virtq.h"
#include "vpci_dev.h"

/* Queue 0 receives and queue 1 transmits, for the console (virtio 1.2,
 * 5.3.2, ports 0's pair) and the network device (5.1.2) alike. */
#define VQ_RX 0u
#define VQ_TX 1u

struct vdev {
	u32 index;
	u32 type; /* VIRTIO_ID_* */
	struct virtq vq[VMMIO_MAX_QUEUES];
	u32 nr_queues;
	u32 epoch; /* of the DRIVER_OK the queues belong to */
	bool live;
	bool irq; /* used buffers to signal */
	struct vblk blk;
	int pty;       /* console: the pty master, -1 otherwise */
	int pty_slave; /* kept open: no hang-up while nobody is attached */
	int tap;       /* net: the tap device, -1 otherwise */
	bool rx_full;  /* pty or tap input waits for receive buffers */
};

struct daemon {
	u32 zone;
	struct vpci_dev pci;
	struct gmem mem;
	u32 nr_devs;
	struct vdev dev[VB_MAX_DEVS];
	u32 lost;
	u64 served; /* requests */
	u32 sel;    /* DEV_SEL as last written (VB_MAX_DEVS: unknown) */
};

/* Queue `q` of `d` has work; -1 when the device must be reset. */
int vcons_queue(struct daemon *dm, struct vdev *d, u32 q);
int vcons_input(struct daemon *dm, struct vdev *d);
int vcons_open(struct vdev *d, u32 zone);
int vnet_queue(struct daemon *dm, struct vdev *d, u32 q);
int vnet_input(struct daemon *dm, struct vdev *d);
int vnet_open(struct vdev *d, const char *tap);

/* One read of the device's input into the writable segments of chain c:
 * bytes placed, or <= 0 when nothing was read. */
typedef ssize_t (*vdev_fill_fn)(struct vdev *d, const struct vq_chain *c);
/* Receive queue: fill chains while there are both buffers and input; out
 * of buffers, d->rx_full until the driver adds some. -1: broken queue. */
int vdev_receive(struct daemon *dm, struct vdev *d, vdev_fill_fn fill);

/* BAR0 helpers (vdaemon.c). */
void vdev_select(struct daemon *dm, const struct vdev *d);
void vdev_fail(struct daemon *dm, struct vdev *d, const char *why);

#endif
