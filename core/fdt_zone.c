/* Deriving a zone's device tree from the platform's (libfdt). */
#include "cvisor/fdt_zone.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/hypercall.h"
#include "cvisor/mgmt.h"
#include "cvisor/virtio.h"
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
	const void *src;      /* the platform's tree */
	struct fdt_intc intc; /* the devices' interrupt controller, once met */
	struct arch_fdt_copy arch;
	bool has_intc;
	bool intc_per_device; /* the root names no interrupt-parent */
	bool pci_numbered;    /* a kept bridge has "linux,pci-domain" */
	u32 pci_domain_next;  /* one past the highest of them */
	int bus;  /* the root's child being walked, if a simple-bus */
	int cpus; /* /cpus */
	fdt32_t vcpu_reg;
	u64 cpus_seen; /* physical CPUs whose node was kept */
	bool has_chosen,
	    has_resv;	      /* the platform's /chosen, /reserved-memory */
	u32 root_ac, root_sc; /* the root's #address-cells, #size-cells */
};

/* /chosen's properties that are exactly the zone's (none when it has none,
 * whatever the platform's /chosen said). */
static const char *const chosen_props[] = {"bootargs", "linux,initrd-start",
					   "linux,initrd-end", NULL};

/* The vCPU number of physical CPU pcpu: the zone's CPUs below it (no
 * __builtin_popcount: GCC makes it a libgcc call here). */
static u32 cpus_below(u64 cpus, u32 pcpu)
{
	u32 n = 0;

	for (u32 i = 0; i < pcpu; i++)
		n += (cpus >> i) & 1;
	return n;
}

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
	if (!node->reg)
		return 0; /* not a CPU node */
	/* A "reg" cvisor cannot read, of no platform CPU, of another zone's
	 * CPU, or a second node of a CPU already kept: the guest would see a
	 * CPU it has not (found by fuzz_fdt_zone). */
	out->drop = true;
	if (fdt_raw_reg(cpus, node, &hwid, &unused))
		return 0;
	for (pcpu = 0; pcpu < (int)platform.nr_cpus; pcpu++) {
		if (platform.cpu_hwid[pcpu] == hwid)
			break;
	}
	if (pcpu == (int)platform.nr_cpus || pcpu >= 64 ||
	    !(d->zone->cpus & (1ull << pcpu)) ||
	    (d->cpus_seen & (1ull << pcpu)))
		return 0;
	d->cpus_seen |= 1ull << pcpu;
	out->drop = false;
	d->vcpu_reg = cpu_to_fdt32(cpus_below(d->zone->cpus, (u32)pcpu));
	out->set_name = "reg";
	out->set_val = &d->vcpu_reg;
	out->set_len = sizeof(d->vcpu_reg);
	return 0;
}

/* The root's and its simple-buses' device children stay only when the
 * zone owns them (drop_device); the rest of the tree is copied. */
