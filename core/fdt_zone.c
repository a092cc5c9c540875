/* Deriving a zone's device tree from the platform's (libfdt). */
#include "cvisor/fdt_zone.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/hypercall.h"
#include "cvisor/mgmt.h"
#include "cvisor/virtio.h"
#include "cvisor/zone.h"
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

static bool is_bus(const void *fdt, int node)
{
	return fdt_node_check_compatible(fdt, node, "simple-bus") == 0;
}

/* Should this device node go? Devices (nodes with "reg") directly under
 * the root or a simple-bus stay only when the zone owns them. */
static bool drop_device(const void *fdt, int parent, int node, bool bus,
			const struct zone *zone)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);
	u64 base, size;

	if (type && (!strcmp(type, "memory") || !strcmp(type, "cpu")))
		return !strcmp(type, "memory");
	if (bus || fdt_get_reg_in(fdt, parent, node, 0, &base, &size))
		return false;
	return !zone_owns_range(zone, base, size);
}

/*
 * One pass over the root's and the simple-buses' children. A dropped node
 * becomes FDT_NOP tags (fdt_nop_node): nothing moves, so the offsets of the
 * walk stay valid, where fdt_del_node would shift the rest of the blob
 * and force a new walk from the start for every node (quadratic, most of
 * cvisor's boot on QEMU's device tree).
 */
static int drop_children(void *fdt, int parent, const struct zone *zone,
			 bool recurse)
{
	int node = fdt_first_subnode(fdt, parent), next, err;

	for (; node >= 0; node = next) {
		bool bus = is_bus(fdt, node);

		/* Before the NOP: the walk cannot start from a NOP tag. */
		next = fdt_next_subnode(fdt, node);
		if (drop_device(fdt, parent, node, bus, zone)) {
			err = fdt_nop_node(fdt, node);
			if (err)
				return err;
			continue;
		}
		if (bus && recurse &&
		    (err = drop_children(fdt, node, zone, false)))
			return err;
	}
	return 0;
}

static int drop_foreign_devices(void *fdt, const struct zone *zone)
{
	return drop_children(fdt, 0, zone, true);
}

/* Keep the CPU nodes of the zone's physical CPUs, renumbered by vCPU. */
static int fix_cpus(void *fdt, const struct zone *zone)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, err;
	u32 next_vcpu = 0;

	if (cpus < 0)
		return cpus;
	node = fdt_subnode_offset(fdt, cpus, "cpu-map");
	if (node >= 0 && (err = fdt_del_node(fdt, node)))
		return err;
	for (u32 pcpu = 0; pcpu < platform.nr_cpus; pcpu++) {
		node = -FDT_ERR_NOTFOUND;
		fdt_for_each_subnode(node, fdt, cpus)
		{
			u64 hwid, unused;

			if (!fdt_get_reg_in(fdt, cpus, node, 0, &hwid,
					    &unused) &&
			    hwid == platform.cpu_hwid[pcpu])
				break;
		}
		if (node < 0)
			continue;
		if (!(zone->cpus & (1ull << pcpu)))
			err = fdt_nop_node(fdt, node);
		else
			err = fdt_setprop_u32(fdt, node, "reg", next_vcpu++);
		if (err)
			return err;
	}
	return 0;
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
	int err = fdt_open_into(platform_dtb, buf, (int)buf_size);

	if (!err)
		err = drop_foreign_devices(buf, zone);
	if (!err)
		err = fix_cpus(buf, zone);
	if (!err)
		err = add_memory(buf, zone);
	if (!err)
		err = fix_chosen(buf, zone);
	if (!err)
		err = add_management(buf, zone);
	if (!err)
		err = vpci_host_fdt(buf, zone);
	if (!err)
		err = virtio_zone_fdt(buf, zone);
	if (!err)
		err = arch_fdt_fixup(buf, zone);
	if (!err)
		err = fdt_pack(buf);
	return err ? -CV_EINVAL : 0;
}
