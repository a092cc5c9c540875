#include "lib/fdt_index.h"
#include "lib/fdt_raw.h"
#include "lib/fdt_util.h"

#include "cvisor/errno.h"

#include <libfdt.h>

int fdt_get_reg(const void *fdt, int node, int index, u64 *base, u64 *size)
{
	int parent = cv_fdt_parent(fdt, node);

	if (parent < 0)
		return -CV_EINVAL;
	return fdt_get_reg_in(fdt, parent, node, index, base, size);
}

int fdt_get_reg_in(const void *fdt, int parent, int node, int index, u64 *base,
		   u64 *size)
{
	int ac, sc, len;
	const fdt32_t *reg;

	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -CV_EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (index + 1) * (ac + sc) * 4)
		return -CV_ENOENT;
	reg += index * (ac + sc);
	*base = fdt_raw_cells(reg, (u32)ac);
	*size = fdt_raw_cells(reg + ac, (u32)sc);
	return 0;
}
