/* Deriving a zone's device tree from the platform's (libfdt). */
#include "cvisor/fdt_zone.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/hypercall.h"
#include "cvisor/mgmt.h"
#include "cvisor/zone.h"
#include "lib/fdt_copy.h"
#include "lib/fdt_raw.h"
#include "lib/fdt_util.h"
#include "lib/printf.h"
#include "lib/string.h"

#include <libfdt.h>

static bool zone_owns_range(const struct zone *zone, u64 base, u64 size)
{
	const struct cv_zone_config *cfg = zone->cfg;

	for (u32 i = 0; i < cfg->nr_devices; i++) {
		if (range_within(base, size ? size : 1, cfg->devices[i].base,
				 cfg->devices[i].size))
			return true;
	}
	return mmio_find(&zone->mmio, ipa_init(base), 4) != NULL;
}

static bool is_bus(const struct fdt_raw_node *n)
{
	return n->compat &&
	       fdt_raw_compat_has(n->compat, n->compat_len, "simple-bus");
}

/* Should this device node go? Devices (nodes with "reg") directly under
 * the root or a simple-bus stay only when the zone owns them; the host's
 * memory nodes go (the zone's are added). */
static bool drop_device(const struct fdt_raw_node *parent,
			const struct fdt_raw_node *node, bool bus,
			const struct zone *zone)
{
	const char *type = node->device_type;
	u64 base, size;

	if (type && (!strcmp(type, "memory") || !strcmp(type, "cpu")))
		return !strcmp(type, "memory");
	if (bus || fdt_raw_reg(parent, node, &base, &size))
		return false;
	return !zone_owns_range(zone, base, size);
}

/* What the one walk over the platform's tree (fdt_copy_filtered) keeps. */
struct derive {
	const struct zone *zone;
	int bus;  /* the root's child being walked, if a simple-bus */
	int cpus; /* /cpus */
	fdt32_t vcpu_reg;
};

/* A CPU node stays only if the zone has that physical CPU, its "reg"
 * becoming the vCPU number (the zone's CPUs in platform order); QEMU's
 * cpu-map (the host's topology) goes. */
static int cpu_node(struct derive *d, const struct fdt_raw_node *cpus,
		    const struct fdt_raw_node *node, struct fdt_copy_node *out)
{
	u64 hwid, unused;
	int pcpu;

	if (!strcmp(node->name, "cpu-map")) {
		out->drop = true;
		return 0;
	}
	if (fdt_raw_reg(cpus, node, &hwid, &unused))
		return 0;
	for (pcpu = 0; pcpu < (int)platform.nr_cpus; pcpu++) {
		if (platform.cpu_hwid[pcpu] == hwid)
			break;
	}
	if (pcpu == (int)platform.nr_cpus)
		return 0; /* not a CPU cvisor knows: left as it is */
	if (!(d->zone->cpus & (1ull << pcpu))) {
		out->drop = true;
		return 0;
	}
	d->vcpu_reg = cpu_to_fdt32(
	    (u32)__builtin_popcountll(d->zone->cpus & ((1ull << pcpu) - 1)));
	out->set_name = "reg";
	out->set_val = &d->vcpu_reg;
	out->set_len = sizeof(d->vcpu_reg);
	return 0;
}

/* The root's and its simple-buses' device children stay only when the
 * zone owns them (drop_device); the rest of the tree is copied. */
static int derive_node(void *ctx, const void *fdt,
		       const struct fdt_raw_node *parent,
		       const struct fdt_raw_node *node, int depth,
		       struct fdt_copy_node *out)
{
	struct derive *d = ctx;
	bool bus;

	(void)fdt;
	if (depth == 1) {
		bus = is_bus(node);
		d->bus = bus ? node->off : -1;
		if (!strcmp(node->name, "cpus"))
			d->cpus = node->off;
	} else if (depth == 2 && parent->off == d->cpus) {
		return cpu_node(d, parent, node, out);
	} else if (depth == 2 && parent->off == d->bus) {
		bus = is_bus(node);
	} else {
		return 0;
	}
	out->drop = drop_device(parent, node, bus, d->zone);
	return 0;
}

/*
 * The platform's tree in one walk, written into buf without the devices
 * the zone does not own, the host's memory nodes and the CPUs it does not
 * have: nothing is deleted in place (each deletion moved the rest of the
 * blob and made the next lookup start over), and the copy is small, so
 * the edits after it are cheap.
 */
