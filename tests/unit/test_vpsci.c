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
#define PSCI_CPU_SUSPEND_32	0x84000001u
#define PSCI_SYSTEM_RESET2_32	0x84000012u
#define PSCI_SYSTEM_RESET2_64	0xc4000012u
#define POWERDOWN		(1u << 16)

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
	    PSCI_CPU_SUSPEND_32,   PSCI_SYSTEM_RESET2_32,
	    PSCI_SYSTEM_RESET2_64,
	};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(supported); i++)
		assert_int_equal(call(PSCI_FEATURES, supported[i], 0, 0),
				 PSCI_SUCCESS);
}

/* Every PSCI 1.1 function cvisor does not implement, and the SMC64
 * forms of functions that have only an SMC32 one (DEN0022 5.1). */
static const u32 unsupported[] = {
    PSCI_MIGRATE, 0xc4000005u, /* MIGRATE */
    0x84000007u,	       /* MIGRATE_INFO_UP_CPU */
    0xc4000007u,  0x8400000bu, /* CPU_FREEZE */
    0x8400000cu,	       /* CPU_DEFAULT_SUSPEND */
    0xc400000cu,  0x8400000du, /* NODE_HW_STATE */
    0xc400000du,  0x8400000eu, /* SYSTEM_SUSPEND */
    0xc400000eu,  0x8400000fu, /* PSCI_SET_SUSPEND_MODE */
    0x84000010u,	       /* PSCI_STAT_RESIDENCY */
    0xc4000010u,  0x84000011u, /* PSCI_STAT_COUNT */
    0xc4000011u,  0x84000013u, /* MEM_PROTECT */
    0x84000014u,	       /* MEM_PROTECT_CHECK_RANGE */
    0xc4000014u,  0xc4000000u, /* PSCI_VERSION has no SMC64 form */
    0xc4000002u,	       /* CPU_OFF */
    0xc4000006u,	       /* MIGRATE_INFO_TYPE */
    0xc4000008u,	       /* SYSTEM_OFF */
    0xc4000009u,	       /* SYSTEM_RESET */
    0xc400000au,	       /* PSCI_FEATURES */
};

static void test_features_of_unsupported_functions(void **state)
{
	static const u32 others[] = {SMCCC_ARCH_WORKAROUND_1, 0x0u,
				     0xffffffffu};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(unsupported); i++)
		assert_int_equal(call(PSCI_FEATURES, unsupported[i], 0, 0),
				 PSCI_NOT_SUPPORTED);
	for (u32 i = 0; i < ARRAY_SIZE(others); i++)
		assert_int_equal(call(PSCI_FEATURES, others[i], 0, 0),
				 PSCI_NOT_SUPPORTED);
}

/* What PSCI_FEATURES says, the call does: each unsupported function
 * answers NOT_SUPPORTED and does nothing. */
static void test_unsupported_functions_answer_not_supported(void **state)
{
	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(unsupported); i++)
		assert_int_equal(call(unsupported[i], 1, GOOD_ENTRY, 0),
				 PSCI_NOT_SUPPORTED);
	assert_int_equal(fake.start_calls + fake.shutdown_calls +
			     fake.reboot_calls + fake.stop_calls,
			 0);
}

/* CPU_SUSPEND's flags: original StateID format [0] = 0, no OS-initiated
 * mode [1] = 0 (platform-coordinated only). */
static void test_features_cpu_suspend_flags(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_FEATURES, PSCI_CPU_SUSPEND_64, 0, 0), 0);
	assert_int_equal(call(PSCI_FEATURES, PSCI_CPU_SUSPEND_32, 0, 0), 0);
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

/* ---- CPU_SUSPEND: one state, standby at power level 0 ---- */

static void test_cpu_suspend_standby_states(void **state)
{
	static const u64 ok[] = {0, 1, 0xffff};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(ok); i++) {
		assert_int_equal(call(PSCI_CPU_SUSPEND_64, ok[i], 0, 0),
				 PSCI_SUCCESS);
		assert_int_equal(call(PSCI_CPU_SUSPEND_32, ok[i], 0, 0),
				 PSCI_SUCCESS);
	}
	/* SMC32: the upper half of x1 is not an argument. */
	assert_int_equal(call(PSCI_CPU_SUSPEND_32, 0xffffffff00000000ull, 0, 0),
			 PSCI_SUCCESS);
	assert_int_equal(fake.stop_calls, 0);
}

static void test_cpu_suspend_invalid_power_states(void **state)
{
	static const u64 bad[] = {
	    POWERDOWN,	    /* no powerdown state */
	    POWERDOWN | 2,  /* ...whatever its StateID */
	    1u << 24,	    /* PowerLevel 1 */
	    3u << 24,	    /* PowerLevel 3 */
	    1u << 17,	    /* reserved [23:17] */
	    1u << 30,	    /* reserved [31:26] */
	    0x100000000ull, /* SMC64: above bit 31 */
	};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(
		    call(PSCI_CPU_SUSPEND_64, bad[i], GOOD_ENTRY, 0),
		    PSCI_INVALID_PARAMETERS);
	assert_int_equal(call(PSCI_CPU_SUSPEND_32, POWERDOWN, GOOD_ENTRY, 0),
			 PSCI_INVALID_PARAMETERS);
}

