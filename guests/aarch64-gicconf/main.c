/*
 * cvisor GIC/PSCI conformance guest (README.md): checks, register by
 * register, what the architecture says a guest reads back from the
 * distributor (GICv2 or GICv3), the redistributors (GICv3) and PSCI.
 */
#include "conf.h"

const char con_prefix[] = "[gicconf] ";

static unsigned int passed, failed;
uint32_t prio_mask;

void check(const char *rule, uint64_t got, uint64_t expect)
{
	if (got == expect) {
		passed++;
		gprint("ok %s\n", rule);
		return;
	}
	failed++;
	gprint("FAIL %s: read 0x%lx, expected 0x%lx\n", rule, got, expect);
}

void check_true(const char *rule, bool cond, uint64_t seen)
{
	if (cond) {
		passed++;
		gprint("ok %s\n", rule);
		return;
	}
	failed++;
	gprint("FAIL %s: read 0x%lx\n", rule, seen);
}

void read_only(const char *rule, uintptr_t a)
{
	uint32_t before = r32(a);

	w32(a, ~before);
	check(rule, r32(a), before);
}

void raz_wi(const char *rule, uintptr_t a)
{
	w32(a, 0xffffffffU);
	check(rule, r32(a), 0);
}

void conf_main(void)
{
	int version = gic_detect();

	gprint("gic v%d, %u vCPUs, SPIs %u-%u\n", version, NR_VCPUS, OWN_FIRST,
	       OWN_LAST);
	gicd_checks(version);
	if (version == 3)
		gicr_checks();
	psci_checks();
	gprint("checks: %u ok, %u failed\n", passed, failed);
	system_off();
}
