/*
 * A split virtqueue (virtio 1.2 section 2.7) walked by the root zone's
 * daemon in its mapping of a zone's RAM. Nothing the zone wrote is
 * trusted: every descriptor is copied once and checked (index, address
 * and length inside the zone's RAM, no overflow, chains no longer than the
 * queue, readable before writable, no indirect tables) before anything
 * becomes a pointer; a violation marks the queue broken.
 */
#ifndef CVISOR_CLI_VIRTQ_H
#define CVISOR_CLI_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>

#include "cvisor/types.h"

/* The zone's RAM as the daemon sees it: guest-physical [ipa, ipa+size)
 * at host address base. */
struct gmem {
	u8 *base;
	u64 ipa;
	u64 size;
};

#define VRING_DESC_F_NEXT     1u
#define VRING_DESC_F_WRITE    2u
#define VRING_DESC_F_INDIRECT 4u

#define VQ_MAX_SEGS 128u

struct vq_seg {
	u8 *ptr;
	u32 len;
};

/* One request: readable segments first, then writable ones. */
struct vq_chain {
	u16 head;
	u32 nr_in, nr_out;		/* readable, writable segments */
	struct vq_seg in[VQ_MAX_SEGS];	/* device-readable */
	struct vq_seg out[VQ_MAX_SEGS]; /* device-writable */
	u64 in_len, out_len;		/* bytes, sums of the above */
};

struct virtq {
	const struct gmem *mem;
	u32 num;
	u8 *desc, *avail, *used; /* checked at setup */
	u16 last_avail;
	u16 used_idx; /* ours: what the zone writes there is not trusted */
	bool ready;
	bool broken;
	const char *error; /* why it broke */
};

/* Check the rings fit in the zone's RAM; -1 with q->error otherwise. */
int virtq_setup(struct virtq *q, const struct gmem *mem, u32 num, u64 desc,
		u64 avail, u64 used);
/* The next request: 1 with *c filled, 0 when there is none, -1 when the
 * queue is (now) broken (q->error says why; nothing more is served). */
int virtq_pop(struct virtq *q, struct vq_chain *c);
/* Put back the request virtq_pop() just returned (the backend cannot
 * serve it yet). */
void virtq_unpop(struct virtq *q);
/* Return a request with `written` bytes written into its buffers. */
void virtq_push(struct virtq *q, u16 head, u32 written);
/* A pointer to [ipa, ipa+len) inside the zone's RAM, or NULL. */
u8 *gmem_ptr(const struct gmem *m, u64 ipa, u64 len);

#endif
