/*
 * cvisor isolation test, the hostile guest: a non-root zone that tries,
 * one after another, to reach what is not its own, and prints
 * "[hostile] attack <name>: <outcome>" for each (BREACH when one got
 * through).  Then it counts them and stops its zone with SYSTEM_OFF,
 * which must leave the victim running.  See README.md.
 */
#include "hostile.h"

#define CV_HC_ZONE_ID 2

void hostile_main(uintptr_t dtb)
{
	int gic = gic_detect();

	gprint("hello: zone %ld vcpu0 el=%lu, gic v%d: attacking\n",
	       smccc_hvc(CV_HC(CV_HC_ZONE_ID), 0, 0, 0),
	       (read_sysreg(CurrentEL) >> 2) & 3, gic);
	attack_memory();
	attack_devices();
	attack_gicd(gic);
	attack_gicr(gic);
	attack_sgis(gic);
	attack_psci();
	attack_device_tree(dtb);
	attack_console();
	attack_hypercalls();
	gprint("%u attacks, %u breaches\n", nr_attacks(), nr_breaches());
	system_off();
}
