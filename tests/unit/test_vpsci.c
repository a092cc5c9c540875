/*
 * Unit tests for arch/aarch64/vpsci.c (with the real core/zone_query.c):
 * PSCI 1.1 and SMCCC 1.1 calls from a guest vCPU of a fake two-vCPU zone.
 * The functions vpsci.c calls outside those files are fakes below that
 * record their calls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/aarch64/psci_host.h"
#include "arch/aarch64/vpsci.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

#define RAM_IPA			0x40000000ull
#define RAM_SIZE		MiB(16)
#define ROM_IPA			0x80000000ull
#define ROM_SIZE		MiB(1)
#define GOOD_ENTRY		0x40080000ull
#define CONTEXT_ID		0x1122334455667788ull
#define PSCI_MIGRATE		0x84000005u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define SMCCC_ARCH_WORKAROUND_1 0x80008000u

/* ---- fakes of what vpsci.c calls ---- */

static struct {
	u32 start_calls;
	struct vcpu *start_target;
	u64 start_entry, start_arg;
	int start_result;
	u32 stop_calls, shutdown_calls, reboot_calls, log_calls;
	struct zone *shutdown_zone, *reboot_zone;
	jmp_buf stopped;
} fake;

int vcpu_request_start(struct vcpu *target, u64 entry, u64 arg)
{
	fake.start_calls++;
	fake.start_target = target;
	fake.start_entry = entry;
	fake.start_arg = arg;
	return fake.start_result;
}

/* CPU_OFF does not return: leave through the test's setjmp. */
_Noreturn void vcpu_stop_self(void)
{
	fake.stop_calls++;
	longjmp(fake.stopped, 1);
}

void zone_shutdown(struct zone *zone)
{
	fake.shutdown_calls++;
	fake.shutdown_zone = zone;
}

void zone_reboot(struct zone *zone)
{
	fake.reboot_calls++;
	fake.reboot_zone = zone;
}

void log_printf(const char *level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	fake.log_calls++;
}

_Noreturn void check_failed(const char *file, int line, const char *what)
{
	fail_msg("CHECK failed at %s:%d: %s", file, line, what);
	abort();
}

/* ---- the zone ---- */

static struct cv_zone_config config;
static struct zone zone;

static int setup_zone(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	memset(&config, 0, sizeof(config));
	memset(&zone, 0, sizeof(zone));
	config.nr_mem = 2;
	config.mem[0] = (struct cv_mem_region){.ipa = RAM_IPA,
					       .pa = 0x50000000,
					       .size = RAM_SIZE,
					       .flags = CV_MEM_RWX};
	config.mem[1] = (struct cv_mem_region){.ipa = ROM_IPA,
					       .pa = 0x60000000,
					       .size = ROM_SIZE,
					       .flags = CV_MEM_READ};
	zone.id = 3;
	zone.cfg = &config;
	zone.nr_vcpus = 2;
	for (u32 i = 0; i < zone.nr_vcpus; i++) {
		zone.vcpus[i].id = i;
		zone.vcpus[i].zone = &zone;
	}
	zone.vcpus[0].state = VCPU_ON;
	zone.vcpus[1].state = VCPU_OFF;
	return 0;
}

static s64 call(u32 fid, u64 a1, u64 a2, u64 a3)
{
	return vpsci_call(&zone.vcpus[0], fid, a1, a2, a3);
}

/* ---- discovery ---- */

static void test_psci_version_is_1_1(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_VERSION, 0, 0, 0), 0x10001);
}

static void test_features_of_supported_functions(void **state)
{
	static const u32 supported[] = {
	    PSCI_VERSION,	   PSCI_CPU_SUSPEND_64,
	    PSCI_CPU_OFF,	   PSCI_CPU_ON_64,
	    PSCI_CPU_ON_32,	   PSCI_AFFINITY_INFO_64,
	    PSCI_AFFINITY_INFO_32, PSCI_MIGRATE_INFO_TYPE,
	    PSCI_SYSTEM_OFF,	   PSCI_SYSTEM_RESET,
	    PSCI_FEATURES,	   SMCCC_VERSION,
	};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(supported); i++)
		assert_int_equal(call(PSCI_FEATURES, supported[i], 0, 0),
				 PSCI_SUCCESS);
}

static void test_features_of_unsupported_functions(void **state)
{
	static const u32 unsupported[] = {
	    PSCI_MIGRATE,
	    0xc4000005u, /* MIGRATE */
	    0x8400000bu, /* CPU_FREEZE */
	    0xc400000eu, /* SYSTEM_SUSPEND */
	    0x84000012u, /* SYSTEM_RESET2 */
	    SMCCC_ARCH_WORKAROUND_1,
	    0x0u,
	    0xffffffffu,
	};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(unsupported); i++)
		assert_int_equal(call(PSCI_FEATURES, unsupported[i], 0, 0),
				 PSCI_NOT_SUPPORTED);
}

