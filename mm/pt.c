#include "mm/pt.h"

#include "cvisor/errno.h"

static u64 entries_per_table(const struct pt_format *fmt)
{
	return 1ull << fmt->bits_per_level;
}

static u64 table_bytes(const struct pt_format *fmt)
{
	return 1ull << fmt->page_shift;
}

static u64 level_size(const struct page_table *pt, unsigned level)
{
	return 1ull << pt_level_shift(pt->fmt, level);
}

static u64 *table_of(const struct page_table *pt, u64 entry, unsigned level)
{
	return pa_to_hv(pt->fmt->output_address(entry, level));
}

static u64 index_at(const struct page_table *pt, u64 va, unsigned level)
{
	u64 mask = entries_per_table(pt->fmt) - 1;

	if (level == pt->first_level)
		mask = entries_per_table(pt->fmt) * pt->root_tables - 1;
	return (va >> pt_level_shift(pt->fmt, level)) & mask;
}

static bool is_leaf(const struct page_table *pt, u64 e, unsigned level)
{
	return pt->fmt->is_valid(e) && !pt->fmt->is_table(e, level);
}

int pt_init(struct page_table *pt, const struct pt_format *fmt,
	    const struct pt_memory *mem, unsigned va_bits)
{
	unsigned span, levels, top_bits;

	if (va_bits <= fmt->page_shift || va_bits > 64)
		return -CV_EINVAL;
	span = va_bits - fmt->page_shift;
	levels = (span + fmt->bits_per_level - 1) / fmt->bits_per_level;
	top_bits = span - fmt->bits_per_level * (levels - 1);
	pt->root_tables = 1;
	/* Up to 16 concatenated root tables save a level (Arm VTCR_EL2.SL0,
	 * RISC-V's x4 stage-2 modes). */
	if (levels > 1 && top_bits <= 4) {
		levels--;
		pt->root_tables = 1u << top_bits;
	}
	if (levels > fmt->last_level + 1)
		return -CV_ERANGE;
	pt->fmt = fmt;
	pt->mem = *mem;
	pt->va_bits = va_bits;
	pt->first_level = fmt->last_level + 1 - levels;
	pt->root =
	    mem->alloc_table(mem->ctx, table_bytes(fmt) * pt->root_tables);
	if (!pt->root)
		return -CV_ENOMEM;
	pt->nr_tables = pt->root_tables;
	return 0;
}

static u64 *new_table(struct page_table *pt)
{
	u64 *t = pt->mem.alloc_table(pt->mem.ctx, table_bytes(pt->fmt));

	if (t)
		pt->nr_tables++;
	return t;
}

static void drop_table(struct page_table *pt, u64 *t)
{
	pt->mem.free_table(pt->mem.ctx, t, table_bytes(pt->fmt));
	pt->nr_tables--;
}

/*
 * Find the entry for va at `target` level. With create, missing tables are
 * made. Returns NULL when a leaf above `target` covers va (-CV_EEXIST), a
 * table is missing without create (-CV_ENOENT) or memory ran out.
 */
static u64 *walk(struct page_table *pt, u64 va, unsigned target, bool create,
		 int *err)
{
	u64 *table = pt->root;

	for (unsigned level = pt->first_level;; level++) {
		u64 *e = &table[index_at(pt, va, level)];

		if (level == target)
			return e;
		if (!pt->fmt->is_valid(*e)) {
			u64 *t;

			if (!create) {
				*err = -CV_ENOENT;
				return NULL;
			}
			t = new_table(pt);
			if (!t) {
				*err = -CV_ENOMEM;
				return NULL;
			}
			*e = pt->fmt->make_table(hv_to_pa(t));
		} else if (!pt->fmt->is_table(*e, level)) {
			*err = -CV_EEXIST;
			return NULL;
		}
		table = table_of(pt, *e, level);
	}
}

/* The largest leaf level usable at va/pa for size bytes. */
static unsigned pick_level(const struct page_table *pt, u64 va, u64 pa,
			   u64 size)
{
	for (unsigned level = pt->first_level; level < pt->fmt->last_level;
	     level++) {
		u64 bs = level_size(pt, level);

		if (pt->fmt->leaf_allowed(level) && IS_ALIGNED(va | pa, bs) &&
		    size >= bs)
			return level;
	}
	return pt->fmt->last_level;
}

/* Is anything mapped in [va, va+size)? */
static bool range_has_mapping(const struct page_table *pt, u64 va, u64 size)
{
	u64 end = va + size;

	while (va < end) {
		struct pt_mapping m;
		unsigned level;

		if (!pt_lookup(pt, ipa_init(va), &m))
			return true;
		/* Skip the whole hole the walk stopped in. */
		level = m.level;
		va = ALIGN_DOWN(va, level_size(pt, level)) +
		     level_size(pt, level);
		if (va == 0)
			break;
	}
	return false;
}

static bool out_of_range(const struct page_table *pt, u64 va, u64 size)
{
	return pt->va_bits < 64 && (va >= (1ull << pt->va_bits) ||
				    size > (1ull << pt->va_bits) - va);
}

