/*
 * The host bridge node in the device tree of a zone that owns PCI
 * functions (it keeps the node because cvisor emulates the ECAM for it):
 * no iommu-map or msi-map (the SMMU and the MSI frames are cvisor's), and
 * `ranges` cut down to the zone's share of the memory windows, so that an
 * OS assigns BARs where cvisor lets them go. I/O windows go: no zone gets
 * I/O space.
 */
#include "drivers/pci/pci_fdt.h"

#include "cvisor/platform.h"
#include "cvisor/zone.h"

#include "lib/fdt_index.h"
#include "lib/fdt_util.h"

#include <libfdt.h>

#define RANGE_CELLS 7 /* flags, PCI address (2), CPU address (2), size (2) */
#define MAX_RANGES  (2 * CV_MAX_DEVICES)

static u64 cells64(const fdt32_t *p)
{
	return (u64)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]);
}

static void put64(fdt32_t *p, u64 v)
{
	p[0] = cpu_to_fdt32((u32)(v >> 32));
	p[1] = cpu_to_fdt32((u32)v);
}

/* The space code is flags[25:24]: 1 I/O, 2 32-bit memory, 3 64-bit. */
static u32 shares_of(const fdt32_t *r, const struct cv_zone_config *cfg,
		     fdt32_t *out, u32 n)
{
	u32 space = (fdt32_to_cpu(r[0]) >> 24) & 3;
	u64 pci = cells64(r + 1), cpu = cells64(r + 3), size = cells64(r + 5);

	for (u32 d = 0; space >= 2 && d < cfg->nr_devices; d++) {
		const struct cv_device *dev = &cfg->devices[d];
		fdt32_t *e = out + n * RANGE_CELLS;

		if (n == MAX_RANGES ||
		    !range_within(dev->base, dev->size, cpu, size))
			continue;
		e[0] = r[0];
		put64(e + 1, pci + (dev->base - cpu));
		put64(e + 3, dev->base);
		put64(e + 5, dev->size);
		n++;
	}
	return n;
}

static int cut_ranges(void *fdt, int node, const struct cv_zone_config *cfg)
{
	fdt32_t out[MAX_RANGES * RANGE_CELLS];
	int len;
	const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);
	u32 n = 0;

	if (!r)
		return 0;
	for (int i = 0; (i + 1) * RANGE_CELLS * 4 <= len; i++)
		n = shares_of(r + i * RANGE_CELLS, cfg, out, n);
	return fdt_setprop(fdt, node, "ranges", out,
			   (int)(n * RANGE_CELLS * sizeof(fdt32_t)));
}

/* cvisor's own virtual host bridge (core/vpci_fdt.c) has the same
 * compatible: the platform's is any other one. */
static bool is_vpci_bridge(const void *fdt, int node)
{
	u64 base, size;

	return ipa_addr(platform.vpci_ecam) &&
	       !fdt_get_reg(fdt, node, 0, &base, &size) &&
	       base == ipa_addr(platform.vpci_ecam);
}

static int fix_bridge(void *fdt, int node, const struct zone *zone)
{
	static const char *const gone[] = {"iommu-map", "msi-map",
					   "msi-parent"};
	int err = 0;

	/* MSI goes with its controller (the ITS and GICv2m frames are not
	 * in the zone's tree); a dangling msi-parent would name nothing. */
	for (u32 i = 0; !err && i < ARRAY_SIZE(gone); i++) {
		if (fdt_getprop(fdt, node, gone[i], NULL))
			err = fdt_delprop(fdt, node, gone[i]);
	}
	if (!err && zone->cfg->nr_pci)
		err = cut_ranges(fdt, node, zone->cfg);
	return err;
}

int pci_fdt_fixup(void *fdt, const struct zone *zone)
{
	int node = cv_fdt_by_compatible(fdt, -1, "pci-host-ecam-generic");

	/* Deleting properties moves no node offsets before this one. */
	for (; node >= 0;
	     node = cv_fdt_by_compatible(fdt, node, "pci-host-ecam-generic")) {
		int err =
		    is_vpci_bridge(fdt, node) ? 0 : fix_bridge(fdt, node, zone);

		if (err)
			return err;
	}
	return 0;
}
