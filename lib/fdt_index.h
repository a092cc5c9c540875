/*
 * An index of one device tree (the platform's), built in one walk: each
 * node's offset, parent and "compatible". Lookups by compatible, path and
 * parent then scan this small table where libfdt walks the structure
 * block from its start every time (fdt_parent_offset,
 * fdt_node_offset_by_compatible, fdt_path_offset: most of cvisor's boot
 * on QEMU's trees).
 *
 * The cv_fdt_* functions take any tree: for the indexed one they use the
 * table, for another (a zone's, a test's) a direct walk (lib/fdt_raw.h)
 * or libfdt. The indexed tree must not change while indexed.
 */
#ifndef CVISOR_LIB_FDT_INDEX_H
#define CVISOR_LIB_FDT_INDEX_H

#include "cvisor/types.h"

/* QEMU's virt trees have 40-80 nodes (about 80 bytes each here); a
 * larger tree is not indexed (the lookups fall back to direct walks). */
#define FDT_INDEX_MAX 128

/* Index fdt (replacing any previous index). 0, or a negative libfdt code
 * when it cannot (the lookups then fall back to libfdt). */
int fdt_index_build(const void *fdt);

/* Forget the index (its tree is about to change or go). */
void fdt_index_forget(void);

/* As libfdt's fdt_node_offset_by_compatible, fdt_parent_offset and
 * fdt_path_offset (aliases resolved); the next node (after from, -1 for
 * the first) whose device_type is `type`. */
int cv_fdt_by_compatible(const void *fdt, int from, const char *compatible);
int cv_fdt_by_device_type(const void *fdt, int from, const char *type);
int cv_fdt_parent(const void *fdt, int node);
int cv_fdt_path(const void *fdt, const char *path);

struct fdt_raw_node;

/* fdt_raw_node(), from the table when fdt is the indexed tree. */
int fdt_index_node(const void *fdt, int off, struct fdt_raw_node *n);

#endif
