/*
 * DMA rules of a bundle that involve more than one field (the fields' own
 * rules are schema rules). Errors: a PCI function listed twice (in one
 * zone or two), a function the platform does not have, PCI functions on a
 * machine without an IOMMU (unless the bundle switches the IOMMU off, which
 * only the DMA isolation test does). Warnings: DMA-capable devices outside
 * an IOMMU, PCI functions with the IOMMU switched off.
 */
#include "core/config_pci.h"

#include "cvisor/errno.h"
#include "lib/printf.h"

static int fail(struct cv_config_error *err, u32 zone, u32 index,
		const char *reason)
{
	err->zone = (int)zone;
	cv_snprintf(err->field, sizeof(err->field), "pci[%u]", index);
	cv_snprintf(err->reason, sizeof(err->reason), "%s", reason);
	return -CV_EINVAL;
}

static void bdf_text(char *buf, size_t size, u32 bdf)
{
	cv_snprintf(buf, size, "%x%x:%x%x.%u", CV_PCI_BUS(bdf) >> 4,
		    CV_PCI_BUS(bdf) & 15, CV_PCI_DEV(bdf) >> 4,
		    CV_PCI_DEV(bdf) & 15, CV_PCI_FN(bdf));
}

static const struct cv_zone_config *zone_at(const struct cv_bundle_header *h,
					    u32 z)
{
	return cv_bundle_zone(h, z);
}

/* Is bdf listed before position (y, j) in zone order? Reports where. */
static bool owned_earlier(const struct cv_bundle_header *h, u32 bdf, u32 z,
			  u32 i, u32 *owner)
{
	for (u32 y = 0; y <= z; y++) {
		const struct cv_zone_config *other = zone_at(h, y);
		u32 end = y == z ? i : other->nr_pci;

		for (u32 j = 0; j < end && j < CV_MAX_PCI; j++) {
			if (other->pci[j] == bdf) {
				*owner = y;
				return true;
			}
		}
	}
	return false;
}

static bool on_platform(const struct cv_platform_limits *plat, u32 bdf)
{
	u32 devfn = bdf & 0xff;

	return CV_PCI_BUS(bdf) == 0 &&
	       (plat->pci_bus0[devfn / 64] >> (devfn % 64) & 1);
}

static int check_function(const struct cv_bundle_header *h,
			  const struct cv_platform_limits *plat, u32 z, u32 i,
			  struct cv_config_error *err)
{
	const struct cv_zone_config *zc = zone_at(h, z);
	char name[16], why[160];
	u32 owner;

	bdf_text(name, sizeof(name), zc->pci[i]);
	if (owned_earlier(h, zc->pci[i], z, i, &owner)) {
		cv_snprintf(why, sizeof(why),
			    "%s is also owned by zone %u '%s': a PCI "
			    "function belongs to one zone",
			    name, zone_at(h, owner)->id,
			    zone_at(h, owner)->name);
		return fail(err, z, i, why);
	}
	if (!plat || plat->arch_only)
		return 0;
	if (!plat->has_pci || !on_platform(plat, zc->pci[i])) {
		cv_snprintf(why, sizeof(why),
			    "%s is not on the platform (no function answers "
			    "there on bus 0 of the PCI host bridge)",
			    name);
		return fail(err, z, i, why);
	}
	if (!plat->has_iommu && !(h->flags & CV_BUNDLE_IOMMU_OFF)) {
		cv_snprintf(why, sizeof(why),
			    "%s: this machine has no IOMMU to confine its "
			    "DMA to the zone",
			    name);
		return fail(err, z, i, why);
	}
	return 0;
}

/* nr_pci, reserved3 and the device flags are checked by the schema's
 * field rules before this runs (core/config_schema.c). */
static int check_zone(const struct cv_bundle_header *h,
		      const struct cv_platform_limits *plat, u32 z,
		      struct cv_config_error *err)
{
	int ret = 0;

	for (u32 i = 0; i < zone_at(h, z)->nr_pci && !ret; i++)
		ret = check_function(h, plat, z, i, err);
	return ret;
}

int cv_config_check_pci(const struct cv_bundle_header *h,
			const struct cv_platform_limits *plat,
			struct cv_config_error *err)
{
	int ret = 0;

	for (u32 z = 0; z < h->nr_zones && !ret; z++)
		ret = check_zone(h, plat, z, err);
	return ret;
}

static void warn_devices(const struct cv_zone_config *zc, u32 z,
			 cv_config_warn_fn warn, void *ctx, u32 *n)
{
	char field[32], why[160];

	for (u32 i = 0; i < zc->nr_devices; i++) {
		if (!(zc->devices[i].flags & CV_DEVICE_DMA))
			continue;
		cv_snprintf(field, sizeof(field), "devices[%u]", i);
		cv_snprintf(why, sizeof(why),
			    "'%s' is DMA-capable and no IOMMU translates "
			    "it: the zone can make it read and write any "
			    "memory, cvisor's included",
			    zc->devices[i].name);
		warn(ctx, (int)z, field, why);
		(*n)++;
	}
}

static void warn_functions(const struct cv_zone_config *zc, u32 z,
			   cv_config_warn_fn warn, void *ctx, u32 *n)
{
	char field[32], name[16], why[160];

	for (u32 i = 0; i < zc->nr_pci && i < CV_MAX_PCI; i++) {
		bdf_text(name, sizeof(name), zc->pci[i]);
		cv_snprintf(field, sizeof(field), "pci[%u]", i);
		cv_snprintf(why, sizeof(why),
			    "%s: the IOMMU is switched off (\"iommu\": "
			    "\"off\", for tests only): its DMA reaches "
			    "all memory",
			    name);
		warn(ctx, (int)z, field, why);
		(*n)++;
	}
}

u32 cv_config_warnings(const void *bundle, cv_config_warn_fn warn, void *ctx)
{
	const struct cv_bundle_header *h = bundle;
	u32 n = 0;

	for (u32 z = 0; z < h->nr_zones; z++) {
		const struct cv_zone_config *zc = zone_at(h, z);

		warn_devices(zc, z, warn, ctx, &n);
		if (h->flags & CV_BUNDLE_IOMMU_OFF)
			warn_functions(zc, z, warn, ctx, &n);
	}
	return n;
}
