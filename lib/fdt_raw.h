/*
 * Reading a device tree's structure block tag by tag, directly: libfdt's
 * fdt_next_tag() calls fdt_offset_ptr() for every byte of a node's name
 * and its property lookups check each name's string, which makes a walk
 * over QEMU's trees cost tens of instructions per byte. The tree must
 * have passed fdt_check_header(); every read stays inside the structure
 * and strings blocks the header declares.
 */
#ifndef CVISOR_LIB_FDT_RAW_H
#define CVISOR_LIB_FDT_RAW_H

#include "cvisor/types.h"

/* One node: what cvisor's walks need of its properties. */
struct fdt_raw_node {
	int off;	  /* of its FDT_BEGIN_NODE tag */
	const char *name; /* NUL-terminated */
	int props;	  /* offset of its first property (or next tag) */
	int props_end;	  /* offset just past its last property */
	const char *compat, *device_type;
	int compat_len;
	const void *reg;
	int reg_len;
	u32 addr_cells, size_cells; /* for its children: 2 and 1 if absent */
	u32 phandle; /* "phandle" (else "linux,phandle"), 0 if none */
};

/* Fill n from the node at off (an FDT_BEGIN_NODE tag). 0 or -1. */
int fdt_raw_node(const void *fdt, int off, struct fdt_raw_node *n);

/* The next FDT_BEGIN_NODE or FDT_END_NODE tag after off (skipping
 * properties and NOPs), *tag set to it; -1 at FDT_END or on a bad tree. */
int fdt_raw_next(const void *fdt, int off, u32 *tag);

/* The first node or end tag after n's properties (*tag set), -1 at
 * FDT_END: where a walk goes on once n has been read. */
int fdt_raw_after_props(const void *fdt, const struct fdt_raw_node *n,
			u32 *tag);

/* Does the "compatible" string list (len bytes) hold `compatible`? */
bool fdt_raw_compat_has(const char *list, int len, const char *compatible);

/* A big-endian number of `cells` 32-bit cells at p. */
u64 fdt_raw_cells(const void *p, u32 cells);

/* n's first "reg" entry, decoded with its parent's cell counts. 0 or -1
 * (no reg, or cell counts cvisor does not read). */
int fdt_raw_reg(const struct fdt_raw_node *parent, const struct fdt_raw_node *n,
		u64 *base, u64 *size);

/* As libfdt's fdt_node_offset_by_compatible() and fdt_parent_offset(),
 * and the next node whose device_type is `type`, by a direct walk. */
int fdt_raw_by_compatible(const void *fdt, int from, const char *compatible);
int fdt_raw_by_device_type(const void *fdt, int from, const char *type);
int fdt_raw_parent(const void *fdt, int node);

#endif
