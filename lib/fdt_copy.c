/* One-walk filtered copy of a device tree (see fdt_copy.h). */
#include "lib/fdt_copy.h"

#include "lib/fdt_index.h"
#include "lib/fdt_raw.h"
#include "lib/string.h"

#include <libfdt.h>

#define MAX_DEPTH     16
#define EXTRA_STRINGS 512

struct fdt_copy_out {
	u8 *buf;
	int size; /* of buf */
	int pos;  /* next byte of the structure block */
	const void *src;
	int nr_extra; /* bytes of names added to the source's strings */
	char extra[EXTRA_STRINGS];
};

static int put_u32(struct fdt_copy_out *o, u32 v)
{
	fdt32_t be = cpu_to_fdt32(v);

	if (o->pos + 4 > o->size)
		return -FDT_ERR_NOSPACE;
	memcpy(o->buf + o->pos, &be, 4);
	o->pos += 4;
	return 0;
}

/* len bytes, then zeros up to a 4-byte boundary (the FDT's alignment). */
static int put_bytes(struct fdt_copy_out *o, const void *p, int len)
{
	int padded = (len + 3) & ~3;

	if (o->pos + padded > o->size)
		return -FDT_ERR_NOSPACE;
	if (len)
		memcpy(o->buf + o->pos, p, (size_t)len); /* p may be NULL */
	memset(o->buf + o->pos + len, 0, (size_t)(padded - len));
	o->pos += padded;
	return 0;
}

static int put_prop(struct fdt_copy_out *o, u32 nameoff, const void *val,
		    int len)
{
	int err = put_u32(o, FDT_PROP);

	if (!err)
		err = put_u32(o, (u32)len);
	if (!err)
		err = put_u32(o, nameoff);
	return err ? err : put_bytes(o, val, len);
}

static bool is_listed(const char *const *names, const char *name)
{
	for (; names && *names; names++) {
		if (!strcmp(*names, name))
			return true;
	}
	return false;
}

/* One property at a time: act->set_name's value replaced (the first of
 * that name; a second is a damaged tree's and goes) or added at the end,
 * drop_props left out. */
static int copy_props_replacing(struct fdt_copy_out *o, const void *fdt,
				const struct fdt_raw_node *n,
				const struct fdt_copy_node *act)
{
	bool set = false;
	int off, len, err = 0;

	fdt_for_each_property_offset(off, fdt, n->off)
	{
		const struct fdt_property *p =
		    fdt_get_property_by_offset(fdt, off, &len);
		u32 nameoff = fdt32_to_cpu(p->nameoff);
		const void *val = p->data;

		const char *name = fdt_string(fdt, (int)nameoff);

		if (is_listed(act->drop_props, name))
			continue;
		if (act->set_name && !strcmp(name, act->set_name)) {
			if (set)
				continue;
			set = true;
			val = act->set_val;
			len = act->set_len;
		}
		err = put_prop(o, nameoff, val, len);
		if (err)
			return err;
	}
	if (off != -FDT_ERR_NOTFOUND)
		return off;
	if (act->set_name && !set)
		return fdt_copy_prop(o, act->set_name, act->set_val,
				     act->set_len);
	return 0;
}

/* The node's name and properties (as they are: one copy). */
static int copy_node(struct fdt_copy_out *o, const void *fdt,
		     const struct fdt_raw_node *n,
		     const struct fdt_copy_node *act)
{
	const u8 *s = (const u8 *)fdt + fdt_off_dt_struct(fdt);
	int err = put_u32(o, FDT_BEGIN_NODE);

	if (!err)
		err = put_bytes(o, n->name, (int)strlen(n->name) + 1);
	if (err || act->set_name || act->drop_props)
		return err ? err : copy_props_replacing(o, fdt, n, act);
	if (o->pos + (n->props_end - n->props) > o->size)
		return -FDT_ERR_NOSPACE;
	memcpy(o->buf + o->pos, s + n->props,
	       (size_t)(n->props_end - n->props));
	o->pos += n->props_end - n->props;
	return 0;
}

