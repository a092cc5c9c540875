/*
 * The hypervisor's own memory (core/memory.c): a heap for zone, vCPU and
 * emulation state and a frame pool for page tables and zone copies, both
 * placed after cvisor's image by the primary CPU at boot.
 */
#ifndef CVISOR_MEMORY_H
#define CVISOR_MEMORY_H

#include "cvisor/types.h"
#include "mm/frame.h"
#include "mm/heap.h"

extern struct heap hv_heap;
extern struct frame_pool hv_frames;

int memory_init_heap(void);
int memory_init_frames(void);

void *hv_alloc(u64 size); /* zeroed; NULL when the heap is exhausted */
void hv_free(void *ptr);

#endif
