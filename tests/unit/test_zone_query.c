/*
 * Unit tests for core/zone_query.c: guest-physical to host-physical
 * translation through a zone's RAM regions, interrupt ownership and
 * virtual MPIDRs, on a fake zone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "cvisor/zone.h"

#define NO_PA 0xdeadbeefull

static struct cv_zone_config config;
static struct zone zone;

/* RAM [1 GiB, +16 MiB) at host 0x50000000, directly followed in the guest
 * by [1 GiB + 16 MiB, +1 MiB) at host 0x60000000; a third region apart. */
static int setup_zone(void **state)
{
	(void)state;
	memset(&config, 0, sizeof(config));
	memset(&zone, 0, sizeof(zone));
	config.nr_mem = 3;
	config.mem[0] = (struct cv_mem_region){0x40000000, 0x50000000, MiB(16),
					       CV_MEM_RWX, 0};
	config.mem[1] = (struct cv_mem_region){0x41000000, 0x60000000, MiB(1),
					       CV_MEM_RWX, 0};
	config.mem[2] = (struct cv_mem_region){0x80000000, 0x70000000, KiB(4),
					       CV_MEM_READ, 0};
	zone.cfg = &config;
	zone.nr_vcpus = 2;
	return 0;
}

static u64 translate(u64 ipa, u64 size)
{
	paddr_t pa = pa_init(NO_PA);

	assert_true(zone_ipa_to_pa(&zone, ipa_init(ipa), size, &pa));
	return pa_addr(pa);
}

static bool translates(u64 ipa, u64 size)
{
	paddr_t pa = pa_init(NO_PA);

	return zone_ipa_to_pa(&zone, ipa_init(ipa), size, &pa);
}

/* ---- zone_ipa_to_pa ---- */

static void test_ipa_first_and_last_byte(void **state)
{
	(void)state;
	assert_int_equal(translate(0x40000000, 1), 0x50000000);
	assert_int_equal(translate(0x40ffffff, 1), 0x50ffffff);
	assert_int_equal(translate(0x40000000, MiB(16)), 0x50000000);
	assert_int_equal(translate(0x41000000, 8), 0x60000000);
	assert_int_equal(translate(0x410ffff8, 8), 0x600ffff8);
	assert_int_equal(translate(0x80000fff, 1), 0x70000fff);
}

static void test_ipa_outside_every_region(void **state)
{
	(void)state;
	assert_false(translates(0x3fffffff, 1));
	assert_false(translates(0x41100000, 1));
	assert_false(translates(0x80001000, 4));
	assert_false(translates(0x0, 4));
	assert_false(translates(UINT64_MAX, 1));
	assert_false(translates(0x7fffffff, 2));
}

/* Contiguous in the guest, not in the host: one access cannot span. */
static void test_ipa_straddling_two_regions(void **state)
{
	(void)state;
	assert_false(translates(0x40fffffc, 8));
	assert_false(translates(0x40ffffff, 2));
	assert_false(translates(0x40000000, MiB(17)));
	assert_false(translates(0x80000ffc, 8));
}

static void test_ipa_size_zero_or_huge(void **state)
{
	(void)state;
	assert_false(translates(0x40000000, 0));
	assert_false(translates(0x40001000, 0));
	assert_false(translates(0x40000000, UINT64_MAX));
	assert_false(translates(0x40ffffff, UINT64_MAX));
	assert_false(translates(0x40000000, MiB(16) + 1));
}

static void test_ipa_zone_without_memory(void **state)
{
	(void)state;
	config.nr_mem = 0;
	assert_false(translates(0x40000000, 4));
}

/* ---- zone_ram_access: the region's permissions ---- */

static int ram_access(u64 ipa, u64 size, u32 need)
{
	paddr_t pa = pa_init(NO_PA);
	int err = zone_ram_access(&zone, ipa_init(ipa), size, need, &pa);

	assert_true(err || pa_addr(pa) != NO_PA);
	return err;
}

static void test_access_needs_every_flag(void **state)
{
	(void)state;
	assert_int_equal(ram_access(0x40000000, 64, CV_MEM_WRITE), 0);
	assert_int_equal(ram_access(0x40000000, 64, CV_MEM_RWX), 0);
	assert_int_equal(ram_access(0x80000000, 64, CV_MEM_READ), 0);
	assert_int_equal(ram_access(0x80000000, 64, 0), 0);
	assert_int_equal(ram_access(0x80000fc0, 64, CV_MEM_WRITE), -CV_EPERM);
	assert_int_equal(ram_access(0x80000000, 1, CV_MEM_READ | CV_MEM_WRITE),
			 -CV_EPERM);
	assert_int_equal(ram_access(0x80000000, 4, CV_MEM_EXEC), -CV_EPERM);
}

