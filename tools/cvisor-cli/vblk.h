/* virtio-blk requests on a raw image (virtio 1.2 section 5.2). */
#ifndef CVISOR_CLI_VBLK_H
#define CVISOR_CLI_VBLK_H

#include "virtq.h"

#define VIRTIO_BLK_T_IN	    0u
#define VIRTIO_BLK_T_OUT    1u
#define VIRTIO_BLK_T_FLUSH  4u
#define VIRTIO_BLK_T_GET_ID 8u
#define VIRTIO_BLK_S_OK	    0u
#define VIRTIO_BLK_S_IOERR  1u
#define VIRTIO_BLK_S_UNSUPP 2u
#define VIRTIO_BLK_F_RO	    (1ull << 5)
#define VIRTIO_BLK_F_FLUSH  (1ull << 9)
#define VIRTIO_BLK_ID_BYTES 20u
#define VBLK_SECTOR	    512u

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

#endif
