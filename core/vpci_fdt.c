/*
 * The root zone's device-tree node for cvisor's virtual PCI host bridge
 * (docs/virtio.md): a generic ECAM host ("pci-host-ecam-generic", which
 * Linux probes with CONFIG_PCI_HOST_GENERIC=y), bus 0, a 32-bit and a
 * 64-bit prefetchable window, and INTA of every slot routed to its own
 * virtual SPI through interrupt-map.
 */
#include "cvisor/platform.h"
#include "cvisor/virtio.h"
#include "cvisor/vpci.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#include <libfdt.h>

/* PCI address space codes, phys.hi (IEEE 1275 PCI binding). */
#define PCI_SPACE_MEM32	   0x02000000u
#define PCI_SPACE_MEM64_PF 0x43000000u
#define FDT_IRQ_LEVEL_HIGH 4u
#define GIC_SPI		   0u
#define GIC_FIRST_SPI_ID   32u

/* One property's cells, built here and set with one fdt_setprop: an
 * fdt_appendprop per cell moved the rest of the tree each time (400 k
 * instructions for the bridge, more than the rest of cvisor's boot). */
struct cells {
	fdt32_t v[VPCI_SLOTS * 12 + 4];
	u32 n;
	bool overflow;
};

static void cell(struct cells *c, u32 v)
{
	if (c->n == ARRAY_SIZE(c->v))
		c->overflow = true;
	else
		c->v[c->n++] = cpu_to_fdt32(v);
}

static void cell64(struct cells *c, u64 v)
{
	cell(c, (u32)(v >> 32));
	cell(c, (u32)v);
}

static int set_cells(void *fdt, int node, const char *name,
		     const struct cells *c)
{
	if (c->overflow)
		return -FDT_ERR_BADNCELLS; /* an intc with absurd cell counts */
	return fdt_setprop(fdt, node, name, c->v,
			   (int)(c->n * sizeof(fdt32_t)));
}

/* An identity window: PCI address = the root zone's guest-physical. */
static void add_range(struct cells *c, u32 space, ipa_t base, u64 size)
{
	cell(c, space);
	cell64(c, ipa_addr(base)); /* PCI */
	cell64(c, ipa_addr(base)); /* CPU */
	cell64(c, size);
}

/* The interrupt controller the zone's devices are wired to, read before
 * anything is added (adding nodes moves offsets). */
struct intc {
	u32 phandle;
	u32 addr_cells;
	u32 irq_cells; /* 3: Arm GIC (type, number, flags); 2; 1 */
};

/* The root node's interrupt-parent; a tree without one (QEMU's riscv64
 * virt board names the PLIC or APLIC in each device node instead) gives
 * the first one a device node names, the controller the platform's
 * devices are wired to. 0: none at all. */
static u32 default_intc(const void *fdt)
{
	const fdt32_t *ip = fdt_getprop(fdt, 0, "interrupt-parent", NULL);
	int node = 0;

	while (!ip && (node = fdt_next_node(fdt, node, NULL)) >= 0)
		ip = fdt_getprop(fdt, node, "interrupt-parent", NULL);
	return ip ? fdt32_to_cpu(*ip) : 0;
}

static int root_intc(const void *fdt, struct intc *ic)
{
	const fdt32_t *p;
	int node;

	ic->phandle = default_intc(fdt);
	if (!ic->phandle)
		return -FDT_ERR_NOTFOUND;
	node = fdt_node_offset_by_phandle(fdt, ic->phandle);
	if (node < 0)
		return node;
	p = fdt_getprop(fdt, node, "#address-cells", NULL);
	ic->addr_cells = p ? fdt32_to_cpu(*p) : 0;
	p = fdt_getprop(fdt, node, "#interrupt-cells", NULL);
	ic->irq_cells = p ? fdt32_to_cpu(*p) : 1;
	return 0;
}

/* The interrupt specifier of virtual interrupt `irq`. */
static int put_irq(void *fdt, int node, const char *prop, const struct intc *ic,
		   u32 irq)
{
	int err = 0;

	if (ic->irq_cells == 3) {
		err = fdt_appendprop_u32(fdt, node, prop, GIC_SPI);
		irq -= GIC_FIRST_SPI_ID;
	}
	if (!err)
		err = fdt_appendprop_u32(fdt, node, prop, irq);
	if (!err && ic->irq_cells >= 2)
		err = fdt_appendprop_u32(fdt, node, prop, FDT_IRQ_LEVEL_HIGH);
	return err;
}

/* The interrupt specifier of virtual interrupt `irq`, as put_irq. */
static void irq_cells(struct cells *c, const struct intc *ic, u32 irq)
{
	if (ic->irq_cells == 3) {
		cell(c, GIC_SPI);
		irq -= GIC_FIRST_SPI_ID;
	}
	cell(c, irq);
	if (ic->irq_cells >= 2)
		cell(c, FDT_IRQ_LEVEL_HIGH);
}