static void test_smccc_version_and_arch_features(void **state)
{
	(void)state;
	assert_int_equal(call(SMCCC_VERSION, 0, 0, 0), 0x10001);
	assert_int_equal(call(SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0), 0);
	assert_int_equal(
	    call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0),
	    SMCCC_NOT_SUPPORTED);
	assert_int_equal(call(SMCCC_ARCH_FEATURES, 0x80007fffu, 0, 0),
			 SMCCC_NOT_SUPPORTED);
}

static void test_unknown_function_is_not_supported(void **state)
{
	(void)state;
	assert_int_equal(call(0x84000099u, 0, 0, 0), PSCI_NOT_SUPPORTED);
	assert_int_equal(call(PSCI_MIGRATE, 1, 0, 0), PSCI_NOT_SUPPORTED);
	assert_int_equal(call(0xc6000000u, 0, 0, 0), PSCI_NOT_SUPPORTED);
	assert_int_equal(
	    fake.start_calls + fake.shutdown_calls + fake.reboot_calls, 0);
}

static void test_migrate_info_type_and_suspend(void **state)
{
	(void)state;
	/* 2: no Trusted OS that would need migrating. */
	assert_int_equal(call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	assert_int_equal(call(PSCI_CPU_SUSPEND_64, 0, GOOD_ENTRY, 0),
			 PSCI_SUCCESS);
	assert_int_equal(fake.stop_calls, 0);
}

static void test_is_psci(void **state)
{
	(void)state;
	assert_true(vpsci_is_psci(PSCI_VERSION));
	assert_true(vpsci_is_psci(PSCI_CPU_ON_64));
	assert_true(vpsci_is_psci(0x8400001fu));
	assert_true(vpsci_is_psci(0xc400001fu));
	assert_false(vpsci_is_psci(0x84000020u));
	assert_false(vpsci_is_psci(SMCCC_VERSION));
	assert_false(vpsci_is_psci(0xc6000000u)); /* hypervisor service */
	assert_false(vpsci_is_psci(0x85000000u)); /* entity 5 */
	assert_false(vpsci_is_psci(0x83000000u)); /* entity 3 */
}

/* ---- CPU_ON ---- */

static void test_cpu_on_starts_target(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_CPU_ON_64, 1, GOOD_ENTRY, CONTEXT_ID),
			 PSCI_SUCCESS);
	assert_int_equal(fake.start_calls, 1);
	assert_ptr_equal(fake.start_target, &zone.vcpus[1]);
	assert_int_equal(fake.start_entry, GOOD_ENTRY);
	assert_int_equal(fake.start_arg, CONTEXT_ID);
}

static void test_cpu_on_32_and_mpidr_bit_31(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_CPU_ON_32, 0x80000001u, RAM_IPA, 7),
			 PSCI_SUCCESS);
	assert_ptr_equal(fake.start_target, &zone.vcpus[1]);
	assert_int_equal(fake.start_entry, RAM_IPA);
	assert_int_equal(fake.start_arg, 7);
}

static void test_cpu_on_target_outside_zone(void **state)
{
	static const u64 targets[] = {2, 5, 0x100, 0x10000, 1ull << 32};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(targets); i++)
		assert_int_equal(
		    call(PSCI_CPU_ON_64, targets[i], GOOD_ENTRY, 0),
		    PSCI_INVALID_PARAMETERS);
	assert_int_equal(fake.start_calls, 0);
}

static void test_cpu_on_entry_outside_zone_memory(void **state)
{
	static const u64 entries[] = {
	    0x0,
	    RAM_IPA - 4,
	    RAM_IPA + RAM_SIZE, /* one past RAM */
	    ROM_IPA + ROM_SIZE, /* one past ROM */
	    0x50000000,		/* the host address of RAM */
	    UINT64_MAX - 3,
	};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(entries); i++)
		assert_int_equal(call(PSCI_CPU_ON_64, 1, entries[i], 0),
				 PSCI_INVALID_ADDRESS);
	assert_int_equal(fake.start_calls, 0);
}

static void test_cpu_on_misaligned_entry(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_CPU_ON_64, 1, GOOD_ENTRY + 2, 0),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(call(PSCI_CPU_ON_64, 1, GOOD_ENTRY + 1, 0),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(fake.start_calls, 0);
	/* The last word of RAM is a valid entry. */
	assert_int_equal(call(PSCI_CPU_ON_64, 1, RAM_IPA + RAM_SIZE - 4, 0),
			 PSCI_SUCCESS);
}

/* The target checks come first: a bad target with a bad entry. */
static void test_cpu_on_bad_target_and_bad_entry(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_CPU_ON_64, 5, 0x3, 0),
			 PSCI_INVALID_PARAMETERS);
}

static void test_cpu_on_busy_target_already_on(void **state)
{
	(void)state;
	fake.start_result = -CV_EBUSY;
	zone.vcpus[1].state = VCPU_ON;
	assert_int_equal(call(PSCI_CPU_ON_64, 1, GOOD_ENTRY, 0),
			 PSCI_ALREADY_ON);
	assert_int_equal(fake.start_calls, 1);
}

