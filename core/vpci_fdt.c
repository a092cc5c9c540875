/*
 * The root zone's device-tree node for cvisor's virtual PCI host bridge
 * (docs/virtio.md): a generic ECAM host ("pci-host-ecam-generic", which
 * Linux probes with CONFIG_PCI_HOST_GENERIC=y), bus 0, a 32-bit and a
 * 64-bit prefetchable window, and INTA of every slot routed to its own
 * virtual SPI through interrupt-map; and a served zone's virtio,mmio
 * transports. Both are written during the one copy that derives the
 * zone's tree (core/fdt_zone.c, lib/fdt_copy.h), at the end of its root:
 * libfdt edits after the copy cost 124 k instructions of a 400 k boot
 * (each searched the strings block for its name and moved the rest of
 * the tree, and finding the interrupt controller walked the whole tree).
 */
#include "cvisor/platform.h"
#include "cvisor/virtio.h"
#include "cvisor/vpci.h"
#include "cvisor/zone.h"
#include "lib/fdt_copy.h"
#include "lib/printf.h"

#include <libfdt.h>

/* PCI address space codes, phys.hi (IEEE 1275 PCI binding). */
#define PCI_SPACE_MEM32	   0x02000000u
#define PCI_SPACE_MEM64_PF 0x43000000u
#define FDT_IRQ_LEVEL_HIGH 4u
#define GIC_SPI		   0u
#define GIC_FIRST_SPI_ID   32u

/* One property's cells, built here and written at once. */
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

static int put_cells(struct fdt_copy_out *o, const char *name,
		     const struct cells *c)
{
	if (c->overflow)
		return -FDT_ERR_BADNCELLS; /* an intc with absurd cell counts */
	return fdt_copy_prop(o, name, c->v, (int)(c->n * sizeof(fdt32_t)));
}

/* An identity window: PCI address = the root zone's guest-physical. */
static void add_range(struct cells *c, u32 space, ipa_t base, u64 size)
{
	cell(c, space);
	cell64(c, ipa_addr(base)); /* PCI */
	cell64(c, ipa_addr(base)); /* CPU */
	cell64(c, size);
}

/* The interrupt specifier of virtual interrupt `irq`. */
static void irq_cells(struct cells *c, const struct fdt_intc *ic, u32 irq)
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
static int add_irq_map(struct fdt_copy_out *o, const struct fdt_intc *ic)
{
	struct cells mask = {.n = 0}, map = {.n = 0};
	int err = fdt_copy_prop_u32(o, "#interrupt-cells", 1);

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
		err = put_cells(o, "interrupt-map-mask", &mask);
	return err ? err : put_cells(o, "interrupt-map", &map);
}

static int add_bridge_props(struct fdt_copy_out *o, u32 root_ac, u32 root_sc)
{
	fdt32_t bus[2] = {0, 0};
	int err =
	    fdt_copy_prop_string(o, "compatible", "pci-host-ecam-generic");

	if (!err)
		err = fdt_copy_prop_string(o, "device_type", "pci");
	if (!err)
		err = fdt_copy_prop_range(o, "reg", root_ac, root_sc,
					  ipa_addr(platform.vpci_ecam),
					  VPCI_ECAM_SIZE);
	if (!err)
		err = fdt_copy_prop(o, "bus-range", bus, sizeof(bus));
	if (!err)
		err = fdt_copy_prop_u32(o, "#address-cells", 3);
	if (!err)
		err = fdt_copy_prop_u32(o, "#size-cells", 2);
	if (!err)
		err = fdt_copy_prop(o, "dma-coherent", NULL, 0);
	return err;
}

int vpci_host_fdt(struct fdt_copy_out *o, const struct zone *root,
		  const struct fdt_intc *ic, u32 root_ac, u32 root_sc,
		  const u32 *pci_domain)
{
	struct cells ranges = {.n = 0};
	char name[32];
	int err;

	if (!ipa_addr(platform.vpci_ecam) || !(root->cfg->flags & CV_ZONE_ROOT))
		return 0;
	/* No interrupt controller in the zone's tree (a board whose arch
	 * describes none, the host tests' fake one): nothing can be wired. */
	if (!ic)
		return 0;
	cv_snprintf(name, sizeof(name), "pcie@%llx",
		    (unsigned long long)ipa_addr(platform.vpci_ecam));
	err = fdt_copy_begin_node(o, name);
	add_range(&ranges, PCI_SPACE_MEM32, platform.vpci_mem32,
		  platform.vpci_mem32_size);
	add_range(&ranges, PCI_SPACE_MEM64_PF, platform.vpci_mem64,
		  platform.vpci_mem64_size);
	if (!err)
		err = add_bridge_props(o, root_ac, root_sc);
	if (!err)
		err = put_cells(o, "ranges", &ranges);
	if (!err)
		err = add_irq_map(o, ic);
	if (!err && pci_domain)
		err = fdt_copy_prop_u32(o, "linux,pci-domain", *pci_domain);
	return err ? err : fdt_copy_end_node(o);
}

/* A served zone's transports: virtio,mmio nodes under the root. */
int virtio_zone_fdt(struct fdt_copy_out *o, const struct zone *zone,
		    const struct fdt_intc *ic, u32 root_ac, u32 root_sc)
{
	const struct cv_zone_config *cfg = zone->cfg;
	int err = 0;

	if (!ic) /* as above */
		return 0;
	for (u32 i = 0; !err && i < cfg->nr_virtio; i++) {
		struct cells irq = {.n = 0};
		char name[32];

		cv_snprintf(name, sizeof(name), "virtio_mmio@%llx",
			    (unsigned long long)cfg->virtio[i].base);
		irq_cells(&irq, ic, cfg->virtio[i].irq);
		err = fdt_copy_begin_node(o, name);
		if (!err)
			err = fdt_copy_prop_string(o, "compatible",
						   "virtio,mmio");
		if (!err)
			err = fdt_copy_prop_range(o, "reg", root_ac, root_sc,
						  cfg->virtio[i].base,
						  CV_VIRTIO_MMIO_SIZE);
		/* Named here: the root may name no interrupt-parent. */
		if (!err)
			err = fdt_copy_prop_u32(o, "interrupt-parent",
						ic->phandle);
		if (!err)
			err = put_cells(o, "interrupts", &irq);
		if (!err)
			err = fdt_copy_prop(o, "dma-coherent", NULL, 0);
		if (!err)
			err = fdt_copy_end_node(o);
	}
	return err;
}
