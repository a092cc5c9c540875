/* virtio-blk requests on a raw image (virtio 1.2 section 5.2). */
#ifndef CVISOR_CLI_VBLK_H
#define CVISOR_CLI_VBLK_H

#include "virtq.h"

#define VIRTIO_BLK_T_IN	     0u
#define VIRTIO_BLK_T_OUT     1u
#define VIRTIO_BLK_T_FLUSH   4u
#define VIRTIO_BLK_T_GET_ID  8u
#define VIRTIO_BLK_S_OK	     0u
#define VIRTIO_BLK_S_IOERR   1u
#define VIRTIO_BLK_S_UNSUPP  2u
#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO	     (1ull << 5)
#define VIRTIO_BLK_F_FLUSH   (1ull << 9)
#define VIRTIO_BLK_ID_BYTES  20u
#define VBLK_SECTOR	     512u
/* Data segments per request: the walker's limit per direction
 * (VQ_MAX_SEGS) less the header and the status byte. */
#define VBLK_SEG_MAX	(VQ_MAX_SEGS - 2u)
#define VBLK_CONFIG_LEN 16u

struct vblk {
	int fd;
	u64 sectors; /* capacity */
	bool ro;
	char id[VIRTIO_BLK_ID_BYTES];
};

/* Serve one request. -1: the chain cannot even carry a status (no
 * 16-byte header or no writable byte): the queue is unusable. Otherwise
 * 0, with the status written and *written the bytes put in the zone's
 * buffers (data and status). */
int vblk_request(const struct vblk *b, const struct vq_chain *c, u32 *written);
/* The device's configuration space (virtio 1.2, 5.2.4: capacity, size_max
 * (0), seg_max) into cfg[VBLK_CONFIG_LEN], and the features it offers
 * besides VERSION_1. Without SEG_MAX Linux puts one data segment in a
 * request: one page per round trip with O_DIRECT. */
u64 vblk_config(const struct vblk *b, u8 *cfg);

#endif
