#include "mm/heap.h"

#include "cvisor/errno.h"
#include "lib/string.h"

#define BLOCK_USED 0x55534544u /* "USED" */
#define BLOCK_FREE 0x46524545u /* "FREE" */

/* Every block starts with this header; size includes the header. */
struct heap_block {
	u64 size;
	u32 magic;
	u32 reserved;
	struct heap_block *next; /* free blocks only; keeps the header 16 B
				    wide for used blocks too (alignment) */
	u64 pad;
};

#define HEADER_SIZE sizeof(struct heap_block)
#define MIN_BLOCK   (HEADER_SIZE + HEAP_ALIGN)

int heap_init(struct heap *heap, void *base, u64 size)
{
	uintptr_t start = ALIGN_UP((uintptr_t)base, HEAP_ALIGN);
	u64 usable;

	if (size < (start - (uintptr_t)base) + MIN_BLOCK)
		return -CV_EINVAL;
	usable = ALIGN_DOWN(size - (start - (uintptr_t)base), HEAP_ALIGN);
	heap->start = (u8 *)start;
	heap->free_list = (struct heap_block *)start;
	heap->free_list->size = usable;
	heap->free_list->magic = BLOCK_FREE;
	heap->free_list->next = NULL;
	heap->size = usable;
	heap->free_bytes = usable;
	heap->lock = (spinlock_t)SPINLOCK_INIT;
	return 0;
}

/* Take `need` bytes from free block b (found after *link); split if big. */
static void *take(struct heap *heap, struct heap_block **link,
		  struct heap_block *b, u64 need)
{
	if (b->size - need >= MIN_BLOCK) {
		struct heap_block *rest = (struct heap_block *)((u8 *)b + need);

		rest->size = b->size - need;
		rest->magic = BLOCK_FREE;
		rest->next = b->next;
		*link = rest;
		b->size = need;
	} else {
		*link = b->next;
	}
	b->magic = BLOCK_USED;
	b->next = NULL;
	heap->free_bytes -= b->size;
	return (u8 *)b + HEADER_SIZE;
}

void *heap_alloc(struct heap *heap, u64 size)
{
	u64 need;
	void *p = NULL;

	if (!size || size > heap->size)
		return NULL;
	need = ALIGN_UP(size, HEAP_ALIGN) + HEADER_SIZE;
	spin_lock(&heap->lock);
	for (struct heap_block **link = &heap->free_list; *link;
	     link = &(*link)->next) {
		if ((*link)->size >= need) {
			p = take(heap, link, *link, need);
			break;
		}
	}
	spin_unlock(&heap->lock);
	return p;
}

void *heap_zalloc(struct heap *heap, u64 size)
{
	void *p = heap_alloc(heap, size);

	if (p)
		memset(p, 0, size);
	return p;
}

static bool adjacent(const struct heap_block *a, const struct heap_block *b)
{
	return (const u8 *)a + a->size == (const u8 *)b;
}

int heap_free(struct heap *heap, void *ptr)
{
	struct heap_block *b, **link, *prev = NULL;

	if (!ptr)
		return 0;
	if ((u8 *)ptr < heap->start + HEADER_SIZE ||
	    (u8 *)ptr >= heap->start + heap->size)
		return -CV_EINVAL; /* not from this heap */
	b = (struct heap_block *)((u8 *)ptr - HEADER_SIZE);
	if (b->magic != BLOCK_USED)
		return -CV_EINVAL;
	spin_lock(&heap->lock);
	heap->free_bytes += b->size;
	b->magic = BLOCK_FREE;
	/* Insert in address order, then merge with both neighbours. */
	for (link = &heap->free_list; *link && *link < b; link = &(*link)->next)
		prev = *link;
	b->next = *link;
	*link = b;
	if (b->next && adjacent(b, b->next)) {
		b->size += b->next->size;
		b->next->magic = 0;
		b->next = b->next->next;
	}
	if (prev && adjacent(prev, b)) {
		prev->size += b->size;
		prev->next = b->next;
		b->magic = 0;
	}
	spin_unlock(&heap->lock);
	return 0;
}

u64 heap_free_bytes(struct heap *heap)
{
	return heap->free_bytes;
}
