/*
 * Physical frame allocator: a bitmap over one contiguous pool of 4 KiB
 * frames. Contiguous, aligned runs for page tables and zone scratch memory.
 */
#ifndef CVISOR_MM_FRAME_H
#define CVISOR_MM_FRAME_H

#include "cvisor/types.h"
#include "lib/spinlock.h"

#define FRAME_SHIFT 12
#define FRAME_SIZE  (1ull << FRAME_SHIFT)

struct frame_pool {
	paddr_t base;  /* first frame managed */
	u64 nr_frames; /* frames managed after the bitmap */
	u64 nr_free;
	u64 *bitmap;  /* bit set = frame in use */
	u64 next_fit; /* where the next search starts */
	spinlock_t lock;
};

/*
 * Manage [base, base+size). The bitmap is carved from the start of the
 * range, so the range must be mapped and writable. base is 4 KiB aligned.
 */
int frame_pool_init(struct frame_pool *pool, paddr_t base, u64 size);

/* count frames, the first aligned to align_frames (a power of two).
 * Returns 0 and sets *pa, or -CV_ENOMEM. The frames are not zeroed. */
int frame_alloc(struct frame_pool *pool, u64 count, u64 align_frames,
		paddr_t *pa);

/* Free a run from frame_alloc. Returns -CV_EINVAL when any frame of it is
 * outside the pool or already free (double free), freeing nothing. */
int frame_free(struct frame_pool *pool, paddr_t pa, u64 count);

u64 frame_pool_free_count(struct frame_pool *pool);

#endif