/* Outside RAM, across two regions, past 2^64: EINVAL, whatever the need. */
static void test_access_whole_range_in_one_region(void **state)
{
	(void)state;
	assert_int_equal(ram_access(0x80001000, 8, CV_MEM_WRITE), -CV_EINVAL);
	assert_int_equal(ram_access(0x40fffffc, 8, CV_MEM_WRITE), -CV_EINVAL);
	assert_int_equal(ram_access(0x80000ffc, 8, CV_MEM_READ), -CV_EINVAL);
	assert_int_equal(ram_access(UINT64_MAX - 7, 64, 0), -CV_EINVAL);
	assert_int_equal(ram_access(0x40000000, UINT64_MAX, 0), -CV_EINVAL);
	assert_int_equal(ram_access(0x40000000, 0, 0), -CV_EINVAL);
}

/* ---- zone_owns_irq ---- */

static void set_irq(u32 irq)
{
	zone.irq_bitmap[irq / 64] |= 1ull << (irq % 64);
}

static void test_owns_irq(void **state)
{
	(void)state;
	set_irq(33);
	set_irq(64);
	set_irq(1023);
	assert_true(zone_owns_irq(&zone, 33));
	assert_true(zone_owns_irq(&zone, 64));
	assert_true(zone_owns_irq(&zone, 1023));
	assert_false(zone_owns_irq(&zone, 32));
	assert_false(zone_owns_irq(&zone, 34));
	assert_false(zone_owns_irq(&zone, 63));
	assert_false(zone_owns_irq(&zone, 65));
	assert_false(zone_owns_irq(&zone, 0));
}

static void test_owns_no_irq_beyond_1023(void **state)
{
	(void)state;
	memset(zone.irq_bitmap, 0xff, sizeof(zone.irq_bitmap));
	assert_true(zone_owns_irq(&zone, 1023));
	assert_false(zone_owns_irq(&zone, 1024));
	assert_false(zone_owns_irq(&zone, 1088));
	assert_false(zone_owns_irq(&zone, UINT32_MAX));
}

/* ---- zone_vcpu_by_mpidr ---- */

static void test_vcpu_by_mpidr(void **state)
{
	(void)state;
	assert_ptr_equal(zone_vcpu_by_mpidr(&zone, 0), &zone.vcpus[0]);
	assert_ptr_equal(zone_vcpu_by_mpidr(&zone, 1), &zone.vcpus[1]);
	assert_null(zone_vcpu_by_mpidr(&zone, 2));
	assert_null(zone_vcpu_by_mpidr(&zone, 0xff));
}

/* Bit 31 (RES1), U (30) and MT (24) are not affinity. */
static void test_vcpu_by_mpidr_ignores_non_affinity_bits(void **state)
{
	(void)state;
	assert_ptr_equal(zone_vcpu_by_mpidr(&zone, 0x80000000u),
			 &zone.vcpus[0]);
	assert_ptr_equal(zone_vcpu_by_mpidr(&zone, 0x80000001u),
			 &zone.vcpus[1]);
	assert_ptr_equal(zone_vcpu_by_mpidr(&zone, 0xc1000001u),
			 &zone.vcpus[1]);
}

static void test_vcpu_by_mpidr_higher_affinity_is_not_ours(void **state)
{
	(void)state;
	assert_null(zone_vcpu_by_mpidr(&zone, 0x100));
	assert_null(zone_vcpu_by_mpidr(&zone, 0x80000101u));
	assert_null(zone_vcpu_by_mpidr(&zone, 0x10000));
	assert_null(zone_vcpu_by_mpidr(&zone, 1ull << 32));
	assert_null(zone_vcpu_by_mpidr(&zone, 0xff00000000ull | 1));
}

#define ZONE_TEST(fn) cmocka_unit_test_setup(fn, setup_zone)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    ZONE_TEST(test_ipa_first_and_last_byte),
	    ZONE_TEST(test_ipa_outside_every_region),
	    ZONE_TEST(test_ipa_straddling_two_regions),
	    ZONE_TEST(test_ipa_size_zero_or_huge),
	    ZONE_TEST(test_ipa_zone_without_memory),
	    ZONE_TEST(test_access_needs_every_flag),
	    ZONE_TEST(test_access_whole_range_in_one_region),
	    ZONE_TEST(test_owns_irq),
	    ZONE_TEST(test_owns_no_irq_beyond_1023),
	    ZONE_TEST(test_vcpu_by_mpidr),
	    ZONE_TEST(test_vcpu_by_mpidr_ignores_non_affinity_bits),
	    ZONE_TEST(test_vcpu_by_mpidr_higher_affinity_is_not_ours),
	};

	return cmocka_run_group_tests_name("zone_query", tests, NULL, NULL);
}
