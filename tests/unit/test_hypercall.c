/*
 * Unit tests for core/hypercall.c: cvisor's own hypercalls, as dispatched
 * after the arch layer decoded them, from a vCPU of a fake zone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/hypercall.h"
#include "cvisor/zone.h"

static struct zone zone;

static int setup_zone(void **state)
{
	(void)state;
	memset(&zone, 0, sizeof(zone));
	zone.id = 5;
	zone.nr_vcpus = 1;
	zone.vcpus[0].zone = &zone;
	return 0;
}

static s64 hypercall(u32 code, u64 a1, u64 a2, u64 a3)
{
	return hypercall_dispatch(&zone.vcpus[0], code, a1, a2, a3);
}

static void test_version(void **state)
{
	(void)state;
	assert_int_equal(hypercall(CV_HC_VERSION, 0, 0, 0), 0x00010000);
	assert_int_equal(CV_ABI_VERSION, 0x00010000);
}

static void test_nop(void **state)
{
	(void)state;
	assert_int_equal(hypercall(CV_HC_NOP, 0, 0, 0), 0);
	assert_int_equal(hypercall(CV_HC_NOP, UINT64_MAX, 1, 2), 0);
}

static void test_zone_id_is_the_callers(void **state)
{
	(void)state;
	assert_int_equal(hypercall(CV_HC_ZONE_ID, 0, 0, 0), 5);
	zone.id = 0;
	assert_int_equal(hypercall(CV_HC_ZONE_ID, 0, 0, 0), 0);
	zone.id = 7;
	assert_int_equal(hypercall(CV_HC_ZONE_ID, 9, 9, 9), 7);
}

static void test_unknown_code(void **state)
{
	static const u32 codes[] = {3,	     4,		0x100, CV_HC_CODE_MASK,
				    0x10000, UINT32_MAX};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(codes); i++)
		assert_int_equal(hypercall(codes[i], 0, 0, 0), -1);
	assert_int_equal(CV_HC_ENOSYS, -1);
}

#define ZONE_TEST(fn) cmocka_unit_test_setup(fn, setup_zone)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    ZONE_TEST(test_version),
	    ZONE_TEST(test_nop),
	    ZONE_TEST(test_zone_id_is_the_callers),
	    ZONE_TEST(test_unknown_code),
	};

	return cmocka_run_group_tests_name("hypercall", tests, NULL, NULL);
}