static int zone_node(void *ctx, const void *fdt,
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
		/* Even /chosen goes if it has a "reg" the zone does not own
		 * (then one is added at the end). */
		out->drop = drop_device(parent, node, bus, d->zone);
		if (out->drop)
			return 0;
		if (!strcmp(node->name, "chosen")) {
			d->has_chosen = true;
			out->drop_props = chosen_props;
		}
		if (!strcmp(node->name, "reserved-memory"))
			d->has_resv = true;
		return 0;
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

/* What the zone keeps, then what the arch changes in it. */
static int derive_node(void *ctx, const void *fdt,
		       const struct fdt_raw_node *parent,
		       const struct fdt_raw_node *node, int depth,
		       struct fdt_copy_node *out)
{
	struct derive *d = ctx;
	int err = zone_node(ctx, fdt, parent, node, depth, out);

	if (err || out->drop)
		return err;
	return arch_fdt_copy_node(&d->arch, fdt, d->zone, parent, node, out);
}

static int put_memory(struct derive *d, struct fdt_copy_out *o)
{
	const struct cv_zone_config *cfg = d->zone->cfg;
	int err = 0;

	for (u32 i = 0; !err && i < cfg->nr_mem; i++) {
		char name[32];

		cv_snprintf(name, sizeof(name), "memory@%llx",
			    (unsigned long long)cfg->mem[i].ipa);
		err = fdt_copy_begin_node(o, name);
		if (!err)
			err = fdt_copy_prop_string(o, "device_type", "memory");
		if (!err)
			err = fdt_copy_prop_range(o, "reg", d->root_ac,
						  d->root_sc, cfg->mem[i].ipa,
						  cfg->mem[i].size);
		if (!err)
			err = fdt_copy_end_node(o);
	}
	return err;
}

/* The zone's command line and initrd in /chosen. */
static int put_chosen(struct derive *d, struct fdt_copy_out *o)
{
	const struct cv_zone_config *cfg = d->zone->cfg;
	int err = 0;

	if (cfg->cmdline[0])
		err = fdt_copy_prop_string(o, "bootargs", cfg->cmdline);
	if (!err && cfg->initrd.size)
		err = fdt_copy_prop_u64(o, "linux,initrd-start",
					cfg->initrd.load_ipa);
	if (!err && cfg->initrd.size)
		err =
		    fdt_copy_prop_u64(o, "linux,initrd-end",
				      cfg->initrd.load_ipa + cfg->initrd.size);
	return err;
}

/* A node "prefix@base" with its compatible and reg (ac, sc cells). */
static int put_reg_node(struct fdt_copy_out *o, const char *prefix,
			const char *compatible, u32 ac, u32 sc, u64 base,
			u64 size)
{
	char name[48];
	int err;

	cv_snprintf(name, sizeof(name), "%s@%llx", prefix,
		    (unsigned long long)base);
	err = fdt_copy_begin_node(o, name);
	if (!err)
		err = fdt_copy_prop_string(o, "compatible", compatible);
	if (!err)
		err = fdt_copy_prop_range(o, "reg", ac, sc, base, size);
	return err;
}

/* The root zone's window of RAM, which the kernel must leave alone
 * (no-map reserved memory), as a child of /reserved-memory. */
static int put_window(struct derive *d, struct fdt_copy_out *o, u32 ac, u32 sc)
{
	ipa_t ipa;
	u64 size;
	int err;

	if (!d->zone->mgmt || !mgmt_window(d->zone, &ipa, &size))
		return 0;
	err = put_reg_node(o, "cvisor-window", "cvisor,window", ac, sc,
			   ipa_addr(ipa), size);
	if (!err)
		err = fdt_copy_prop(o, "no-map", NULL, 0);
	return err ? err : fdt_copy_end_node(o);
}

/* The root zone's management device, and /reserved-memory for its window
 * when the platform has none. */
static int put_management(struct derive *d, struct fdt_copy_out *o)
{
	ipa_t ipa;
	u64 size;
	int err;

	if (!d->zone->mgmt)
		return 0;
	err = put_reg_node(o, "cvisor-management", "cvisor,management",
			   d->root_ac, d->root_sc, ipa_addr(platform.mgmt_ipa),
			   CV_MGMT_SIZE);
	if (!err)
		err = fdt_copy_end_node(o);
	if (err || d->has_resv || !mgmt_window(d->zone, &ipa, &size))
		return err;
	err = fdt_copy_begin_node(o, "reserved-memory");
	if (!err)
		err = fdt_copy_prop_u32(o, "#address-cells", 2);
	if (!err)
		err = fdt_copy_prop_u32(o, "#size-cells", 2);
	if (!err)
		err = fdt_copy_prop(o, "ranges", NULL, 0);
	if (!err)
		err = put_window(d, o, 2, 2);
	return err ? err : fdt_copy_end_node(o);
}

static u32 u32_prop(const void *fdt, int node, const char *name, u32 absent)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return p && len == 4 ? fdt32_to_cpu(*p) : absent;
}

/* The interrupt controller the zone's devices are wired to, as the copy
 * meets it among the kept nodes: the one the root names (its
 * interrupt-parent). A root that names none (QEMU's riscv64 virt names
 * the PLIC or APLIC in each device node instead) makes the first kept
 * node that names one decide, and that controller's cells are read from
 * the platform's tree at once, wherever it stands in the walk. The vPCI
 * and virtio nodes at the root's end wire their interrupts to it. */
static void intc_cells(struct derive *d, int off)
{
	d->has_intc = true;
	d->intc.addr_cells = u32_prop(d->src, off, "#address-cells", 0);
	d->intc.irq_cells = u32_prop(d->src, off, "#interrupt-cells", 1);
}