/* The offset of name in the copy's strings: the source's block, then
 * the names added. A name the callbacks add is looked up among the added
 * ones only, and added if new: searching the source's block (1-2 KiB of
 * QEMU's names, a strnlen per entry) for each cost more than the copy of
 * the whole tree, while a name stored twice costs a few bytes (the format
 * lets any number of properties share a string, or not). */
static int name_offset(struct fdt_copy_out *o, const char *name)
{
	int size = (int)fdt_size_dt_strings(o->src), len = (int)strlen(name);

	for (int i = 0; i < o->nr_extra;) {
		int n = (int)strlen(o->extra + i);

		if (n == len && !memcmp(o->extra + i, name, (size_t)len))
			return size + i;
		i += n + 1;
	}
	if (o->nr_extra + len + 1 > EXTRA_STRINGS)
		return -FDT_ERR_NOSPACE;
	memcpy(o->extra + o->nr_extra, name, (size_t)len + 1);
	o->nr_extra += len + 1;
	return size + o->nr_extra - len - 1;
}

int fdt_copy_begin_node(struct fdt_copy_out *o, const char *name)
{
	int err = put_u32(o, FDT_BEGIN_NODE);

	return err ? err : put_bytes(o, name, (int)strlen(name) + 1);
}

int fdt_copy_end_node(struct fdt_copy_out *o)
{
	return put_u32(o, FDT_END_NODE);
}

int fdt_copy_prop(struct fdt_copy_out *o, const char *name, const void *val,
		  int len)
{
	int off = name_offset(o, name);

	return off < 0 ? off : put_prop(o, (u32)off, val, len);
}

int fdt_copy_prop_u32(struct fdt_copy_out *o, const char *name, u32 v)
{
	fdt32_t be = cpu_to_fdt32(v);

	return fdt_copy_prop(o, name, &be, sizeof(be));
}

int fdt_copy_prop_u64(struct fdt_copy_out *o, const char *name, u64 v)
{
	fdt64_t be = cpu_to_fdt64(v);

	return fdt_copy_prop(o, name, &be, sizeof(be));
}

int fdt_copy_prop_string(struct fdt_copy_out *o, const char *name,
			 const char *s)
{
	return fdt_copy_prop(o, name, s, (int)strlen(s) + 1);
}

static int put_cells(fdt32_t *cells, u32 n, u64 v)
{
	if (n < 1 || n > 2 || (n == 1 && v >> 32))
		return n < 1 || n > 2 ? -FDT_ERR_BADNCELLS : -FDT_ERR_BADVALUE;
	if (n == 2)
		*cells++ = cpu_to_fdt32((u32)(v >> 32));
	*cells = cpu_to_fdt32((u32)v);
	return 0;
}

int fdt_copy_prop_range(struct fdt_copy_out *o, const char *name, u32 ac,
			u32 sc, u64 addr, u64 size)
{
	fdt32_t cells[4];
	int err = put_cells(cells, ac, addr);

	if (!err && sc)
		err = put_cells(cells + ac, sc, size);
	else if (!err && size)
		err = -FDT_ERR_BADVALUE;
	return err ? err : fdt_copy_prop(o, name, cells, (int)((ac + sc) * 4));
}

/* Header and memory reservation map; o->pos ends at the structure block. */
static int start(struct fdt_copy_out *o, const void *src)
{
	int n = fdt_num_mem_rsv(src), hdr = (int)sizeof(struct fdt_header);
	int rsv = (n + 1) * (int)sizeof(struct fdt_reserve_entry);

	if (n < 0)
		return n;
	if (hdr + rsv > o->size)
		return -FDT_ERR_NOSPACE;
	memset(o->buf, 0, (size_t)hdr);
	memcpy(o->buf + hdr, (const u8 *)src + fdt_off_mem_rsvmap(src),
	       (size_t)rsv); /* n entries and the terminating zero one */
	o->pos = hdr + rsv;
	return 0;
}

