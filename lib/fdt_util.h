/* Small helpers over libfdt used by platform and driver probing. */
#ifndef CVISOR_LIB_FDT_UTIL_H
#define CVISOR_LIB_FDT_UTIL_H

#include "cvisor/types.h"

/* The index-th (address, size) pair of node's "reg", decoded with the
 * parent's #address-cells/#size-cells. Returns 0 or a negative code. */
int fdt_get_reg(const void *fdt, int node, int index, u64 *base, u64 *size);
/* The same when the caller knows node's parent: fdt_parent_offset() walks
 * the tree from its start, so a loop over fdt_get_reg() is quadratic. */
int fdt_get_reg_in(const void *fdt, int parent, int node, int index, u64 *base,
		   u64 *size);

#endif
