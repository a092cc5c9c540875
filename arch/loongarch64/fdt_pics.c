/*
 * The zone's interrupt controllers in its device tree (virq.h): the
 * platform's EIOINTC and PCH-PIC nodes are not the zone's (the derivation
 * drops them); cvisor adds its own, as QEMU virt describes them:
 *   eiointc@1400 { compatible = "loongson,ls2k2000-eiointc";
 *     interrupt-parent = <&cpuic>; interrupts = <3>;  (HWI1) ... }
 *   platic@10000000 { compatible = "loongson,pch-pic-1.0";
 *     interrupt-parent = <&eiointc>; loongson,pic-base-vec = <0>; ... }
 * A device the zone owns whose interrupt parent is gone (the platform's
 * PCH-PIC) gets the new one when its interrupt is a PCH-PIC pin
 * (<pin type>, pin < 64); that pin is wired to the zone.
 */
#include "arch/loongarch64/hwpic.h"
#include "arch/loongarch64/veiointc.h"
#include "arch/loongarch64/virq.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#include <libfdt.h>

#define CPUIC_COMPAT   "loongson,cpu-interrupt-controller"
#define EIO_COMPAT     "loongson,ls2k2000-eiointc"
#define PCH_COMPAT     "loongson,pch-pic-1.0"
#define EIO_PARENT_IRQ 3u /* cpuic hwirq 3 = HWI1 */

/* make LA_WIRED_IRQS=1: devices' pins wired (experimental: on QEMU-LVZ
 * the interrupt-driven UART starves vCPU 0's timer, docs/loongarch64-
 * linux.md); by default they lose their interrupts and are polled. */
#ifndef LA_WIRED_IRQS
#define LA_WIRED_IRQS 0
#endif

static int add_controller(void *fdt, const char *name, const char *compat,
			  u64 base, u64 size, u32 parent, u32 cells, u32 *ph)
{
	fdt32_t reg[4] = {
	    cpu_to_fdt32((u32)(base >> 32)), cpu_to_fdt32((u32)base),
	    cpu_to_fdt32((u32)(size >> 32)), cpu_to_fdt32((u32)size)};
	int node = fdt_add_subnode(fdt, 0, name);
	int err = node < 0 ? node : fdt_generate_phandle(fdt, ph);

	if (!err)
		err = fdt_setprop_string(fdt, node, "compatible", compat);
	if (!err)
		err = fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
	if (!err)
		err = fdt_setprop(fdt, node, "interrupt-controller", NULL, 0);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#interrupt-cells", cells);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "interrupt-parent", parent);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "phandle", *ph);
	return err ? err : node;
}

/* A controller node by compatible: the platform's, when the derivation
 * kept it (it keeps nodes whose "reg" the zone reaches: the PCH-PIC's is
 * cvisor's emulated range), else cvisor's own. Then its parent. */
static int find_or_add(void *fdt, const char *name, const char *compat,
		       u64 base, u64 size, u32 cells, u32 parent, u32 *ph)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, compat);
	int err;

	if (node < 0)
		return add_controller(fdt, name, compat, base, size, parent,
				      cells, ph);
	*ph = fdt_get_phandle(fdt, node);
	if (!*ph)
		return -FDT_ERR_NOTFOUND;
	err = fdt_setprop_u32(fdt, node, "interrupt-parent", parent);
	return err ? err : node;
}

static int add_pics(void *fdt, u32 *pch_ph)
{
	int cpuic = fdt_node_offset_by_compatible(fdt, -1, CPUIC_COMPAT);
	u32 eio_ph, cpuic_ph;
	int node;
	char name[32];

	if (cpuic < 0)
		return cpuic;
	cpuic_ph = fdt_get_phandle(fdt, cpuic);
	if (!cpuic_ph)
		return -FDT_ERR_NOTFOUND;
	cv_snprintf(name, sizeof(name), "eiointc@%x", VEIO_BASE);
	node = find_or_add(fdt, name, EIO_COMPAT, VEIO_BASE,
			   VEIO_END - VEIO_BASE, 1, cpuic_ph, &eio_ph);
	if (node < 0)
		return node;
	node = fdt_setprop_u32(fdt, node, "interrupts", EIO_PARENT_IRQ);
	if (node < 0)
		return node;
	cv_snprintf(name, sizeof(name), "platic@%llx",
		    (unsigned long long)HWPIC_BASE);
	node = find_or_add(fdt, name, PCH_COMPAT, HWPIC_BASE, HWPIC_SIZE, 2,
			   eio_ph, pch_ph);
	if (node < 0)
		return node;
	return fdt_setprop_u32(fdt, node, "loongson,pic-base-vec", 0);
}

static int parent_phandle(const void *fdt, int node)
{
	const fdt32_t *p;

	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		p = fdt_getprop(fdt, node, "interrupt-parent", NULL);
		if (p)
			return (int)fdt32_to_cpu(*p);
	}
	return -1;
}

/* The next node after prev with interrupts for the PCH-PIC: its parent
 * is the PCH-PIC or is gone (the platform's controller, dropped). */
static int next_device(const void *fdt, int prev, u32 pch_ph)
{
	int node;

	for (node = fdt_next_node(fdt, prev, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int ph;

		if (!fdt_getprop(fdt, node, "interrupts", NULL))
			continue;
		ph = parent_phandle(fdt, node);
		if ((pch_ph && ph == (int)pch_ph) || ph < 0 ||
		    fdt_node_offset_by_phandle(fdt, (u32)ph) < 0)
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

/* A device's <pin type> wired to the zone's PCH-PIC, or its interrupt
 * properties dropped (a guest then polls the device). Returns the node to
 * go on from, or an error. */
static bool wire_pin(const void *fdt, int node, struct zone *zone)
{
	int len;
	const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
	u32 pin = irq && len == 8 ? fdt32_to_cpu(irq[0]) : HWPIC_PINS;

	if (pin >= HWPIC_PINS || la_virq_wire_pin(zone, pin))
		return false;
	pr_info("zone %u: %s: PCH-PIC pin %u is the zone's", zone->id,
		fdt_get_name(fdt, node, NULL), pin);
	return true;
}

static int adopt(void *fdt, int node, struct zone *zone, u32 pch_ph)
{
	int err;

	if (LA_WIRED_IRQS && pch_ph && wire_pin(fdt, node, zone)) {
		err = fdt_setprop_u32(fdt, node, "interrupt-parent", pch_ph);
		return err ? err : node;
	}
	err = fdt_delprop(fdt, node, "interrupts");
	if (!err && fdt_getprop(fdt, node, "interrupt-parent", NULL))
		err = fdt_delprop(fdt, node, "interrupt-parent");
	/* deleting moved nothing before node: look again from its parent */
	return err ? err : fdt_parent_offset(fdt, node);
}

int la_fdt_add_pics(void *fdt, struct zone *zone)
{
	u32 pch_ph = 0;
	int node, err = add_pics(fdt, &pch_ph);

	if (err) {
		pr_warn("zone %u: no EIOINTC/PCH-PIC in its tree (%s): its "
			"devices are polled",
			zone->id, fdt_strerror(err));
		pch_ph = 0;
	}
	la_virq_reset(zone);
	for (node = next_device(fdt, -1, pch_ph); node >= 0;
	     node = next_device(fdt, node, pch_ph)) {
		node = adopt(fdt, node, zone, pch_ph);
		if (node < 0)
			return -CV_EINVAL;
	}
	return 0;
}