static void test_cpu_on_busy_target_on_pending(void **state)
{
	(void)state;
	fake.start_result = -CV_EBUSY;
	zone.vcpus[1].state = VCPU_ON_PENDING;
	assert_int_equal(call(PSCI_CPU_ON_64, 1, GOOD_ENTRY, 0),
			 PSCI_ON_PENDING);
}

static void test_cpu_on_other_failure_is_internal(void **state)
{
	(void)state;
	fake.start_result = -CV_EINVAL;
	assert_int_equal(call(PSCI_CPU_ON_64, 1, GOOD_ENTRY, 0),
			 PSCI_INTERNAL_FAILURE);
}

static void test_check_cpu_on_has_no_side_effects(void **state)
{
	struct vcpu *target = NULL;

	(void)state;
	assert_int_equal(vpsci_check_cpu_on(&zone, 1, GOOD_ENTRY, &target),
			 PSCI_SUCCESS);
	assert_ptr_equal(target, &zone.vcpus[1]);
	assert_int_equal(vpsci_check_cpu_on(&zone, 0, 0x1000, &target),
			 PSCI_INVALID_ADDRESS);
	assert_int_equal(fake.start_calls, 0);
	assert_int_equal(zone.vcpus[1].state, VCPU_OFF);
}

/* ---- AFFINITY_INFO ---- */

static void test_affinity_info_states(void **state)
{
	(void)state;
	zone.vcpus[1].state = VCPU_ON;
	assert_int_equal(call(PSCI_AFFINITY_INFO_64, 1, 0, 0), 0);
	zone.vcpus[1].state = VCPU_OFF;
	assert_int_equal(call(PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
	zone.vcpus[1].state = VCPU_ON_PENDING;
	assert_int_equal(call(PSCI_AFFINITY_INFO_32, 1, 0, 0), 2);
	assert_int_equal(call(PSCI_AFFINITY_INFO_32, 0x80000000u, 0, 0), 0);
}

static void test_affinity_info_bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_AFFINITY_INFO_64, 1, 1, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call(PSCI_AFFINITY_INFO_64, 0, 3, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call(PSCI_AFFINITY_INFO_64, 5, 0, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call(PSCI_AFFINITY_INFO_32, 0x100, 0, 0),
			 PSCI_INVALID_PARAMETERS);
}

/* ---- power off, reset, CPU_OFF ---- */

static void test_system_off_and_reset_reach_the_zone(void **state)
{
	(void)state;
	/* The fakes return, which the real ones do not for the last zone. */
	assert_int_equal(call(PSCI_SYSTEM_OFF, 0, 0, 0), PSCI_INTERNAL_FAILURE);
	assert_int_equal(fake.shutdown_calls, 1);
	assert_ptr_equal(fake.shutdown_zone, &zone);
	assert_int_equal(call(PSCI_SYSTEM_RESET, 0, 0, 0),
			 PSCI_INTERNAL_FAILURE);
	assert_int_equal(fake.reboot_calls, 1);
	assert_ptr_equal(fake.reboot_zone, &zone);
}

static void test_cpu_off_stops_the_caller(void **state)
{
	volatile s64 result = 12345;

	(void)state;
	if (!setjmp(fake.stopped))
		result = call(PSCI_CPU_OFF, 0, 0, 0);
	assert_int_equal(fake.stop_calls, 1);
	assert_int_equal(result, 12345);
}

#define ZONE_TEST(fn) cmocka_unit_test_setup(fn, setup_zone)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    ZONE_TEST(test_psci_version_is_1_1),
	    ZONE_TEST(test_features_of_supported_functions),
	    ZONE_TEST(test_features_of_unsupported_functions),
	    ZONE_TEST(test_smccc_version_and_arch_features),
	    ZONE_TEST(test_unknown_function_is_not_supported),
	    ZONE_TEST(test_migrate_info_type_and_suspend),
	    ZONE_TEST(test_is_psci),
	    ZONE_TEST(test_cpu_on_starts_target),
	    ZONE_TEST(test_cpu_on_32_and_mpidr_bit_31),
	    ZONE_TEST(test_cpu_on_target_outside_zone),
	    ZONE_TEST(test_cpu_on_entry_outside_zone_memory),
	    ZONE_TEST(test_cpu_on_misaligned_entry),
	    ZONE_TEST(test_cpu_on_bad_target_and_bad_entry),
	    ZONE_TEST(test_cpu_on_busy_target_already_on),
	    ZONE_TEST(test_cpu_on_busy_target_on_pending),
	    ZONE_TEST(test_cpu_on_other_failure_is_internal),
	    ZONE_TEST(test_check_cpu_on_has_no_side_effects),
	    ZONE_TEST(test_affinity_info_states),
	    ZONE_TEST(test_affinity_info_bad_arguments),
	    ZONE_TEST(test_system_off_and_reset_reach_the_zone),
	    ZONE_TEST(test_cpu_off_stops_the_caller),
	};

	return cmocka_run_group_tests_name("vpsci", tests, NULL, NULL);
}
