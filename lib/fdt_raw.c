/* Direct tag-by-tag reading of a device tree (see fdt_raw.h). */
#include "lib/fdt_raw.h"

#include "lib/string.h"

#include <libfdt.h>

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static const u8 *struct_base(const void *fdt)
{
	return (const u8 *)fdt + fdt_off_dt_struct(fdt);
}

static int struct_size(const void *fdt)
{
	return (int)fdt_size_dt_struct(fdt);
}

/* The offset of the tag after the name at off (4-byte aligned, like
 * every tag), or -1: a word at a time, a word holding a zero byte when
 * (v - 0x01010101) & ~v & 0x80808080 is not zero. */
static int skip_name(const u8 *s, int end, int off)
{
	for (; off + 4 <= end; off += 4) {
		u32 v = be32(s + off);

		if ((v - 0x01010101u) & ~v & 0x80808080u)
			return off + 4;
	}
	return -1;
}

/* The offset just past the tag at off (in the structure block s of end
 * bytes), or -1. */
static int skip_tag(const u8 *s, int end, int off, u32 tag)
{
	switch (tag) {
	case FDT_BEGIN_NODE:
		return skip_name(s, end, off + 4);
	case FDT_PROP:
		if (off + 12 > end)
			return -1;
		return off + 12 + (int)((be32(s + off + 4) + 3) & ~3u);
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		return -1;
	}
}

int fdt_raw_next(const void *fdt, int off, u32 *tag)
{
	const u8 *s = struct_base(fdt);
	int end = struct_size(fdt);

	if (off + 4 > end)
		return -1;
	off = skip_tag(s, end, off, be32(s + off));
	while (off >= 0 && off + 4 <= end) {
		*tag = be32(s + off);
		if (*tag == FDT_BEGIN_NODE || *tag == FDT_END_NODE)
			return off;
		if (*tag == FDT_END)
			return -1;
		off = skip_tag(s, end, off, *tag);
	}
	return -1;
}

/* The properties cvisor's walks read; the first letter sorts out most
 * names without a string compare. As libfdt, the first of two properties
 * of the same name counts (*seen: one bit a name); a cell count that is
 * not one cell makes the node's children's "reg" unreadable. */
struct strings { /* the strings block, read from the header once a node */
	const char *base;
	u32 size;
};

enum {
	SEEN_COMPAT = 1,
	SEEN_REG = 2,
	SEEN_TYPE = 4,
	SEEN_AC = 8,
	SEEN_SC = 16,
	SEEN_PHANDLE = 32,
	SEEN_LINUX_PHANDLE = 64
};

static bool first(u32 *seen, u32 bit)
{
	bool was = *seen & bit;

	*seen |= bit;
	return !was;
}

static u32 cells_of(const void *val, int len)
{
	return len == 4 ? fdt32_to_cpu(*(const fdt32_t *)val) : ~0u;
}

static void note_prop(const struct strings *str, struct fdt_raw_node *n,
		      u32 *seen, u32 nameoff, const void *val, int len)
{
	const char *name;

	if (nameoff >= str->size)
		return;
	name = str->base + nameoff;
	switch (name[0]) {
	case 'c':
		if (!strcmp(name, "compatible") && first(seen, SEEN_COMPAT)) {
			n->compat = val;
			n->compat_len = len;
		}
		break;
	case 'r':
		if (name[1] == 'e' && name[2] == 'g' && !name[3] &&
		    first(seen, SEEN_REG)) {
			n->reg = val;
			n->reg_len = len;
		}
		break;
	case 'd':
		/* A string only if NUL-terminated inside the property. */
		if (!strcmp(name, "device_type") && first(seen, SEEN_TYPE) &&
		    len > 0 && memchr(val, '\0', (size_t)len))
			n->device_type = val;
		break;
	case 'p': /* "phandle" wins over "linux,phandle", as in libfdt */
		if (!strcmp(name, "phandle") && len == 4 &&
		    first(seen, SEEN_PHANDLE))
			n->phandle = cells_of(val, len);
		break;
	case 'l':
		if (!(*seen & SEEN_PHANDLE) && len == 4 &&
		    !strcmp(name, "linux,phandle") &&
		    first(seen, SEEN_LINUX_PHANDLE))
			n->phandle = cells_of(val, len);
		break;
	case '#':
		if (!strcmp(name, "#address-cells") && first(seen, SEEN_AC))
			n->addr_cells = cells_of(val, len);
		else if (!strcmp(name, "#size-cells") && first(seen, SEEN_SC))
			n->size_cells = cells_of(val, len);
		break;
	default:
		break;
	}
}

