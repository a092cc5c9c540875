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

static int put_cells64(void *fdt, int node, const char *name, u64 v)
{
	int err = fdt_appendprop_u32(fdt, node, name, (u32)(v >> 32));

	return err ? err : fdt_appendprop_u32(fdt, node, name, (u32)v);
}

/* An identity window: PCI address = the root zone's guest-physical. */
static int add_range(void *fdt, int node, u32 space, ipa_t base, u64 size)
{
	int err = fdt_appendprop_u32(fdt, node, "ranges", space);

	if (!err)
		err =
		    put_cells64(fdt, node, "ranges", ipa_addr(base)); /* PCI */
	if (!err)
		err =
		    put_cells64(fdt, node, "ranges", ipa_addr(base)); /* CPU */
	if (!err)
		err = put_cells64(fdt, node, "ranges", size);
	return err;
}

/* The interrupt controller named by the root node's interrupt-parent,
 * read before anything is added (adding nodes moves offsets). */
struct intc {
	u32 phandle;
	u32 addr_cells;
	u32 irq_cells; /* 3: Arm GIC (type, number, flags); 2; 1 */
};

static int root_intc(const void *fdt, struct intc *ic)
{
	const fdt32_t *ip = fdt_getprop(fdt, 0, "interrupt-parent", NULL);
	const fdt32_t *p;
	int node;

	ic->phandle = ip ? fdt32_to_cpu(*ip) : 0;
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

/* Slot s, INTA -> <intc> <its unit address: zeros> <the slot's SPI>. */
static int add_irq_map(void *fdt, int node, const struct intc *ic)
{
	int err = fdt_setprop_u32(fdt, node, "#interrupt-cells", 1);

	for (u32 i = 0; !err && i < 4; i++) /* devfn bits, INTA..INTD */
		err = fdt_appendprop_u32(fdt, node, "interrupt-map-mask",
					 i == 0	  ? 0xf800u
					 : i == 3 ? 7u
						  : 0u);
	for (u32 s = 0; !err && s < VPCI_SLOTS; s++) {
		u32 head[] = {s << 11, 0, 0, 1, ic->phandle};

		for (u32 i = 0; !err && i < ARRAY_SIZE(head); i++)
			err = fdt_appendprop_u32(fdt, node, "interrupt-map",
						 head[i]);
		for (u32 i = 0; !err && i < ic->addr_cells; i++)
			err = fdt_appendprop_u32(fdt, node, "interrupt-map", 0);
		if (!err)
			err = put_irq(fdt, node, "interrupt-map", ic,
				      platform.vpci_first_irq + s);
	}
	return err;
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
	err = add_bridge_props(fdt, node);
	if (!err)
		err = add_range(fdt, node, PCI_SPACE_MEM32, platform.vpci_mem32,
				platform.vpci_mem32_size);
	if (!err)
		err = add_range(fdt, node, PCI_SPACE_MEM64_PF,
				platform.vpci_mem64, platform.vpci_mem64_size);
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
