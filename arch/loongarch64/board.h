/* What the loongarch64 arch code needs from its board (platform/<b>/). */
#ifndef CVISOR_ARCH_LOONGARCH64_BOARD_H
#define CVISOR_ARCH_LOONGARCH64_BOARD_H

#include "cvisor/types.h"

/* Power the machine off / reset it (QEMU virt: ACPI GED registers). */
void board_power_off(void);
void board_reset(void);

/* The power-management registers a zone sees at the same guest-physical
 * address (emulated: sleep control, reset). */
#define BOARD_GED_SLEEP_CTL 0
#define BOARD_GED_RESET	    2
#define BOARD_GED_SIZE	    4
paddr_t board_ged_base(void);
/* Emulate those registers in zone's MMIO table (ged.c). */
struct zone;
int ged_register(struct zone *zone);

#endif
