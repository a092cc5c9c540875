/*
 * A generic multi-level page-table builder and walker. The architecture
 * supplies the descriptor format (struct pt_format); this code knows only
 * levels, indices and sizes. Used for stage-2 (guest-physical -> host-
 * physical) tables on every architecture, and unit-tested on the host with
 * the real formats.
 *
 * Levels are numbered like Arm's: the leaf level is `last_level` (3 for a
 * 4 KiB granule), the root is `first_level`, and a level-L entry maps
 * 1 << level_shift(L) bytes.
 */
#ifndef CVISOR_MM_PT_H
#define CVISOR_MM_PT_H

#include "cvisor/types.h"

/* Generic attributes of a mapping. */
#define PT_READ	  (1u << 0)
#define PT_WRITE  (1u << 1)
#define PT_EXEC	  (1u << 2)
#define PT_DEVICE (1u << 3) /* device memory (uncached, no speculation) */
#define PT_RWX	  (PT_READ | PT_WRITE | PT_EXEC)

struct pt_format {
	const char *name;
	unsigned page_shift;	 /* 12 */
	unsigned bits_per_level; /* 9 */
	unsigned last_level;	 /* 3 */
	u64 (*make_table)(paddr_t next_table);
	u64 (*make_leaf)(paddr_t pa, unsigned level, u32 attrs);
	bool (*is_valid)(u64 entry);
	bool (*is_table)(u64 entry, unsigned level);
	paddr_t (*output_address)(u64 entry, unsigned level);
	u32 (*leaf_attrs)(u64 entry);
	/* May a leaf (block) live at this level? (last_level always may) */
	bool (*leaf_allowed)(unsigned level);
};

/* Where table memory comes from: hypervisor pointers, pa_to_hv(). */
struct pt_memory {
	void *(*alloc_table)(void *ctx, u64 bytes); /* zeroed, size-aligned */
	void (*free_table)(void *ctx, void *table, u64 bytes);
	void (*flush_tlb)(void *ctx, ipa_t ipa, u64 size); /* may be NULL */
	void *ctx;
};

struct page_table {
	const struct pt_format *fmt;
	struct pt_memory mem;
	unsigned first_level;
	unsigned root_tables; /* concatenated root tables (1, 2, 4, ... 16) */
	unsigned va_bits;     /* input address size */
	u64 *root;
	u64 nr_tables; /* tables owned, root included */
};

struct pt_mapping {
	paddr_t pa;	/* output address of ipa */
	u64 block_size; /* size of the leaf that maps va */
	unsigned level;
	u32 attrs;
};

/* Build an empty table for va_bits of input; picks the root level and the
 * number of concatenated root tables (up to 16) like Arm's VTCR rules. */
int pt_init(struct page_table *pt, const struct pt_format *fmt,
	    const struct pt_memory *mem, unsigned va_bits);
/* Map guest-physical [ipa, ipa+size) to [pa, pa+size), using the largest
 * leaves the alignment allows. -CV_EEXIST if any part is already mapped
 * (nothing is changed then), -CV_ERANGE beyond va_bits, -CV_ENOMEM. */
int pt_map(struct page_table *pt, ipa_t ipa, paddr_t pa, u64 size, u32 attrs);
/* Unmap [ipa, ipa+size): splits larger leaves at the edges; holes are
 * fine. Empty tables are freed. Flushes the TLB once for the range. */
int pt_unmap(struct page_table *pt, ipa_t ipa, u64 size);
/* Translate ipa. -CV_ENOENT when unmapped. */
int pt_lookup(const struct page_table *pt, ipa_t ipa, struct pt_mapping *out);
/* Free every table. */
void pt_destroy(struct page_table *pt);

static inline unsigned pt_level_shift(const struct pt_format *fmt,
				      unsigned level)
{
	return fmt->page_shift +
	       fmt->bits_per_level * (fmt->last_level - level);
}

#endif
