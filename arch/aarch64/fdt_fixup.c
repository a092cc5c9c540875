/*
 * The aarch64 part of a zone's device tree: PSCI through HVC (cvisor
 * emulates it), and the GIC as the zone sees it: GICv3 with one
 * redistributor frame per vCPU and no ITS; GICv2 with only the
 * distributor and the CPU interface (GICV mapped there). All three are
 * done during the copy of the platform's tree (arch_fdt_copy_node): the
 * libfdt edits afterwards cost 60 k instructions of cvisor's boot, most of
 * it walking the copy to find the nodes again.
 */
#include "cvisor/arch.h"
#include "cvisor/fdt_zone.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/gic.h"
#include "drivers/pci/pci_fdt.h"
#include "lib/fdt_copy.h"
#include "lib/fdt_index.h"
#include "lib/fdt_raw.h"
#include "lib/string.h"

#include <libfdt.h>

enum { KIND_PSCI = 1, KIND_GIC = 2, KIND_MSI = 3, KIND_PCI = 4 };
enum { SEEN_GIC = 1, SEEN_PCI = 2 };

#define PCI_HOST "pci-host-ecam-generic"

static const char *gic_compat(void)
{
	return gic.version == 3 ? "arm,gic-v3" : "arm,cortex-a15-gic";
}

/* MSI frames (GICv3 ITS, GICv2m) are not emulated: their nodes go. */
static const char *msi_compat(void)
{
	return gic.version == 3 ? "arm,gic-v3-its" : "arm,gic-v2m-frame";
}

static void note(struct arch_fdt_copy *a, int off, u32 kind)
{
	if (a->nr == (int)ARRAY_SIZE(a->off)) {
		a->overflow = true;
		return;
	}
	a->off[a->nr] = off;
	a->kind[a->nr++] = kind;
}

static void note_all(struct arch_fdt_copy *a, const void *fdt,
		     const char *compatible, u32 kind)
{
	for (int n = cv_fdt_by_compatible(fdt, -1, compatible); n >= 0;
	     n = cv_fdt_by_compatible(fdt, n, compatible))
		note(a, n, kind);
}

/* The platform's nodes this file changes, looked up once in its index
 * (lib/fdt_index.h); a tree with more than fit is matched node by node. */
static void start(struct arch_fdt_copy *a, const void *fdt)
{
	a->started = true;
	note_all(a, fdt, "arm,psci-0.2", KIND_PSCI);
	note_all(a, fdt, "arm,psci", KIND_PSCI); /* a node twice: the first */
	note_all(a, fdt, gic_compat(), KIND_GIC);
	note_all(a, fdt, msi_compat(), KIND_MSI);
	note_all(a, fdt, PCI_HOST, KIND_PCI);
}

static u32 kind_of(const struct arch_fdt_copy *a, const struct fdt_raw_node *n)
{
	if (a->overflow) {
		const char *c = n->compat;
		int len = n->compat_len;

		if (!c)
			return 0;
		if (fdt_raw_compat_has(c, len, "arm,psci-0.2") ||
		    fdt_raw_compat_has(c, len, "arm,psci"))
			return KIND_PSCI;
		if (fdt_raw_compat_has(c, len, gic_compat()))
			return KIND_GIC;
		if (fdt_raw_compat_has(c, len, msi_compat()))
			return KIND_MSI;
		return fdt_raw_compat_has(c, len, PCI_HOST) ? KIND_PCI : 0;
	}
	for (int i = 0; i < a->nr; i++) {
		if (a->off[i] == n->off)
			return a->kind[i];
	}
	return 0;
}

/* One (address, size) in the parent's cells (1 or 2 each). */
static int put_range(struct arch_fdt_copy *a, u32 *n, u32 ac, u32 sc, u64 addr,
		     u64 size)
{
	u64 v[2] = {addr, size};
	u32 cells[2] = {ac, sc};

	for (int i = 0; i < 2; i++) {
		if (cells[i] < 1 || cells[i] > 2)
			return -FDT_ERR_BADNCELLS;
		if (cells[i] == 1 && v[i] >> 32)
			return -FDT_ERR_BADVALUE;
		if (cells[i] == 2)
			a->cells[(*n)++] = cpu_to_fdt32((u32)(v[i] >> 32));
		a->cells[(*n)++] = cpu_to_fdt32((u32)v[i]);
	}
	return 0;
}

/* The GIC's "reg": the distributor, then the zone's redistributor frames
 * (GICv3: one per vCPU) or the CPU interface (GICv2). Every "reg" goes
 * but this one (fuzz_fdt_zone: with a second one the guest would see the
 * physical frames). */
static int zone_gic_reg(struct arch_fdt_copy *a, const struct zone *zone,
			const struct fdt_raw_node *parent,
			struct fdt_copy_node *out)
{
	u32 n = 0;
	int err = put_range(a, &n, parent->addr_cells, parent->size_cells,
			    pa_addr(gic.gicd), gic.gicd_size);

	if (!err && gic.version == 3)
		err = put_range(a, &n, parent->addr_cells, parent->size_cells,
				pa_addr(gic.gicr),
				(u64)zone->nr_vcpus * gic.gicr_stride);
	else if (!err)
		err = put_range(a, &n, parent->addr_cells, parent->size_cells,
				pa_addr(gic.gicc), gic.gicc_size);
	if (err)
		return err;
	a->seen |= SEEN_GIC;
	out->set_name = "reg";
	out->set_val = a->cells;
	out->set_len = (int)(n * 4);
	return 0;
}

int arch_fdt_copy_node(struct arch_fdt_copy *a, const void *platform_dtb,
		       const struct zone *zone,
		       const struct fdt_raw_node *parent,
		       const struct fdt_raw_node *node,
		       struct fdt_copy_node *out)
{
	if (!a->started)
		start(a, platform_dtb);
	switch (kind_of(a, node)) {
	case KIND_PSCI: /* every PSCI node: a guest must not call SMC */
		out->set_name = "method";
		out->set_val = "hvc";
		out->set_len = 4;
		return 0;
	case KIND_GIC: /* every GIC node: no physical frame shows */
		return zone_gic_reg(a, zone, parent, out);
	case KIND_MSI:
		out->drop = true;
		return 0;
	case KIND_PCI: /* kept: pci_fdt_fixup has work */
		a->seen |= SEEN_PCI;
		return 0;
	default:
		return 0;
	}
}

int arch_fdt_fixup(void *fdt, struct zone *zone, const struct arch_fdt_copy *a)
{
	if (!(a->seen & SEEN_GIC))
		return -FDT_ERR_NOTFOUND; /* no interrupt controller kept */
	/* The platform's PCI host, when the zone keeps it (not cvisor's
	 * virtual bridge, which has no IOMMU or MSI map and no share of the
	 * host's windows to cut). */
	return a->seen & SEEN_PCI ? pci_fdt_fixup(fdt, zone) : 0;
}
