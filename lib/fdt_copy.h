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
	const char *set_name; /* set this property (its first one replaced, */
	const void *set_val;  /* any later one of that name left out, added */
	/* after the others if absent) to set_len */
	/* bytes from here */
	int set_len;
	const char *const *drop_props; /* NULL-ended names left out */
};

struct fdt_raw_node;
/* The copy being written, for the ops' props and end to add to. */
struct fdt_copy_out;

/* Called for every node but the root, parents before children (not for
 * the nodes under a dropped one); depth is 1 for the root's children.
 * Returns 0 or a negative libfdt code. */
typedef int (*fdt_copy_fn)(void *ctx, const void *fdt,
			   const struct fdt_raw_node *parent,
			   const struct fdt_raw_node *node, int depth,
			   struct fdt_copy_node *out);

/* Called for a kept node (the root too, depth 0) with the fdt_copy_*
 * writers below: `props` once its properties are copied (it may add
 * properties), `end` once its children are (it may add child nodes). */
typedef int (*fdt_copy_add_fn)(void *ctx, struct fdt_copy_out *o,
			       const struct fdt_raw_node *node, int depth);

struct fdt_copy_ops {
	fdt_copy_fn node;
	fdt_copy_add_fn props; /* may be NULL */
	fdt_copy_add_fn end;   /* may be NULL */
};

/* Write the filtered copy of src into buf (buf_size bytes). The result is
 * a complete tree of exactly its size (fdt_open_into() grows it). Returns
 * 0 or a negative libfdt code (-FDT_ERR_NOSPACE when buf is too small). */
int fdt_copy_filtered(const void *src, void *buf, int buf_size,
		      const struct fdt_copy_ops *ops, void *ctx);

/* From an end callback: a new child node, its properties (after its
 * begin, before any child of its own), its end. Property names are added
 * to the copy's strings block (once each; up to 512 bytes of them). */
int fdt_copy_begin_node(struct fdt_copy_out *o, const char *name);
int fdt_copy_prop(struct fdt_copy_out *o, const char *name, const void *val,
		  int len);
int fdt_copy_end_node(struct fdt_copy_out *o);
/* fdt_copy_prop() of one big-endian cell, two cells, a NUL-ended string. */
int fdt_copy_prop_u32(struct fdt_copy_out *o, const char *name, u32 v);
int fdt_copy_prop_u64(struct fdt_copy_out *o, const char *name, u64 v);
int fdt_copy_prop_string(struct fdt_copy_out *o, const char *name,
			 const char *s);
/* A "reg"-style (address, size) pair in ac and sc cells (1 or 2; sc 0
 * for no size). -FDT_ERR_BADNCELLS, -FDT_ERR_BADVALUE if it does not fit. */
int fdt_copy_prop_range(struct fdt_copy_out *o, const char *name, u32 ac,
			u32 sc, u64 addr, u64 size);

#endif
