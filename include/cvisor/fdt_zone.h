/*
 * A zone's device tree, derived from the platform's: the zone's memory,
 * its CPUs (renumbered as its vCPUs), the devices it owns or that cvisor
 * emulates for it, /chosen (bootargs, initrd, stdout); everything else is
 * dropped. The architecture adjusts what only it knows (PSCI method, GIC
 * frames) in arch_fdt_fixup() (cvisor/arch.h).
 */
#ifndef CVISOR_FDT_ZONE_H
#define CVISOR_FDT_ZONE_H

#include "cvisor/types.h"

struct zone;

/* Build the zone's DT from `platform_dtb` into buf (buf_size bytes). */
int fdt_derive_zone(const void *platform_dtb, void *buf, u64 buf_size,
		    struct zone *zone);

#endif
