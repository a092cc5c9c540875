/*
 * The arch part of an x86 zone's derived device tree: the COM1 port
 * cvisor emulates for every zone (a "pnpPNP,501" node, reg in I/O space)
 * and /chosen/stdout-path pointing at it. The LAPIC and IOAPIC nodes are
 * gone already (no zone owns them).
 */
#include "cvisor/errno.h"
#include "cvisor/arch.h"
#include "cvisor/fdt_zone.h"

#include <libfdt.h>

int arch_fdt_copy_node(struct arch_fdt_copy *a, const void *platform_dtb,
		       const struct zone *zone,
		       const struct fdt_raw_node *parent,
		       const struct fdt_raw_node *node,
		       struct fdt_copy_node *out)
{
	(void)a, (void)platform_dtb, (void)zone, (void)parent, (void)node;
	(void)out;
	return 0; /* everything is done on the copy (arch_fdt_fixup) */
}

int arch_fdt_fixup(void *fdt, struct zone *zone, const struct arch_fdt_copy *a)
{
	(void)a;
	fdt32_t reg[4] = {0, cpu_to_fdt32(0x3f8), 0, cpu_to_fdt32(8)};
	int node = fdt_path_offset(fdt, "/serial@3f8"), chosen, err;

	(void)zone;
	if (node < 0)
		node = fdt_add_subnode(fdt, 0, "serial@3f8");
	if (node < 0)
		return -CV_EINVAL;
	err = fdt_setprop_string(fdt, node, "compatible", "pnpPNP,501");
	if (!err)
		err = fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
	chosen = fdt_path_offset(fdt, "/chosen");
	if (!err && chosen >= 0)
		err = fdt_setprop_string(fdt, chosen, "stdout-path",
					 "/serial@3f8");
	return err ? -CV_EINVAL : 0;
}
