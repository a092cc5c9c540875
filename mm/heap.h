/*
 * The hypervisor heap: first-fit over an address-ordered free list, blocks
 * split on allocation and merged with their neighbours on free. Used for
 * zone, vCPU and emulation state; page tables come from frames instead.
 */
#ifndef CVISOR_MM_HEAP_H
#define CVISOR_MM_HEAP_H

#include "cvisor/types.h"
#include "lib/spinlock.h"

#define HEAP_ALIGN 16

struct heap_block;

struct heap {
	struct heap_block *free_list;
	u8 *start;	/* the managed range, for checking frees */
	u64 size;	/* bytes managed */
	u64 free_bytes; /* including headers of free blocks */
	spinlock_t lock;
};

int heap_init(struct heap *heap, void *base, u64 size);
void *heap_alloc(struct heap *heap, u64 size);	/* NULL when exhausted */
void *heap_zalloc(struct heap *heap, u64 size); /* zeroed */
/* Returns -CV_EINVAL for a pointer that is not a live heap block. */
int heap_free(struct heap *heap, void *ptr);
u64 heap_free_bytes(struct heap *heap);

#endif
