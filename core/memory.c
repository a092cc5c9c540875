/* The hypervisor's own memory: a heap and a frame pool after the image. */
#include "cvisor/memory.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/platform.h"

#define HV_HEAP_SIZE MiB(4)

struct heap hv_heap;
struct frame_pool hv_frames;

void *hv_alloc(u64 size)
{
	return heap_zalloc(&hv_heap, size);
}

void hv_free(void *ptr)
{
	CHECK(heap_free(&hv_heap, ptr) == 0);
}

int memory_init_heap(void)
{
	paddr_t start =
	    pa_init(ALIGN_UP(pa_addr(hv_to_pa(__hv_end)), FRAME_SIZE));
	int err = heap_init(&hv_heap, pa_to_hv(start), HV_HEAP_SIZE);

	if (!err)
		pr_info("heap: 0x%llx+0x%llx",
			(unsigned long long)pa_addr(start),
			(unsigned long long)HV_HEAP_SIZE);
	return err;
}

int memory_init_frames(void)
{
	u64 start =
	    ALIGN_UP(pa_addr(hv_to_pa(__hv_end)), FRAME_SIZE) + HV_HEAP_SIZE;
	u64 end = pa_addr(platform.staging.base);
	int err;

	if (end <= start + 2 * FRAME_SIZE)
		return -CV_ENOMEM;
	err = frame_pool_init(&hv_frames, pa_init(start), end - start);
	if (!err)
		pr_info("init_early: frame allocator: %llu frames free at "
			"0x%llx-0x%llx",
			(unsigned long long)frame_pool_free_count(&hv_frames),
			(unsigned long long)pa_addr(hv_frames.base),
			(unsigned long long)end);
	return err;
}
