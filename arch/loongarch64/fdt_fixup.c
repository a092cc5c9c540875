/*
 * The arch part of a zone's derived device tree. LoongArch has no PSCI
 * and its CPU interrupt controller has no registers; what needs fixing is
 * the interrupt wiring: cvisor gives zones no EIOINTC/PCH-PIC yet, so the
 * derivation dropped them, and a passed-through device (the UART) would
 * keep an "interrupt-parent" pointing at nothing. Such devices lose their
 * interrupt properties (a guest then polls them: Linux's 8250 driver runs
 * a timer when its port has no interrupt). The board's power registers
 * are added as syscon power-off/reboot nodes (fdt_power.c).
 */
#include "arch/loongarch64/legacy_io.h"
#include "cvisor/errno.h"
#include "cvisor/arch.h"
#include "cvisor/fdt_zone.h"

#include <libfdt.h>

static int parent_phandle(const void *fdt, int node)
{
	const fdt32_t *p;

	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		p = fdt_getprop(fdt, node, "interrupt-parent", NULL);
		if (p)
			return (int)fdt32_to_cpu(*p);
	}
	return -1;
}

/* The first node whose interrupts go to a controller that is gone. */
static int first_orphan(const void *fdt)
{
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int ph;

		if (!fdt_getprop(fdt, node, "interrupts", NULL))
			continue;
		ph = parent_phandle(fdt, node);
		if (ph < 0 || fdt_node_offset_by_phandle(fdt, (u32)ph) < 0)
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

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
	int node;

	(void)zone;
	while ((node = first_orphan(fdt)) >= 0) {
		int err = fdt_delprop(fdt, node, "interrupts");

		if (!err && fdt_getprop(fdt, node, "interrupt-parent", NULL))
			err = fdt_delprop(fdt, node, "interrupt-parent");
		if (err)
			return -CV_EINVAL;
	}
	if (la_fdt_add_power(fdt) || la_fdt_add_isa(fdt))
		return -CV_EINVAL;
	return 0;
}
