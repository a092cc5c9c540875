/*
 * Copy a flattened device tree in one walk, leaving out the subtrees a
 * callback refuses and replacing one property of a node on request.
 *
 * The copy reuses the source's strings block as is (every property name
 * the copy can hold is already there), so no property needs a string
 * lookup: libfdt's sequential writer searches its strings block byte by
 * byte for every property it adds, which on QEMU's trees costs more than
 * the whole copy.
 */
#ifndef CVISOR_LIB_FDT_COPY_H
#define CVISOR_LIB_FDT_COPY_H

#include "cvisor/types.h"

/* What to do with one node (filled by the callback; zeroed before). */
struct fdt_copy_node {
	bool drop;	      /* leave out the node and its subtree */
	const char *set_name; /* replace this property's value ... */
	const void *set_val;  /* ... by set_len bytes from here */
	int set_len;
};

struct fdt_raw_node;

/* Called for every node but the root, parents before children (not for
 * the nodes under a dropped one); depth is 1 for the root's children.
 * Returns 0 or a negative libfdt code. */
typedef int (*fdt_copy_fn)(void *ctx, const void *fdt,
			   const struct fdt_raw_node *parent,
			   const struct fdt_raw_node *node, int depth,
			   struct fdt_copy_node *out);

/* Write the filtered copy of src into buf (buf_size bytes). The result is
 * a complete tree of exactly its size (fdt_open_into() grows it). Returns
 * 0 or a negative libfdt code (-FDT_ERR_NOSPACE when buf is too small). */
int fdt_copy_filtered(const void *src, void *buf, int buf_size, fdt_copy_fn fn,
		      void *ctx);

#endif