/* ---- MIGRATE_INFO_TYPE, SYSTEM_RESET2 ---- */

static void test_migrate_info_type_no_trusted_os(void **state)
{
	(void)state;
	/* 2: no Trusted OS, so MIGRATE and MIGRATE_INFO_UP_CPU are not
	 * needed and answer NOT_SUPPORTED (in the table above). */
	assert_int_equal(call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	assert_int_equal(call(0x84000007u, 0, 0, 0), PSCI_NOT_SUPPORTED);
}

static void test_system_reset2_types(void **state)
{
	(void)state;
	/* Vendor-specific [31]: none is implemented. */
	assert_int_equal(call(PSCI_SYSTEM_RESET2_32, 0x80000000u, 0, 0),
			 PSCI_NOT_SUPPORTED);
	assert_int_equal(call(PSCI_SYSTEM_RESET2_64, 0x80000001u, 0, 0),
			 PSCI_NOT_SUPPORTED);
	/* Architectural types other than SYSTEM_WARM_RESET (0). */
	assert_int_equal(call(PSCI_SYSTEM_RESET2_32, 1, 0, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(call(PSCI_SYSTEM_RESET2_64, 0x7fffffffu, 0, 0),
			 PSCI_INVALID_PARAMETERS);
	assert_int_equal(fake.reboot_calls, 0);
	/* A warm reset resets the zone (the fake returns; the real one
	 * does not). reset_type is 32 bits in the SMC64 form too. */
	assert_int_equal(call(PSCI_SYSTEM_RESET2_64, 1ull << 32, 0, 0),
			 PSCI_INTERNAL_FAILURE);
	assert_int_equal(call(PSCI_SYSTEM_RESET2_32, 0, 0x1234, 0),
			 PSCI_INTERNAL_FAILURE);
	assert_int_equal(fake.reboot_calls, 2);
	assert_ptr_equal(fake.reboot_zone, &zone);
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

static void test_cpu_on_32_ignores_upper_halves(void **state)
{
	(void)state;
	/* SMC32: W1-W3 are the arguments; X1-X3[63:32] are not. */
	assert_int_equal(call(PSCI_CPU_ON_32, (1ull << 32) | 1,
			      0xffffffff00000000ull | GOOD_ENTRY,
			      0xdead000000000007ull),
			 PSCI_SUCCESS);
	assert_ptr_equal(fake.start_target, &zone.vcpus[1]);
	assert_int_equal(fake.start_entry, GOOD_ENTRY);
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
	fake.start_result = -CV_EEXIST;
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

/* CPU_ON racing the target's CPU_OFF: the answer follows the state
 * vcpu_request_start() saw under the target's lock, not a later one. */
static void test_cpu_on_races_cpu_off(void **state)
{
	(void)state;
	/* The target was still on (in CPU_OFF), and is off by now. */
	fake.start_result = -CV_EEXIST;
	zone.vcpus[1].state = VCPU_OFF;
	assert_int_equal(call(PSCI_CPU_ON_64, 1, GOOD_ENTRY, 0),
			 PSCI_ALREADY_ON);
	/* A start was pending, and the target has taken it since. */
	fake.start_result = -CV_EBUSY;
	zone.vcpus[1].state = VCPU_ON;
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

static void test_affinity_info_32_ignores_upper_halves(void **state)
{
	(void)state;
	zone.vcpus[1].state = VCPU_ON;
	assert_int_equal(
	    call(PSCI_AFFINITY_INFO_32, (1ull << 32) | 1, 1ull << 32, 0), 0);
}

/* Levels above 0 are optional in PSCI 1.x (DEN0022 5.8.1): cvisor has
 * none, and says INVALID_PARAMETERS for each. */
static void test_affinity_info_levels(void **state)
{
	(void)state;
	for (u64 level = 1; level <= 3; level++) {
		assert_int_equal(call(PSCI_AFFINITY_INFO_64, 0, level, 0),
				 PSCI_INVALID_PARAMETERS);
		assert_int_equal(call(PSCI_AFFINITY_INFO_32, 0, level, 0),
				 PSCI_INVALID_PARAMETERS);
	}
	assert_int_equal(call(PSCI_AFFINITY_INFO_64, 0, 0, 0), 0);
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
	    ZONE_TEST(test_unsupported_functions_answer_not_supported),
	    ZONE_TEST(test_features_cpu_suspend_flags),
	    ZONE_TEST(test_cpu_suspend_standby_states),
	    ZONE_TEST(test_cpu_suspend_invalid_power_states),
	    ZONE_TEST(test_migrate_info_type_no_trusted_os),
	    ZONE_TEST(test_system_reset2_types),
	    ZONE_TEST(test_cpu_on_32_ignores_upper_halves),
	    ZONE_TEST(test_cpu_on_races_cpu_off),
	    ZONE_TEST(test_affinity_info_32_ignores_upper_halves),
	    ZONE_TEST(test_affinity_info_levels),
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
