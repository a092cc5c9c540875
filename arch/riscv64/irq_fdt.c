/*
 * arch_irqchip_fdt_irq on riscv64: a device's interrupt as cvisor numbers
 * it. Under both the PLIC ("riscv,plic0", "sifive,plic-1.0.0") and the
 * APLIC ("riscv,aplic") an interrupt specifier is one cell, the source
 * number (1..1023), and cvisor's interrupt id is that number. Devices
 * wired elsewhere (an IMSIC directly, an ACLINT) have none cvisor routes.
 */
#include "cvisor/arch.h"
#include "cvisor/errno.h"

#include <libfdt.h>

static bool is_source_controller(const void *fdt, int node)
{
	static const char *const compatibles[] = {
	    "riscv,plic0", "sifive,plic-1.0.0", "riscv,aplic"};

	for (u32 i = 0; i < ARRAY_SIZE(compatibles); i++) {
		if (!fdt_node_check_compatible(fdt, node, compatibles[i]))
			return true;
	}
	return false;
}

/* interrupt-parent of node or, by inheritance, of its nearest ancestor
 * that names one (Devicetree spec 0.4, 2.4.1). */
static int interrupt_parent(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		const fdt32_t *p =
		    fdt_getprop(fdt, node, "interrupt-parent", NULL);

		if (p)
			return fdt_node_offset_by_phandle(fdt,
							  fdt32_to_cpu(*p));
	}
	return -FDT_ERR_NOTFOUND;
}

int arch_irqchip_fdt_irq(const void *fdt, int node, u32 *irq)
{
	const fdt32_t *cells;
	int len, parent = interrupt_parent(fdt, node);

	cells = fdt_getprop(fdt, node, "interrupts", &len);
	if (!cells || len < 4 || parent < 0 ||
	    !is_source_controller(fdt, parent))
		return -CV_ENOENT;
	*irq = fdt32_to_cpu(cells[0]);
	return 0;
}
