/* One-walk filtered copy of a device tree (see fdt_copy.h). */
#include "lib/fdt_copy.h"

#include "lib/fdt_raw.h"
#include "lib/string.h"

#include <libfdt.h>

#define MAX_DEPTH 16

struct out {
	u8 *buf;
	int size; /* of buf */
	int pos;  /* next byte of the structure block */
};

static int put_u32(struct out *o, u32 v)
{
	fdt32_t be = cpu_to_fdt32(v);

	if (o->pos + 4 > o->size)
		return -FDT_ERR_NOSPACE;
	memcpy(o->buf + o->pos, &be, 4);
	o->pos += 4;
	return 0;
}

/* len bytes, then zeros up to a 4-byte boundary (the FDT's alignment). */
static int put_bytes(struct out *o, const void *p, int len)
{
	int padded = (len + 3) & ~3;

	if (o->pos + padded > o->size)
		return -FDT_ERR_NOSPACE;
	memcpy(o->buf + o->pos, p, (size_t)len);
	memset(o->buf + o->pos + len, 0, (size_t)(padded - len));
	o->pos += padded;
	return 0;
}

static int put_prop(struct out *o, u32 nameoff, const void *val, int len)
{
	int err = put_u32(o, FDT_PROP);

	if (!err)
		err = put_u32(o, (u32)len);
	if (!err)
		err = put_u32(o, nameoff);
	return err ? err : put_bytes(o, val, len);
}

/* One property at a time, act->set_name's value replaced. */
static int copy_props_replacing(struct out *o, const void *fdt,
				const struct fdt_raw_node *n,
				const struct fdt_copy_node *act)
{
	int off, len, err = 0;

	fdt_for_each_property_offset(off, fdt, n->off)
	{
		const struct fdt_property *p =
		    fdt_get_property_by_offset(fdt, off, &len);
		u32 nameoff = fdt32_to_cpu(p->nameoff);
		const void *val = p->data;

		if (!strcmp(fdt_string(fdt, (int)nameoff), act->set_name)) {
			val = act->set_val;
			len = act->set_len;
		}
		err = put_prop(o, nameoff, val, len);
		if (err)
			return err;
	}
	return off == -FDT_ERR_NOTFOUND ? 0 : off;
}

/* The node's name and properties (as they are: one copy). */
static int copy_node(struct out *o, const void *fdt,
		     const struct fdt_raw_node *n,
		     const struct fdt_copy_node *act)
{
	const u8 *s = (const u8 *)fdt + fdt_off_dt_struct(fdt);
	int err = put_u32(o, FDT_BEGIN_NODE);

	if (!err)
		err = put_bytes(o, n->name, (int)strlen(n->name) + 1);
	if (err || act->set_name)
		return err ? err : copy_props_replacing(o, fdt, n, act);
	if (o->pos + (n->props_end - n->props) > o->size)
		return -FDT_ERR_NOSPACE;
	memcpy(o->buf + o->pos, s + n->props,
	       (size_t)(n->props_end - n->props));
	o->pos += n->props_end - n->props;
	return 0;
}

/* Header and memory reservation map; o->pos ends at the structure block. */
static int start(struct out *o, const void *src)
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

static int finish(struct out *o, const void *src, int struct_off)
{
	int strings = o->pos, size = (int)fdt_size_dt_strings(src);
	void *fdt = o->buf;

	if (o->pos + size > o->size)
		return -FDT_ERR_NOSPACE;
	memcpy(o->buf + o->pos, (const u8 *)src + fdt_off_dt_strings(src),
	       (size_t)size);
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
static int visit(struct out *o, const void *src, struct fdt_raw_node *stk,
		 int depth, int *skip, fdt_copy_fn fn, void *ctx)
{
	struct fdt_copy_node act = {0};
	int err = 0;

	if (depth > 0)
		err = fn(ctx, src, &stk[depth - 1], &stk[depth], depth, &act);
	if (err)
		return err;
	if (act.drop) {
		*skip = depth;
		return 0;
	}
	return copy_node(o, src, &stk[depth], &act);
}

int fdt_copy_filtered(const void *src, void *buf, int buf_size, fdt_copy_fn fn,
		      void *ctx)
{
	struct out o = {.buf = buf, .size = buf_size};
	struct fdt_raw_node stk[MAX_DEPTH];
	int depth = -1, skip = MAX_DEPTH, off = 0, err = start(&o, src);
	int struct_off = o.pos;
	u32 tag = FDT_BEGIN_NODE;

	while (!err && off >= 0) {
		if (tag == FDT_END_NODE) {
			if (depth < skip)
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
		if (fdt_raw_node(src, off, &stk[depth]))
			return -FDT_ERR_BADSTRUCTURE;
		err = visit(&o, src, stk, depth, &skip, fn, ctx);
		off = fdt_raw_after_props(src, &stk[depth], &tag);
	}
	if (err)
		return err;
	if (depth >= 0)
		return -FDT_ERR_BADSTRUCTURE; /* the root never ended */
	err = put_u32(&o, FDT_END);
	return err ? err : finish(&o, src, struct_off);
}
