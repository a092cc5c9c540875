/* A one-walk index of the platform's device tree (see fdt_index.h). */
#include "lib/fdt_index.h"

#include "lib/fdt_raw.h"
#include "lib/string.h"

#include <libfdt.h>

struct inode {
	int parent;	 /* index of the parent, -1 for the root */
	u32 first_chars; /* bit (c & 31) for the first c of each compatible */
	struct fdt_raw_node raw;
};

static u32 char_bit(char c)
{
	return 1u << ((u8)c & 31);
}

/* A filter for the lookups by compatible: most nodes have no entry that
 * even starts with the right letter. */
static u32 first_chars(const char *list, int len)
{
	u32 bits = 0;

	for (int i = 0; i < len; i++) {
		if (!i || !list[i - 1])
			bits |= char_bit(list[i]);
	}
	return bits;
}

static struct {
	const void *fdt; /* NULL: nothing indexed */
	int nr;
	struct inode node[FDT_INDEX_MAX];
} ix;

int fdt_index_build(const void *fdt)
{
	int parents[32], depth = -1, off = 0;
	u32 tag = FDT_BEGIN_NODE;

	ix.fdt = NULL;
	ix.nr = 0;
	while (off >= 0) {
		struct inode *n = &ix.node[ix.nr];
		struct fdt_raw_node raw;

		if (tag == FDT_END_NODE) {
			if (--depth < 0)
				break; /* the root's end */
			off = fdt_raw_next(fdt, off, &tag);
			continue;
		}
		if (ix.nr == FDT_INDEX_MAX ||
		    ++depth >= (int)ARRAY_SIZE(parents))
			return -FDT_ERR_NOSPACE;
		if (fdt_raw_node(fdt, off, &raw))
			return -FDT_ERR_BADSTRUCTURE;
		parents[depth] = ix.nr;
		n->parent = depth ? parents[depth - 1] : -1;
		n->raw = raw;
		n->first_chars =
		    raw.compat ? first_chars(raw.compat, raw.compat_len) : 0;
		ix.nr++;
		off = fdt_raw_after_props(fdt, &raw, &tag);
	}
	if (depth >= 0)
		return -FDT_ERR_BADSTRUCTURE;
	ix.fdt = fdt;
	return 0;
}

void fdt_index_forget(void)
{
	ix.fdt = NULL;
	ix.nr = 0;
}

/* The index of the node at offset off, or -1. */
static int find(int off)
{
	int lo = 0, hi = ix.nr - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (ix.node[mid].raw.off == off)
			return mid;
		if (ix.node[mid].raw.off < off)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int cv_fdt_by_compatible(const void *fdt, int from, const char *compatible)
{
	int i = from < 0 ? 0 : find(from) + 1;

	u32 bit = char_bit(compatible[0]);

	if (fdt != ix.fdt || (from >= 0 && i == 0))
		return fdt_raw_by_compatible(fdt, from, compatible);
	for (; i < ix.nr; i++) {
		const struct inode *n = &ix.node[i];

		if ((n->first_chars & bit) &&
		    fdt_raw_compat_has(n->raw.compat, n->raw.compat_len,
				       compatible))
			return n->raw.off;
	}
	return -FDT_ERR_NOTFOUND;
}

int cv_fdt_parent(const void *fdt, int node)
{
	int i = fdt == ix.fdt ? find(node) : -1;

	if (i < 0)
		return fdt_raw_parent(fdt, node);
	return ix.node[i].parent < 0 ? -FDT_ERR_NOTFOUND
				     : ix.node[ix.node[i].parent].raw.off;
}

int cv_fdt_by_device_type(const void *fdt, int from, const char *type)
{
	int i = from < 0 ? 0 : find(from) + 1;

	if (fdt != ix.fdt || (from >= 0 && i == 0))
		return fdt_raw_by_device_type(fdt, from, type);
	for (; i < ix.nr; i++) {
		const struct inode *n = &ix.node[i];

		if (n->raw.device_type && !strcmp(n->raw.device_type, type))
			return n->raw.off;
	}
	return -FDT_ERR_NOTFOUND;
}

/* Does node i's name match the path component (len bytes)? As libfdt: a
 * component without a unit address matches "name@unit". */
static bool name_matches(int i, const char *comp, int len)
{
	const char *name = ix.node[i].raw.name;

	if (name[0] != comp[0] || strncmp(name, comp, (size_t)len))
		return false;
	return !name[len] || (name[len] == '@' && !memchr(comp, '@', len));
}

/* The child of node `parent` named by the component, or -1. */
static int child(int parent, const char *comp, int len)
{
	for (int i = parent + 1; i < ix.nr; i++) {
		if (ix.node[i].parent == parent && name_matches(i, comp, len))
			return i;
	}
	return -1;
}

int cv_fdt_path(const void *fdt, const char *path)
{
	int cur = 0;

	if (fdt != ix.fdt)
		return fdt_path_offset(fdt, path);
	if (*path != '/') {
		/* An alias, possibly followed by a path below it. */
		const char *slash = strchr(path, '/');
		int len = slash ? (int)(slash - path) : (int)strlen(path);
		int aliases = child(0, "aliases", 7);
		const char *target =
		    aliases < 0
			? NULL
			: fdt_getprop_namelen(fdt, ix.node[aliases].raw.off,
					      path, len, NULL);

		if (!target || *target != '/')
			return -FDT_ERR_BADPATH;
		cur = find(cv_fdt_path(fdt, target));
		if (cur < 0 || !slash)
			return cur < 0 ? -FDT_ERR_NOTFOUND
				       : ix.node[cur].raw.off;
		path = slash;
	}
	while (*path) {
		const char *end;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		end = strchr(path, '/');
		if (!end)
			end = path + strlen(path);
		cur = child(cur, path, (int)(end - path));
		if (cur < 0)
			return -FDT_ERR_NOTFOUND;
		path = end;
	}
	return ix.node[cur].raw.off;
}

int fdt_index_node(const void *fdt, int off, struct fdt_raw_node *n)
{
	int i = fdt == ix.fdt ? find(off) : -1;

	if (i < 0)
		return fdt_raw_node(fdt, off, n);
	*n = ix.node[i].raw;
	return 0;
}
