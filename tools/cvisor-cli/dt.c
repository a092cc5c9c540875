/*
 * The device tree as Linux exports it: a directory per node, a file per
 * property, cells big-endian. cvisor describes, in the root zone's tree,
 *   /cvisor-management@<addr>            reg = <addr size>
 *   /reserved-memory/cvisor-window@<addr> reg = <addr size>, no-map
 * with #address-cells and #size-cells of the parent (2 and 2 on QEMU virt).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_REG 64 /* bytes of reg we look at: the first entry only */

static const char *const dt_default_roots[] = {
    "/proc/device-tree",
    "/sys/firmware/devicetree/base",
};

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

const char *dt_root(const struct cli *c)
{
	if (c->dt_path)
		return is_dir(c->dt_path) ? c->dt_path : NULL;
	for (size_t i = 0; i < ARRAY_SIZE(dt_default_roots); i++) {
		if (is_dir(dt_default_roots[i]))
			return dt_default_roots[i];
	}
	return NULL;
}

/* The property's length, or -1 when it cannot be read. */
static long read_prop(const char *dir, const char *name, u8 *buf, size_t cap)
{
	char path[PATH_MAX];
	FILE *f;
	size_t len;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return -1;
	f = fopen(path, "rb");
	if (!f)
		return -1;
	len = fread(buf, 1, cap, f);
	if (ferror(f))
		len = (size_t)-1;
	fclose(f);
	return (long)len;
}

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* A number of 1 or 2 big-endian cells. */
static u64 read_cells(const u8 *p, u32 n)
{
	return n == 2 ? (u64)be32(p) << 32 | be32(p + 4) : be32(p);
}

/* #address-cells / #size-cells of a node, or the specification's default. */
static u32 node_cells(const char *dir, const char *name, u32 dflt)
{
	u8 buf[4];

	return read_prop(dir, name, buf, sizeof(buf)) == 4 ? be32(buf) : dflt;
}

/* The child of dir whose name starts with prefix (the lowest name if there
 * are several, so the answer does not depend on readdir's order). */
static int find_child(const char *dir, const char *prefix, char *out,
		      size_t cap)
{
	char best[NAME_MAX + 1] = "";
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		if (!best[0] || strcmp(de->d_name, best) < 0)
			snprintf(best, sizeof(best), "%s", de->d_name);
	}
	closedir(d);
	if (!best[0] || snprintf(out, cap, "%s/%s", dir, best) >= (int)cap ||
	    !is_dir(out))
		return -1;
	return 0;
}

/* The first (address, size) of node's reg, cells as its parent says. */
static int node_reg(const char *parent, const char *node, u64 *base, u64 *size)
{
	u32 ac = node_cells(parent, "#address-cells", 2);
	u32 sc = node_cells(parent, "#size-cells", 1);
	u8 reg[MAX_REG];
	long len;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -1;
	len = read_prop(node, "reg", reg, sizeof(reg));
	if (len < (long)(4 * (ac + sc)))
		return -1;
	*base = read_cells(reg, ac);
	*size = read_cells(reg + 4 * ac, sc);
	return *size ? 0 : -1;
}

static int find_reg(const char *parent, const char *prefix, u64 *base,
		    u64 *size)
{
	char node[PATH_MAX];

	if (find_child(parent, prefix, node, sizeof(node)))
		return -1;
	return node_reg(parent, node, base, size);
}

int dt_find_mgmt(const char *root, u64 *base, u64 *size)
{
	return find_reg(root, "cvisor-management@", base, size);
}

int dt_find_window(const char *root, u64 *base, u64 *size)
{
	char rmem[PATH_MAX];

	if (snprintf(rmem, sizeof(rmem), "%s/reserved-memory", root) >=
	    (int)sizeof(rmem))
		return -1;
	return find_reg(rmem, "cvisor-window@", base, size);
}
