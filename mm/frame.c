#include "mm/frame.h"

#include "cvisor/errno.h"
#include "lib/bitmap.h"
#include "lib/string.h"

static bool frame_used(const struct frame_pool *pool, u64 i)
{
	return bitmap_test(pool->bitmap, i);
}

static void mark(struct frame_pool *pool, u64 first, u64 count, bool used)
{
	for (u64 i = first; i < first + count; i++)
		bitmap_assign(pool->bitmap, i, used);
}

int frame_pool_init(struct frame_pool *pool, paddr_t base, u64 size)
{
	u64 total = size >> FRAME_SHIFT;
	u64 bitmap_bytes, bitmap_frames;

	if (!IS_ALIGNED(pa_addr(base), FRAME_SIZE) || total < 2)
		return -CV_EINVAL;
	/* Bitmap for all frames (a slight over-estimate) at the start. */
	bitmap_bytes = ALIGN_UP(total, 64) / 8;
	bitmap_frames = ALIGN_UP(bitmap_bytes, FRAME_SIZE) >> FRAME_SHIFT;
	if (bitmap_frames >= total)
		return -CV_EINVAL;
	pool->bitmap = pa_to_hv(base);
	memset(pool->bitmap, 0, bitmap_bytes);
	pool->base = pa_add(base, bitmap_frames << FRAME_SHIFT);
	pool->nr_frames = total - bitmap_frames;
	pool->nr_free = pool->nr_frames;
	pool->next_fit = 0;
	pool->lock = (spinlock_t)SPINLOCK_INIT;
	return 0;
}

/* First fit from index `from`: a free run whose first frame's physical
 * address is aligned to `align` frames. Returns its index or -1. */
static s64 find_run(const struct frame_pool *pool, u64 from, u64 count,
		    u64 align)
{
	u64 base = pa_addr(pool->base) >> FRAME_SHIFT;
	u64 i = ALIGN_UP(base + from, align) - base;

	while (i + count <= pool->nr_frames) {
		u64 j = 0;

		while (j < count && !frame_used(pool, i + j))
			j++;
		if (j == count)
			return (s64)i;
		i = ALIGN_UP(base + i + j + 1, align) - base;
	}
	return -1;
}

int frame_alloc(struct frame_pool *pool, u64 count, u64 align_frames,
		paddr_t *pa)
{
	s64 first;

	if (!count || !align_frames || (align_frames & (align_frames - 1)))
		return -CV_EINVAL;
	spin_lock(&pool->lock);
	first = find_run(pool, pool->next_fit, count, align_frames);
	if (first < 0)
		first = find_run(pool, 0, count, align_frames);
	if (first >= 0) {
		mark(pool, (u64)first, count, true);
		pool->nr_free -= count;
		pool->next_fit = (u64)first + count;
		*pa = pa_add(pool->base, (u64)first << FRAME_SHIFT);
	}
	spin_unlock(&pool->lock);
	return first < 0 ? -CV_ENOMEM : 0;
}

int frame_free(struct frame_pool *pool, paddr_t pa, u64 count)
{
	u64 first;
	int ret = 0;

	if (pa_addr(pa) < pa_addr(pool->base) ||
	    !IS_ALIGNED(pa_addr(pa), FRAME_SIZE) || !count)
		return -CV_EINVAL;
	first = (pa_addr(pa) - pa_addr(pool->base)) >> FRAME_SHIFT;
	if (first >= pool->nr_frames || count > pool->nr_frames - first)
		return -CV_EINVAL;
	spin_lock(&pool->lock);
	for (u64 i = first; i < first + count; i++) {
		if (!frame_used(pool, i))
			ret = -CV_EINVAL;
	}
	if (!ret) {
		mark(pool, first, count, false);
		pool->nr_free += count;
		if (first < pool->next_fit)
			pool->next_fit = first;
	}
	spin_unlock(&pool->lock);
	return ret;
}

u64 frame_pool_free_count(struct frame_pool *pool)
{
	return __atomic_load_n(&pool->nr_free, __ATOMIC_RELAXED);
}
