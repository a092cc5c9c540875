/* One-walk filtered copy of a device tree (see fdt_copy.h). */
#include "lib/fdt_copy.h"

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

static int begin_node(struct out *o, const void *fdt, int node)
{
	int len, err;
	const char *name = fdt_get_name(fdt, node, &len);

	if (!name)
		return len;
	err = put_u32(o, FDT_BEGIN_NODE);
	/* The name is NUL-terminated in the structure block. */
	return err ? err : put_bytes(o, name, len + 1);
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

/* The node's properties, with act->set_name's value replaced. */
static int copy_props(struct out *o, const void *fdt, int node,
		      const struct fdt_copy_node *act)
{
	int off, len, err;

	fdt_for_each_property_offset(off, fdt, node)
	{
		const struct fdt_property *p =
		    fdt_get_property_by_offset(fdt, off, &len);
		u32 nameoff = fdt32_to_cpu(p->nameoff);
		const void *val = p->data;

		if (act->set_name &&
		    !strcmp(fdt_string(fdt, (int)nameoff), act->set_name)) {
			val = act->set_val;
			len = act->set_len;
		}
		err = put_prop(o, nameoff, val, len);
		if (err)
			return err;
	}
	return off == -FDT_ERR_NOTFOUND ? 0 : off;
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

static int finish(struct out *o, const void *src)
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
	fdt_set_off_dt_struct(fdt, (u32)(sizeof(struct fdt_header) +
					 (u32)(fdt_num_mem_rsv(src) + 1) *
					     sizeof(struct fdt_reserve_entry)));
	fdt_set_size_dt_struct(fdt, (u32)strings - fdt_off_dt_struct(fdt));
	fdt_set_off_dt_strings(fdt, (u32)strings);
	fdt_set_size_dt_strings(fdt, (u32)size);
	fdt_set_version(fdt, 17);
	fdt_set_last_comp_version(fdt, 16);
	fdt_set_boot_cpuid_phys(fdt, fdt_boot_cpuid_phys(src));
	return 0;
}

/* Close the open nodes deeper than or as deep as `depth`. */
static int close_to(struct out *o, int *open, int depth)
{
	for (; *open >= depth; (*open)--) {
		int err = put_u32(o, FDT_END_NODE);

		if (err)
			return err;
	}
	return 0;
}

int fdt_copy_filtered(const void *src, void *buf, int buf_size, fdt_copy_fn fn,
		      void *ctx)
{
	struct out o = {.buf = buf, .size = buf_size};
	int parents[MAX_DEPTH], depth = 0, open = 0, skip = MAX_DEPTH, node = 0;
	struct fdt_copy_node keep = {0};
	int err = start(&o, src);

	/* The root: always kept, no callback. */
	if (!err)
		err = begin_node(&o, src, 0);
	if (!err)
		err = copy_props(&o, src, 0, &keep);
	parents[0] = 0;
	while (!err) {
		struct fdt_copy_node act = {0};

		node = fdt_next_node(src, node, &depth);
		if (node < 0 || depth < 1)
			break;
		if (depth >= MAX_DEPTH)
			return -FDT_ERR_BADSTRUCTURE;
		parents[depth] = node;
		if (depth > skip)
			continue; /* inside a dropped subtree */
		skip = MAX_DEPTH;
		err = close_to(&o, &open, depth);
		if (!err)
			err =
			    fn(ctx, src, parents[depth - 1], node, depth, &act);
		if (err || act.drop) {
			skip = depth;
			continue;
		}
		err = begin_node(&o, src, node);
		if (!err)
			err = copy_props(&o, src, node, &act);
		open = depth;
	}
	if (err)
		return err;
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return node;
	err = close_to(&o, &open, 0);
	if (!err)
		err = put_u32(&o, FDT_END);
	return err ? err : finish(&o, src);
}
