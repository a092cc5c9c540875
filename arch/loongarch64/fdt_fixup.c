/*
 * The arch part of a zone's derived device tree. LoongArch has no PSCI
 * and its CPU interrupt controller has no registers; what needs fixing is
 * the interrupt wiring: the derivation dropped the platform's EIOINTC and
 * PCH-PIC, and cvisor adds the zone's own (fdt_pics.c); a passed-through
 * device (the UART) is wired to them. The board's power registers are
 * added as syscon power-off/reboot nodes (fdt_power.c).
 */
#include "arch/loongarch64/legacy_io.h"
#include "arch/loongarch64/virq.h"
#include "cvisor/errno.h"
#include "cvisor/arch.h"
#include "cvisor/fdt_zone.h"

#include <libfdt.h>

int arch_fdt_copy_node(struct arch_fdt_copy *a, const void *platform_dtb,
		       const struct zone *zone,
		       const struct fdt_raw_node *parent,
		       const struct fdt_raw_node *node,
		       struct fdt_copy_node *out)
{
	(void)a, (void)platform_dtb, (void)zone, (void)parent, (void)node;
	(void)out;
	return 0; /* everything is done on the copy (arch_fdt_fixup) */
}

int arch_fdt_fixup(void *fdt, struct zone *zone, const struct arch_fdt_copy *a)
{
	(void)a;
	if (la_fdt_add_pics(fdt, zone))
		return -CV_EINVAL;
	if (la_fdt_add_power(fdt) || la_fdt_add_isa(fdt))
		return -CV_EINVAL;
	return 0;
}
