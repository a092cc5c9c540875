/*
 * Unit tests for drivers/irqchip/vgic_virtual.c: virtual SPIs of emulated
 * devices (level-sensitive lines, injected while high and enabled, again
 * at each EOI), and their state across a zone stop. vgic_deliver (the
 * injection) is a fake that counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/irqchip/vgic.h"

#define DOORBELL 40

struct gic_info gic;
static struct zone zone;
static struct vgic_dist dist;
static int delivered;
static u32 last_intid;

void vgic_deliver(struct vcpu *target, u32 vintid, u32 source)
{
	(void)source;
	assert_ptr_equal(target, &zone.vcpus[0]);
	last_intid = vintid;
	delivered++;
}

static int setup(void **state)
{
	(void)state;
	memset(&zone, 0, sizeof(zone));
	memset(&dist, 0, sizeof(dist));
	gic.version = 3;
	zone.nr_vcpus = 1;
	zone.vcpus[0].zone = &zone;
	zone.arch.vgic = &dist;
	dist.zone = &zone;
	dist.lock = (spinlock_t)SPINLOCK_INIT;
	vgic_add_virtual_spi(&zone, DOORBELL);
	delivered = 0;
	return 0;
}

/* A pulse (the IVC doorbell): one injection; none again until the EOI. */
static void test_pulse_injects_once_until_eoi(void **state)
{
	(void)state;
	vgic_enable_virtual_spi(&dist, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	assert_int_equal(delivered, 1);
	assert_int_equal(last_intid, DOORBELL);
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	assert_int_equal(delivered, 1); /* still in flight */
	vgic_virtual_eoi(&zone, DOORBELL);
	vgic_set_level(&zone, DOORBELL, true);
	assert_int_equal(delivered, 2);
}

/* Found by the soak: a zone stopped while a doorbell was in a list
 * register (no EOI will ever come) heard no doorbell after a restart. */
static void test_stop_forgets_what_was_in_flight(void **state)
{
	(void)state;
	vgic_enable_virtual_spi(&dist, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	assert_int_equal(delivered, 1);
	vgic_zone_stopped(&zone);
	vgic_enable_virtual_spi(&dist, DOORBELL, true); /* the next boot */
	vgic_set_level(&zone, DOORBELL, true);
	assert_int_equal(delivered, 2);
}

/* Issue 12: a device raised its line while the zone was stopped (a virtio
 * completion during `zone restart`). The vCPU is off, so an injection
 * would be dropped; it must not be marked in flight either, or the next
 * boot never gets that interrupt. The stop disables the line (a
 * distributor reset); the next boot enables it and hears it. */
static void test_line_raised_while_stopped_is_not_lost(void **state)
{
	(void)state;
	vgic_enable_virtual_spi(&dist, DOORBELL, true);
	vgic_zone_stopped(&zone);
	assert_false(bitmap_test(dist.venabled, DOORBELL));
	vgic_set_level(&zone, DOORBELL, true);
	assert_int_equal(delivered, 0);
	assert_false(bitmap_test(dist.vinflight, DOORBELL));
	vgic_set_level(&zone, DOORBELL, false); /* the device's reset */
	vgic_enable_virtual_spi(&dist, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, true); /* the first completion */
	assert_int_equal(delivered, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_pulse_injects_once_until_eoi, setup),
	    cmocka_unit_test_setup(test_stop_forgets_what_was_in_flight, setup),
	    cmocka_unit_test_setup(test_line_raised_while_stopped_is_not_lost,
				   setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
