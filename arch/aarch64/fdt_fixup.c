/*
 * The aarch64 part of a zone's device tree: PSCI through HVC (cvisor
 * emulates it), and the GIC as the zone sees it: GICv3 with one
 * redistributor frame per vCPU and no ITS; GICv2 with only the
 * distributor and the CPU interface (GICV mapped there).
 */
#include "cvisor/arch.h"
#include "cvisor/fdt_zone.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/gic.h"
#include "drivers/pci/pci_fdt.h"
#include "lib/string.h"

#include "lib/fdt_index.h"

#include <libfdt.h>

static int fix_psci(void *fdt)
{
	int node = cv_fdt_by_compatible(fdt, -1, "arm,psci-0.2");

	if (node < 0)
		node = cv_fdt_by_compatible(fdt, -1, "arm,psci");
	if (node < 0)
		return 0; /* no PSCI node: the zone boots one CPU */
	return fdt_setprop_string(fdt, node, "method", "hvc");
}

/* MSI frames (GICv3 ITS, GICv2m) are not emulated: their nodes go. */
static int drop_msi_frames(void *fdt, const char *compatible)
{
	int node = cv_fdt_by_compatible(fdt, -1, compatible);

	/* fdt_nop_node moves nothing: find the next one first (a search
	 * cannot start from a NOP tag), then blank this one. */
	while (node >= 0) {
		int next = cv_fdt_by_compatible(fdt, node, compatible);
		int err = fdt_nop_node(fdt, node);

		if (err)
			return err;
		node = next;
	}
	return 0;
}

static int set_gic_regs(void *fdt, int node, const u64 *regs, int count)
{
	int err;

	/* Every "reg": with a second one (a damaged tree, fuzz_fdt_zone),
	 * the frames would be appended to it and the first would stay. */
	while (!(err = fdt_delprop(fdt, node, "reg")))
		;
	if (err == -FDT_ERR_NOTFOUND)
		err = 0;
	for (int i = 0; !err && i < count; i++)
		err = fdt_appendprop_addrrange(fdt, cv_fdt_parent(fdt, node),
					       node, "reg", regs[2 * i],
					       regs[2 * i + 1]);
	return err;
}

static int fix_gic(void *fdt, const struct zone *zone)
{
	int node = cv_fdt_by_compatible(
	    fdt, -1, gic.version == 3 ? "arm,gic-v3" : "arm,cortex-a15-gic");
	u64 regs[4];
	int err;

	if (node < 0)
		return node;
	regs[0] = pa_addr(gic.gicd);
	regs[1] = gic.gicd_size;
	if (gic.version == 3) {
		regs[2] = pa_addr(gic.gicr);
		regs[3] = (u64)zone->nr_vcpus * gic.gicr_stride;
	} else {
		regs[2] = pa_addr(gic.gicc);
		regs[3] = gic.gicc_size;
	}
	err = set_gic_regs(fdt, node, regs, 2);
	if (!err)
		err = drop_msi_frames(fdt, gic.version == 3
					       ? "arm,gic-v3-its"
					       : "arm,gic-v2m-frame");
	return err;
}

int arch_fdt_fixup(void *fdt, struct zone *zone)
{
	int err = fix_psci(fdt);

	if (!err)
		err = fix_gic(fdt, zone);
	if (!err)
		err = pci_fdt_fixup(fdt, zone);
	return err;
}
