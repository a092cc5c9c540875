/*
 * What core/fdt_zone.c and arch/aarch64/fdt_fixup.c read from the rest of
 * cvisor, for the host programs that run them on QEMU's trees
 * (tests/unit/test_fdt_zone.c, tests/fuzz/fuzz_fdt_zone.c): the platform
 * and GIC descriptions the program fills in, the CPU lookup over them, and
 * a GICD handler that does nothing. Include it once per program; each
 * defines its own mgmt_window.
 */
#ifndef CVISOR_TESTS_FDT_ZONE_STUBS_H
#define CVISOR_TESTS_FDT_ZONE_STUBS_H

#include "cvisor/platform.h"
#include "drivers/irqchip/gic.h"

struct platform platform;
struct gic_info gic;

int platform_cpu_by_hwid(u64 hwid)
{
	for (u32 i = 0; i < platform.nr_cpus; i++) {
		if (platform.cpu_hwid[i] == hwid)
			return (int)i;
	}
	return -1;
}

static int gicd_handler(struct vcpu *v, struct mmio_access *a, void *p)
{
	(void)v;
	(void)a;
	(void)p;
	return 0;
}

#endif
