/* Finding the GIC and the timer interrupts in the DTB (libfdt). */
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/platform.h"
#include "drivers/irqchip/gic.h"
#include "lib/fdt_index.h"
#include "lib/fdt_util.h"

#include <libfdt.h>

struct gic_info gic;

/* The interrupt cells of a GIC: <type number flags>; type 1 = PPI. */
static u32 ppi_intid(const fdt32_t *cells, int index)
{
	return 16 + fdt32_to_cpu(cells[index * 3 + 1]);
}

/* The PMU's PPI belongs to whichever zone runs on the CPU, like the
 * timers: the counters are the vCPU's own. */
static void probe_pmu_ppi(const void *fdt)
{
	int node = cv_fdt_by_compatible(fdt, -1, "arm,armv8-pmuv3");
	const fdt32_t *cells;
	int len;

	if (node < 0)
		return;
	cells = fdt_getprop(fdt, node, "interrupts", &len);
	if (cells && len >= 12 && fdt32_to_cpu(cells[0]) == 1)
		gic.guest_ppis |= 1u << ppi_intid(cells, 0);
}

static void probe_timer_ppis(const void *fdt)
{
	int node = cv_fdt_by_compatible(fdt, -1, "arm,armv8-timer");
	const fdt32_t *cells;
	int len;

	/* Defaults of the architecture's recommended PPIs. */
	gic.guest_ppis = (1u << 27) | (1u << 30);
	if (node < 0)
		return;
	cells = fdt_getprop(fdt, node, "interrupts", &len);
	if (!cells || len < 12 * 3)
		return;
	/* Order: secure phys, non-secure phys, virtual, hyp phys. */
	gic.guest_ppis =
	    (1u << ppi_intid(cells, 1)) | (1u << ppi_intid(cells, 2));
}

static int probe_regs(const void *fdt, int node, paddr_t *base, u64 *size,
		      int count)
{
	int parent = cv_fdt_parent(fdt, node);
	u64 b;

	for (int i = 0; i < count; i++) {
		if (parent < 0 ||
		    fdt_get_reg_in(fdt, parent, node, i, &b, &size[i]))
			return -CV_ENOENT;
		base[i] = pa_init(b);
	}
	return 0;
}

/* No zone gets the GIC's frames as a passthrough device: cvisor
 * emulates the distributor and redistributors, GICH is its list
 * registers, GICC is where a zone's GICV is mapped (GICv2). */
static void claim_frames(void)
{
	platform_claim_mmio(gic.gicd, gic.gicd_size, "the GIC distributor");
	if (gic.version == 3) {
		platform_claim_mmio(gic.gicr, gic.gicr_size,
				    "the GIC redistributors");
		return;
	}
	platform_claim_mmio(gic.gicc, gic.gicc_size, "the GIC CPU interface");
	platform_claim_mmio(gic.gich, gic.gich_size,
			    "the GIC hypervisor interface");
	platform_claim_mmio(gic.gicv, gic.gicv_size,
			    "the GIC virtual CPU interface");
}

int gic_probe(const void *fdt)
{
	paddr_t base[4];
	u64 size[4];
	const fdt32_t *irq;
	int node, len;

	node = cv_fdt_by_compatible(fdt, -1, "arm,gic-v3");
	if (node >= 0) {
		gic.version = 3;
		if (probe_regs(fdt, node, base, size, 2))
			return -CV_ENOENT;
		gic.gicd = base[0];
		gic.gicd_size = size[0];
		gic.gicr = base[1];
		gic.gicr_size = size[1];
		gic.gicr_stride = 0x20000;
	} else {
		node = cv_fdt_by_compatible(fdt, -1, "arm,cortex-a15-gic");
		if (node < 0)
			return -CV_ENOENT;
		gic.version = 2;
		if (probe_regs(fdt, node, base, size, 4))
			return -CV_ENOENT;
		gic.gicd = base[0];
		gic.gicd_size = size[0];
		gic.gicc = base[1];
		gic.gicc_size = size[1];
		gic.gich = base[2];
		gic.gich_size = size[2];
		gic.gicv = base[3];
		gic.gicv_size = size[3];
	}
	claim_frames();
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	gic.maint_irq = irq && len >= 12 ? ppi_intid(irq, 0) : 25;
	probe_timer_ppis(fdt);
	probe_pmu_ppi(fdt);
	return 0;
}

/* GIC interrupt specifiers: <type number flags>, type 0 = SPI (id 32 + n),
 * 1 = PPI (id 16 + n). */
int arch_irqchip_fdt_irq(const void *fdt, int node, u32 *irq)
{
	const fdt32_t *cells;
	int len;

	cells = fdt_getprop(fdt, node, "interrupts", &len);
	if (!cells || len < 12)
		return -CV_ENOENT;
	*irq = (fdt32_to_cpu(cells[0]) == 0 ? 32 : 16) + fdt32_to_cpu(cells[1]);
	return 0;
}