int pt_map(struct page_table *pt, ipa_t ipa, paddr_t out, u64 size, u32 attrs)
{
	u64 page = 1ull << pt->fmt->page_shift;
	u64 va = ipa_addr(ipa), pa = pa_addr(out);
	u64 done = 0;

	if (!size || !IS_ALIGNED(va | pa | size, page))
		return -CV_EINVAL;
	if (out_of_range(pt, va, size))
		return -CV_ERANGE;
	if (range_has_mapping(pt, va, size))
		return -CV_EEXIST;
	while (done < size) {
		unsigned level =
		    pick_level(pt, va + done, pa + done, size - done);
		int err = -CV_EEXIST;
		u64 *e = walk(pt, va + done, level, true, &err);

		if (!e || pt->fmt->is_valid(*e)) {
			/* Undo everything, including tables made on the
			 * way: the range was free, so unmapping all of it
			 * removes only what this call added. */
			pt_unmap(pt, ipa, size);
			return err;
		}
		*e = pt->fmt->make_leaf(pa_init(pa + done), level, attrs);
		done += level_size(pt, level);
	}
	return 0;
}

int pt_lookup(const struct page_table *pt, ipa_t ipa, struct pt_mapping *out)
{
	const u64 *table = pt->root;
	u64 va = ipa_addr(ipa);

	if (pt->va_bits < 64 && va >= (1ull << pt->va_bits)) {
		out->level = pt->first_level;
		return -CV_ERANGE;
	}
	for (unsigned level = pt->first_level;; level++) {
		u64 e = table[index_at(pt, va, level)];

		out->level = level;
		if (!pt->fmt->is_valid(e))
			return -CV_ENOENT;
		if (is_leaf(pt, e, level)) {
			u64 bs = level_size(pt, level);

			out->block_size = bs;
			out->pa = pa_add(pt->fmt->output_address(e, level),
					 va & (bs - 1));
			out->attrs = pt->fmt->leaf_attrs(e);
			return 0;
		}
		table = table_of(pt, e, level);
	}
}

static void flush(struct page_table *pt, u64 va, u64 size)
{
	if (pt->mem.flush_tlb)
		pt->mem.flush_tlb(pt->mem.ctx, ipa_init(va), size);
}

/* Replace the leaf *e (level, covering base) by a table of smaller leaves
 * with the same translation (break-before-make). */
static int split_leaf(struct page_table *pt, u64 *e, unsigned level, u64 base)
{
	u64 *t = new_table(pt);
	u64 old = *e, step = level_size(pt, level + 1);
	paddr_t pa = pt->fmt->output_address(old, level);
	u32 attrs = pt->fmt->leaf_attrs(old);

	if (!t)
		return -CV_ENOMEM;
	for (u64 i = 0; i < entries_per_table(pt->fmt); i++)
		t[i] =
		    pt->fmt->make_leaf(pa_add(pa, i * step), level + 1, attrs);
	*e = 0;
	flush(pt, base, level_size(pt, level));
	*e = pt->fmt->make_table(hv_to_pa(t));
	return 0;
}

static bool table_empty(const struct page_table *pt, const u64 *t)
{
	for (u64 i = 0; i < entries_per_table(pt->fmt); i++) {
		if (pt->fmt->is_valid(t[i]))
			return false;
	}
	return true;
}

/* Unmap [va, end) below `table` at `level`; frees tables left empty. */
static int unmap_level(struct page_table *pt, u64 *table, unsigned level,
		       u64 va, u64 end)
{
	u64 bs = level_size(pt, level);

	while (va < end) {
		u64 *e = &table[index_at(pt, va, level)];
		u64 base = ALIGN_DOWN(va, bs);
		u64 next = base + bs < end && base + bs != 0 ? base + bs : end;
		int err;

		if (!pt->fmt->is_valid(*e)) {
			va = next;
			continue;
		}
		if (is_leaf(pt, *e, level)) {
			if (va == base && next == base + bs) {
				*e = 0;
				va = next;
				continue;
			}
			err = split_leaf(pt, e, level, base);
			if (err)
				return err;
		}
		err = unmap_level(pt, table_of(pt, *e, level), level + 1, va,
				  next);
		if (err)
			return err;
		if (table_empty(pt, table_of(pt, *e, level))) {
			u64 *child = table_of(pt, *e, level);

			*e = 0;
			drop_table(pt, child);
		}
		va = next;
	}
	return 0;
}

int pt_unmap(struct page_table *pt, ipa_t ipa, u64 size)
{
	u64 page = 1ull << pt->fmt->page_shift;
	u64 va = ipa_addr(ipa);
	int err;

	if (!pt->root || !size || !IS_ALIGNED(va | size, page))
		return -CV_EINVAL; /* (no root: a table never initialised) */
	if (out_of_range(pt, va, size))
		return -CV_ERANGE;
	err = unmap_level(pt, pt->root, pt->first_level, va, va + size);
	flush(pt, va, size);
	return err;
}

static void destroy_level(struct page_table *pt, u64 *table, unsigned level,
			  u64 count)
{
	for (u64 i = 0; i < count; i++) {
		u64 e = table[i];

		if (pt->fmt->is_valid(e) && pt->fmt->is_table(e, level)) {
			u64 *child = table_of(pt, e, level);

			destroy_level(pt, child, level + 1,
				      entries_per_table(pt->fmt));
			drop_table(pt, child);
		}
		table[i] = 0;
	}
}

void pt_destroy(struct page_table *pt)
{
	if (!pt->root)
		return;
	destroy_level(pt, pt->root, pt->first_level,
		      entries_per_table(pt->fmt) * pt->root_tables);
	pt->mem.free_table(pt->mem.ctx, pt->root,
			   table_bytes(pt->fmt) * pt->root_tables);
	pt->nr_tables -= pt->root_tables;
	pt->root = NULL;
}