static int finish(struct fdt_copy_out *o, const void *src, int struct_off)
{
	int strings = o->pos, src_size = (int)fdt_size_dt_strings(src);
	int size = src_size + o->nr_extra;
	void *fdt = o->buf;

	if (o->pos + size > o->size)
		return -FDT_ERR_NOSPACE;
	memcpy(o->buf + o->pos, (const u8 *)src + fdt_off_dt_strings(src),
	       (size_t)src_size);
	memcpy(o->buf + o->pos + src_size, o->extra, (size_t)o->nr_extra);
	fdt_set_magic(fdt, FDT_MAGIC);
	fdt_set_totalsize(fdt, (u32)(strings + size));
	fdt_set_off_mem_rsvmap(fdt, (u32)sizeof(struct fdt_header));
	fdt_set_off_dt_struct(fdt, (u32)struct_off);
	fdt_set_size_dt_struct(fdt, (u32)(strings - struct_off));
	fdt_set_off_dt_strings(fdt, (u32)strings);
	fdt_set_size_dt_strings(fdt, (u32)size);
	fdt_set_version(fdt, 17);
	fdt_set_last_comp_version(fdt, 16);
	fdt_set_boot_cpuid_phys(fdt, fdt_boot_cpuid_phys(src));
	return 0;
}

/* A node's begin tag: ask fn (not for the root), copy the node or start
 * skipping its subtree. */
static int visit(struct fdt_copy_out *o, const void *src,
		 struct fdt_raw_node *stk, int depth, int *skip,
		 const struct fdt_copy_ops *ops, void *ctx)
{
	struct fdt_copy_node act = {0};
	int err = 0;

	if (depth > 0)
		err = ops->node(ctx, src, &stk[depth - 1], &stk[depth], depth,
				&act);
	if (err)
		return err;
	if (act.drop) {
		*skip = depth;
		return 0;
	}
	err = copy_node(o, src, &stk[depth], &act);
	if (!err && ops->props)
		err = ops->props(ctx, o, &stk[depth], depth);
	return err;
}

int fdt_copy_filtered(const void *src, void *buf, int buf_size,
		      const struct fdt_copy_ops *ops, void *ctx)
{
	struct fdt_copy_out o = {.buf = buf, .size = buf_size, .src = src};
	struct fdt_raw_node stk[MAX_DEPTH];
	int depth = -1, skip = MAX_DEPTH, off = 0, err = start(&o, src);
	int struct_off = o.pos;
	u32 tag = FDT_BEGIN_NODE;

	while (!err && off >= 0) {
		if (tag == FDT_END_NODE) {
			if (depth < skip && ops->end)
				err = ops->end(ctx, &o, &stk[depth], depth);
			if (!err && depth < skip)
				err = put_u32(&o, FDT_END_NODE);
			else if (depth == skip)
				skip = MAX_DEPTH; /* the dropped node ends */
			if (--depth < 0)
				break;
			off = fdt_raw_next(src, off, &tag);
			continue;
		}
		if (++depth >= MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		if (depth > skip) { /* inside a dropped subtree */
			off = fdt_raw_next(src, off, &tag);
			continue;
		}
		if (fdt_index_node(src, off, &stk[depth]))
			return -FDT_ERR_BADSTRUCTURE;
		err = visit(&o, src, stk, depth, &skip, ops, ctx);
		off = fdt_raw_after_props(src, &stk[depth], &tag);
	}
	if (err)
		return err;
	if (depth >= 0)
		return -FDT_ERR_BADSTRUCTURE; /* the root never ended */
	err = put_u32(&o, FDT_END);
	return err ? err : finish(&o, src, struct_off);
}