/* Slot s, INTA -> <intc> <its unit address: zeros> <the slot's SPI>. */
static int add_irq_map(void *fdt, int node, const struct intc *ic)
{
	struct cells mask = {.n = 0}, map = {.n = 0};
	int err = fdt_setprop_u32(fdt, node, "#interrupt-cells", 1);

	/* devfn bits, INTA..INTD */
	cell(&mask, 0xf800u);
	cell(&mask, 0);
	cell(&mask, 0);
	cell(&mask, 7u);
	for (u32 s = 0; s < VPCI_SLOTS; s++) {
		u32 head[] = {s << 11, 0, 0, 1, ic->phandle};

		for (u32 i = 0; i < ARRAY_SIZE(head); i++)
			cell(&map, head[i]);
		for (u32 i = 0; i < ic->addr_cells && !map.overflow; i++)
			cell(&map, 0);
		irq_cells(&map, ic, platform.vpci_first_irq + s);
	}
	if (!err)
		err = set_cells(fdt, node, "interrupt-map-mask", &mask);
	return err ? err : set_cells(fdt, node, "interrupt-map", &map);
}

static int add_bridge_props(void *fdt, int node)
{
	int err = fdt_setprop_string(fdt, node, "compatible",
				     "pci-host-ecam-generic");

	if (!err)
		err = fdt_setprop_string(fdt, node, "device_type", "pci");
	if (!err)
		err = fdt_appendprop_addrrange(fdt, 0, node, "reg",
					       ipa_addr(platform.vpci_ecam),
					       VPCI_ECAM_SIZE);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "bus-range", 0);
	if (!err)
		err = fdt_appendprop_u32(fdt, node, "bus-range", 0);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#address-cells", 3);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#size-cells", 2);
	if (!err)
		err = fdt_setprop(fdt, node, "dma-coherent", NULL, 0);
	return err;
}

int vpci_host_fdt(void *fdt, const struct zone *root)
{
	struct cells ranges = {.n = 0};
	struct intc ic;
	char name[32];
	int node, err;

	if (!ipa_addr(platform.vpci_ecam) || !(root->cfg->flags & CV_ZONE_ROOT))
		return 0;
	/* No interrupt controller in the zone's tree (a board whose arch
	 * describes none, the host tests' fake one): nothing can be wired. */
	err = root_intc(fdt, &ic);
	if (err)
		return err == -FDT_ERR_NOTFOUND ? 0 : err;
	cv_snprintf(name, sizeof(name), "pcie@%llx",
		    (unsigned long long)ipa_addr(platform.vpci_ecam));
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	add_range(&ranges, PCI_SPACE_MEM32, platform.vpci_mem32,
		  platform.vpci_mem32_size);
	add_range(&ranges, PCI_SPACE_MEM64_PF, platform.vpci_mem64,
		  platform.vpci_mem64_size);
	err = add_bridge_props(fdt, node);
	if (!err)
		err = set_cells(fdt, node, "ranges", &ranges);
	if (!err)
		err = add_irq_map(fdt, node, &ic);
	return err;
}

/* A served zone's transports: virtio,mmio nodes under the root. */
int virtio_zone_fdt(void *fdt, const struct zone *zone)
{
	const struct cv_zone_config *cfg = zone->cfg;
	struct intc ic;
	int err = cfg->nr_virtio ? root_intc(fdt, &ic) : 0;

	if (err) /* as above */
		return err == -FDT_ERR_NOTFOUND ? 0 : err;
	for (u32 i = 0; i < cfg->nr_virtio; i++) {
		char name[32];
		int node;

		cv_snprintf(name, sizeof(name), "virtio_mmio@%llx",
			    (unsigned long long)cfg->virtio[i].base);
		node = fdt_add_subnode(fdt, 0, name);
		if (node < 0)
			return node;
		err =
		    fdt_setprop_string(fdt, node, "compatible", "virtio,mmio");
		if (!err)
			err = fdt_appendprop_addrrange(fdt, 0, node, "reg",
						       cfg->virtio[i].base,
						       CV_VIRTIO_MMIO_SIZE);
		/* Named here: the root node may have no interrupt-parent. */
		if (!err)
			err = fdt_setprop_u32(fdt, node, "interrupt-parent",
					      ic.phandle);
		if (!err)
			err = put_irq(fdt, node, "interrupts", &ic,
				      cfg->virtio[i].irq);
		if (!err)
			err = fdt_setprop(fdt, node, "dma-coherent", NULL, 0);
		if (err)
			return err;
	}
	return 0;
}
