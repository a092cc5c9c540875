/*
 * The legacy ISA I/O window of a zone: empty. LoongArch Linux booted from
 * a device tree (ACPI off) probes an i8042 keyboard controller at ports
 * 0x60/0x64 directly, through the ISA I/O window an "isa" node maps at the
 * bottom of PCI_IOBASE; without that window the probe faults on an
 * unmapped address and kills init. cvisor describes the window (the
 * board's LIO base, 0x18000000, 16 KiB of ports) and emulates it as a bus
 * with nothing behind it: reads return all ones, writes are dropped. Linux
 * then reads an i8042 status that never empties and says "No controller
 * found". Nothing of the machine's own I/O space is reachable.
 */
#include "arch/loongarch64/legacy_io.h"
#include "cvisor/errno.h"
#include "cvisor/fdt_zone.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#include <libfdt.h>

#define LIO_BASE 0x18000000ull
#define LIO_SIZE 0x4000ull
#define ISA_IO	 1u /* "isa" ranges: child address cell 0, bit 0 = I/O */

static int lio_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	(void)vcpu;
	(void)priv;
	if (!a->write)
		a->value = a->size >= 8 ? ~0ull : (1ull << (8 * a->size)) - 1;
	return 0;
}

int legacy_io_register(struct zone *zone)
{
	return mmio_register(&zone->mmio, ipa_init(LIO_BASE), LIO_SIZE,
			     lio_access, NULL, "isa-io");
}

/* isa@18000000 { #address-cells = <2>; #size-cells = <1>;
 *   ranges = <ISA_IO 0  0 0x18000000  0x4000>; } (root: 2 + 2 cells). */
int la_fdt_add_isa(void *fdt)
{
	fdt32_t ranges[5] = {cpu_to_fdt32(ISA_IO), 0, 0,
			     cpu_to_fdt32((u32)LIO_BASE),
			     cpu_to_fdt32((u32)LIO_SIZE)};
	char name[32];
	int node, err;

	cv_snprintf(name, sizeof(name), "isa@%llx",
		    (unsigned long long)LIO_BASE);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", "isa");
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#address-cells", 2);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#size-cells", 1);
	if (!err)
		err = fdt_setprop(fdt, node, "ranges", ranges, sizeof(ranges));
	return err;
}
