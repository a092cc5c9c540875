/* The zone's empty legacy ISA I/O window and its device-tree node
 * (legacy_io.c); the board's power registers as syscon nodes
 * (fdt_power.c). */
#ifndef CVISOR_ARCH_LOONGARCH64_LEGACY_IO_H
#define CVISOR_ARCH_LOONGARCH64_LEGACY_IO_H

struct zone;

int legacy_io_register(struct zone *zone);
/* Add isa@18000000 to fdt; 0 or a libfdt error. */
int la_fdt_add_isa(void *fdt);
/* Add the syscon power controller, poweroff and reboot nodes. */
int la_fdt_add_power(void *fdt);

#endif