static int copy_platform(const void *platform_dtb, void *buf, u64 buf_size,
			 const struct zone *zone)
{
	struct derive d = {.zone = zone, .bus = -1, .cpus = -1};
	int size = buf_size > 0x7fffffff ? 0x7fffffff : (int)buf_size;
	int err = fdt_copy_filtered(platform_dtb, buf, size, derive_node, &d);

	return err ? err : fdt_open_into(buf, buf, size);
}

static int add_memory(void *fdt, const struct zone *zone)
{
	const struct cv_zone_config *cfg = zone->cfg;

	for (u32 i = 0; i < cfg->nr_mem; i++) {
		char name[32];
		int node, err;

		cv_snprintf(name, sizeof(name), "memory@%llx",
			    (unsigned long long)cfg->mem[i].ipa);
		node = fdt_add_subnode(fdt, 0, name);
		if (node < 0)
			return node;
		err = fdt_setprop_string(fdt, node, "device_type", "memory");
		if (!err)
			err = fdt_appendprop_addrrange(fdt, 0, node, "reg",
						       cfg->mem[i].ipa,
						       cfg->mem[i].size);
		if (err)
			return err;
	}
	return 0;
}

/* Remove a property if it is there. */
static int delprop(void *fdt, int node, const char *name)
{
	int err = fdt_delprop(fdt, node, name);

	return err == -FDT_ERR_NOTFOUND ? 0 : err;
}

static int fix_chosen(void *fdt, const struct zone *zone)
{
	const struct cv_zone_config *cfg = zone->cfg;
	int chosen = fdt_path_offset(fdt, "/chosen"), err = 0;

	if (chosen < 0)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	if (chosen < 0)
		return chosen;
	/* Exactly the zone's command line and initrd, none when it has none
	 * (whatever the platform's /chosen said). */
	if (cfg->cmdline[0])
		err = fdt_setprop_string(fdt, chosen, "bootargs", cfg->cmdline);
	else
		err = delprop(fdt, chosen, "bootargs");
	if (!err && cfg->initrd.size) {
		err = fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
				      cfg->initrd.load_ipa);
		if (!err)
			err = fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
					      cfg->initrd.load_ipa +
						  cfg->initrd.size);
	} else if (!err) {
		err = delprop(fdt, chosen, "linux,initrd-start");
		if (!err)
			err = delprop(fdt, chosen, "linux,initrd-end");
	}
	return err;
}

static int add_reg_node(void *fdt, int parent, const char *prefix,
			const char *compatible, u64 base, u64 size)
{
	char name[48];
	int node, err;

	cv_snprintf(name, sizeof(name), "%s@%llx", prefix,
		    (unsigned long long)base);
	node = fdt_add_subnode(fdt, parent, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", compatible);
	if (!err)
		err = fdt_appendprop_addrrange(fdt, parent, node, "reg", base,
					       size);
	return err ? err : node;
}

/* The root zone's management device and its window of RAM, which the
 * kernel must leave alone (no-map reserved memory). */
static int add_management(void *fdt, const struct zone *zone)
{
	int resv, node;
	ipa_t ipa;
	u64 size;

	if (!zone->mgmt)
		return 0;
	node = add_reg_node(fdt, 0, "cvisor-management", "cvisor,management",
			    ipa_addr(platform.mgmt_ipa), CV_MGMT_SIZE);
	if (node < 0 || !mgmt_window(zone, &ipa, &size))
		return node < 0 ? node : 0;
	resv = fdt_path_offset(fdt, "/reserved-memory");
	if (resv < 0) {
		resv = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (resv < 0)
			return resv;
		if (fdt_setprop_u32(fdt, resv, "#address-cells", 2) ||
		    fdt_setprop_u32(fdt, resv, "#size-cells", 2) ||
		    fdt_setprop(fdt, resv, "ranges", NULL, 0))
			return -FDT_ERR_NOSPACE;
	}
	node = add_reg_node(fdt, resv, "cvisor-window", "cvisor,window",
			    ipa_addr(ipa), size);
	if (node < 0)
		return node;
	return fdt_setprop(fdt, node, "no-map", NULL, 0);
}

int fdt_derive_zone(const void *platform_dtb, void *buf, u64 buf_size,
		    struct zone *zone)
{
	int err = copy_platform(platform_dtb, buf, buf_size, zone);

	if (!err)
		err = add_memory(buf, zone);
	if (!err)
		err = fix_chosen(buf, zone);
	if (!err)
		err = add_management(buf, zone);
	if (!err)
		err = arch_fdt_fixup(buf, zone);
	if (!err)
		err = fdt_pack(buf);
	return err ? -CV_EINVAL : 0;
}