int fdt_raw_node(const void *fdt, int off, struct fdt_raw_node *n)
{
	const u8 *s = struct_base(fdt);
	int end = struct_size(fdt);
	struct strings str;
	u32 seen = 0;

	*n =
	    (struct fdt_raw_node){.off = off, .addr_cells = 2, .size_cells = 1};
	if (off + 4 > end || be32(s + off) != FDT_BEGIN_NODE)
		return -1;
	n->name = (const char *)s + off + 4;
	off = skip_tag(s, end, off, FDT_BEGIN_NODE);
	n->props = off;
	str.base = (const char *)fdt + fdt_off_dt_strings(fdt);
	str.size = fdt_size_dt_strings(fdt);
	while (off >= 0 && off + 4 <= end) {
		u32 tag = be32(s + off);
		int next = skip_tag(s, end, off, tag);

		if (tag != FDT_PROP && tag != FDT_NOP)
			break;
		if (next < 0 || next > end)
			return -1;
		if (tag == FDT_PROP)
			note_prop(&str, n, &seen, be32(s + off + 8),
				  s + off + 12, (int)be32(s + off + 4));
		off = next;
	}
	n->props_end = off;
	return off < 0 ? -1 : 0;
}

u64 fdt_raw_cells(const void *p, u32 cells)
{
	const u8 *b = p;
	u64 v = 0;

	for (u32 i = 0; i < cells * 4; i++)
		v = v << 8 | b[i];
	return v;
}

int fdt_raw_reg(const struct fdt_raw_node *parent, const struct fdt_raw_node *n,
		u64 *base, u64 *size)
{
	u32 ac = parent->addr_cells, sc = parent->size_cells;

	if (ac < 1 || ac > 2 || sc > 2 || !n->reg ||
	    n->reg_len < (int)(ac + sc) * 4)
		return -1;
	*base = fdt_raw_cells(n->reg, ac);
	*size = fdt_raw_cells((const u8 *)n->reg + ac * 4, sc);
	return 0;
}

/* The tag at off, or after the NOPs from off: its offset, -1 at FDT_END
 * or on a bad tree. */
static int tag_at(const void *fdt, int off, u32 *tag)
{
	const u8 *s = struct_base(fdt);
	int end = struct_size(fdt);

	for (; off >= 0 && off + 4 <= end; off += 4) {
		*tag = be32(s + off);
		if (*tag == FDT_BEGIN_NODE || *tag == FDT_END_NODE)
			return off;
		if (*tag != FDT_NOP)
			return -1;
	}
	return -1;
}

int fdt_raw_after_props(const void *fdt, const struct fdt_raw_node *n, u32 *tag)
{
	return tag_at(fdt, n->props_end, tag);
}

/* Each node after `from` (-1: from the root) in tree order, until match()
 * says yes: its offset, or -FDT_ERR_NOTFOUND. */
static int raw_find(const void *fdt, int from,
		    bool (*match)(const struct fdt_raw_node *, const char *),
		    const char *arg)
{
	u32 tag = FDT_BEGIN_NODE;
	int off = from < 0 ? 0 : fdt_raw_next(fdt, from, &tag);

	while (off >= 0) {
		struct fdt_raw_node n;

		if (tag != FDT_BEGIN_NODE) {
			off = fdt_raw_next(fdt, off, &tag);
			continue;
		}
		if (fdt_raw_node(fdt, off, &n))
			return -FDT_ERR_BADSTRUCTURE;
		if (match(&n, arg))
			return off;
		off = fdt_raw_after_props(fdt, &n, &tag);
	}
	return -FDT_ERR_NOTFOUND;
}

bool fdt_raw_compat_has(const char *list, int len, const char *compatible)
{
	const char *end = list + len;

	/* Each NUL-terminated entry against `compatible`, byte by byte. */
	while (list < end) {
		const char *c = compatible;

		while (list < end && *list && *list == *c) {
			list++;
			c++;
		}
		if (list < end && !*list && !*c)
			return true;
		while (list < end && *list)
			list++;
		list++;
	}
	return false;
}

static bool has_compatible(const struct fdt_raw_node *n, const char *compat)
{
	return n->compat &&
	       fdt_raw_compat_has(n->compat, n->compat_len, compat);
}

static bool has_device_type(const struct fdt_raw_node *n, const char *type)
{
	return n->device_type && !strcmp(n->device_type, type);
}

int fdt_raw_by_compatible(const void *fdt, int from, const char *compatible)
{
	return raw_find(fdt, from, has_compatible, compatible);
}

int fdt_raw_by_device_type(const void *fdt, int from, const char *type)
{
	return raw_find(fdt, from, has_device_type, type);
}

int fdt_raw_parent(const void *fdt, int node)
{
	int stack[32], depth = -1, off = 0;
	u32 tag = FDT_BEGIN_NODE;

	for (; off >= 0; off = fdt_raw_next(fdt, off, &tag)) {
		if (tag == FDT_END_NODE) {
			if (--depth < 0)
				break;
			continue;
		}
		if (off == node)
			return depth < 0 ? -FDT_ERR_NOTFOUND : stack[depth];
		if (++depth >= (int)ARRAY_SIZE(stack))
			return -FDT_ERR_BADSTRUCTURE;
		stack[depth] = off;
	}
	return -FDT_ERR_NOTFOUND;
}