static void note_intc(struct derive *d, const struct fdt_raw_node *node,
		      int depth)
{
	int off;

	if (depth == 0) {
		d->intc.phandle =
		    u32_prop(d->src, node->off, "interrupt-parent", 0);
		d->intc_per_device = !d->intc.phandle;
	} else if (d->has_intc) {
		return;
	} else if (d->intc_per_device) {
		d->intc.phandle =
		    u32_prop(d->src, node->off, "interrupt-parent", 0);
		off = d->intc.phandle
			  ? fdt_node_offset_by_phandle(d->src, d->intc.phandle)
			  : -FDT_ERR_NOTFOUND;
		if (off >= 0)
			intc_cells(d, off);
	} else if (d->intc.phandle && node->phandle == d->intc.phandle) {
		intc_cells(d, node->off);
	}
}

/* A kept PCI bridge's "linux,pci-domain", so that cvisor's vPCI bridge
 * takes the next free number when the tree numbers its bridges. */
static void note_pci_domain(struct derive *d, const struct fdt_raw_node *node)
{
	u32 domain;

	if (!node->device_type || strcmp(node->device_type, "pci"))
		return;
	domain = u32_prop(d->src, node->off, "linux,pci-domain", ~0u);
	if (domain == ~0u)
		return;
	d->pci_numbered = true;
	if (domain >= d->pci_domain_next)
		d->pci_domain_next = domain + 1;
}

static int derive_props(void *ctx, struct fdt_copy_out *o,
			const struct fdt_raw_node *node, int depth)
{
	struct derive *d = ctx;

	if (depth == 0) {
		d->root_ac = node->addr_cells;
		d->root_sc = node->size_cells;
	}
	if (d->zone->cfg->nr_virtio || (d->zone->cfg->flags & CV_ZONE_ROOT))
		note_intc(d, node, depth);
	if (depth && (d->zone->cfg->flags & CV_ZONE_ROOT))
		note_pci_domain(d, node);
	if (depth == 1 && !strcmp(node->name, "chosen"))
		return put_chosen(d, o);
	return 0;
}

/* The root zone's vPCI host bridge, a served zone's virtio transports. */
static int put_virtio(struct derive *d, struct fdt_copy_out *o)
{
	const struct fdt_intc *ic = d->has_intc ? &d->intc : NULL;
	const u32 *domain = d->pci_numbered ? &d->pci_domain_next : NULL;
	int err =
	    vpci_host_fdt(o, d->zone, ic, d->root_ac, d->root_sc, domain);

	return err ? err
		   : virtio_zone_fdt(o, d->zone, ic, d->root_ac, d->root_sc);
}

/* Added at the end of the root: the zone's memory, /chosen if the
 * platform has none, the management nodes, the virtio nodes. */
static int derive_end(void *ctx, struct fdt_copy_out *o,
		      const struct fdt_raw_node *node, int depth)
{
	struct derive *d = ctx;
	int err = 0;

	if (depth == 1 && !strcmp(node->name, "reserved-memory"))
		return put_window(d, o, node->addr_cells, node->size_cells);
	if (depth)
		return 0;
	err = put_memory(d, o);
	if (!err && !d->has_chosen) {
		err = fdt_copy_begin_node(o, "chosen");
		if (!err)
			err = put_chosen(d, o);
		if (!err)
			err = fdt_copy_end_node(o);
	}
	if (!err)
		err = put_management(d, o);
	return err ? err : put_virtio(d, o);
}

/*
 * The platform's tree in one walk, written into buf without the devices
 * the zone does not own, the host's memory nodes and the CPUs it does not
 * have: nothing is deleted in place (each deletion moved the rest of the
 * blob and made the next lookup start over), and the copy is small, so
 * the edits after it are cheap.
 */
static int copy_platform(const void *platform_dtb, void *buf, u64 buf_size,
			 const struct zone *zone, struct arch_fdt_copy *arch)
{
	static const struct fdt_copy_ops ops = {
	    .node = derive_node, .props = derive_props, .end = derive_end};
	struct derive d = {
	    .zone = zone, .src = platform_dtb, .bus = -1, .cpus = -1};
	int size = buf_size > 0x7fffffff ? 0x7fffffff : (int)buf_size;
	int err = fdt_copy_filtered(platform_dtb, buf, size, &ops, &d);

	*arch = d.arch;
	return err ? err : fdt_open_into(buf, buf, size);
}

int fdt_derive_zone(const void *platform_dtb, void *buf, u64 buf_size,
		    struct zone *zone)
{
	struct arch_fdt_copy arch;
	int err = copy_platform(platform_dtb, buf, buf_size, zone, &arch);

	if (!err)
		err = arch_fdt_fixup(buf, zone, &arch);
	if (!err)
		err = fdt_pack(buf);
	return err ? -CV_EINVAL : 0;
}
