/*
 * Unit tests for core/hypercall.c: cvisor's own hypercalls, as dispatched
 * after the arch layer decoded them, from vCPUs of fake zones. The zone
 * life-cycle operations, the allocators and the interrupt controller are
 * fakes that record what they were asked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/hypercall.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "mm/frame.h"
#include "mm/heap.h"

/* ---- fakes of what hypercall.c calls ---- */

struct zone *zones[CV_MAX_ZONES];
u32 nr_zones;
struct platform platform;
struct frame_pool hv_frames;
struct heap hv_heap;

static int log_lines;
static u32 last_level_irq, level_pulses;
static int op_result;
static const char *last_op;

void log_printf(const char *level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	log_lines++;
}

u64 frame_pool_free_count(struct frame_pool *pool)
{
	(void)pool;
	return 1234;
}

u64 heap_free_bytes(struct heap *heap)
{
	(void)heap;
	return 5678;
}

void arch_dcache_clean(const void *va, u64 size)
{
	(void)va;
	(void)size;
}

void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	(void)zone;
	last_level_irq = virq;
	level_pulses += level;
}

struct zone *zone_by_id(u32 id)
{
	for (u32 i = 0; i < nr_zones; i++) {
		if (zones[i] && zones[i]->id == id)
			return zones[i];
	}
	return NULL;
}

static int record(const char *op)
{
	last_op = op;
	return op_result;
}

int zone_stop(struct zone *zone)
{
	(void)zone;
	return record("stop");
}

int zone_start_again(struct zone *zone)
{
	(void)zone;
	return record("start");
}

int zone_restart(struct zone *zone)
{
	(void)zone;
	return record("restart");
}

int zone_start_bundle(struct zone *root, ipa_t ipa, u64 size)
{
	(void)root;
	(void)ipa;
	(void)size;
	return record("bundle");
}

/* ---- two zones: 0 root (RAM ipa 0x40000000 backed by a host buffer),
 * 1 guest; linked by one shared-memory link ---- */

static struct zone root, guest;
static struct cv_zone_config root_cfg, guest_cfg;
static u64 root_ram[1024];

static int setup(void **state)
{
	(void)state;
	memset(&root, 0, sizeof(root));
	memset(&guest, 0, sizeof(guest));
	memset(&root_cfg, 0, sizeof(root_cfg));
	memset(&guest_cfg, 0, sizeof(guest_cfg));
	root_cfg.flags = CV_ZONE_ROOT;
	root_cfg.nr_mem = 1;
	root_cfg.mem[0] = (struct cv_mem_region){
	    0x40000000, (u64)(uintptr_t)root_ram, sizeof(root_ram), 7, 0};
	root_cfg.nr_shm = 1;
	root_cfg.shm[0] =
	    (struct cv_shm){0x7f000000, 0x90000000, 0x10000, 1, 41};
	guest_cfg.nr_shm = 1;
	guest_cfg.shm[0] =
	    (struct cv_shm){0x41000000, 0x90000000, 0x10000, 0, 40};
	root.id = 0;
	root.cfg = &root_cfg;
	root.state = ZONE_RUNNING;
	memcpy(root.name, "root", 5);
	root.nr_vcpus = 1;
	root.vcpus[0].zone = &root;
	guest.id = 1;
	guest.cfg = &guest_cfg;
	guest.state = ZONE_RUNNING;
	memcpy(guest.name, "guest", 6);
	guest.nr_vcpus = 1;
	guest.cpus = 0x8;
	guest.vcpus[0].zone = &guest;
	zones[0] = &root;
	zones[1] = &guest;
	nr_zones = 2;
	log_lines = 0;
	level_pulses = 0;
	last_level_irq = 0;
	op_result = 0;
	last_op = NULL;
	platform.nr_cpus = 4;
	return 0;
}

static s64 call(struct zone *z, u32 code, u64 a1, u64 a2)
{
	return hypercall_dispatch(&z->vcpus[0], code, a1, a2, 0);
}

static void test_version_nop_zone_id(void **state)
{
	(void)state;
	assert_int_equal(call(&guest, CV_HC_VERSION, 0, 0), 0x00010000);
	assert_int_equal(call(&guest, CV_HC_NOP, UINT64_MAX, 1), 0);
	assert_int_equal(call(&guest, CV_HC_ZONE_ID, 0, 0), 1);
	assert_int_equal(call(&root, CV_HC_ZONE_ID, 0, 0), 0);
	assert_int_equal(log_lines, 0);
}

static void test_unknown_code_refused_and_logged(void **state)
{
	static const u32 codes[] = {3, 4, 0x16, 0x100, CV_HC_CODE_MASK};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(codes); i++)
		assert_int_equal(call(&guest, codes[i], 0, 0), CV_HC_ENOSYS);
	assert_int_equal(log_lines, (int)ARRAY_SIZE(codes));
	assert_int_equal(guest.refused_calls, ARRAY_SIZE(codes));
}

static void test_management_is_root_only(void **state)
{
	static const u32 codes[] = {CV_HC_ZONE_COUNT,	CV_HC_ZONE_INFO,
				    CV_HC_ZONE_START,	CV_HC_ZONE_SHUTDOWN,
				    CV_HC_ZONE_RESTART, CV_HC_HV_INFO};

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(codes); i++)
		assert_int_equal(call(&guest, codes[i], 0, 0), CV_HC_EPERM);
	assert_null(last_op);
	assert_int_equal(log_lines, (int)ARRAY_SIZE(codes));
}

static void test_zone_count_and_info(void **state)
{
	struct cv_zone_info *info = (struct cv_zone_info *)root_ram;

	(void)state;
	assert_int_equal(call(&root, CV_HC_ZONE_COUNT, 0, 0), 2);
	assert_int_equal(call(&root, CV_HC_ZONE_INFO, 1, 0x40000000), 0);
	assert_int_equal(info->id, 1);
	assert_string_equal(info->name, "guest");
	assert_int_equal(info->state, CV_ZONE_STATE_RUNNING);
	assert_int_equal(info->cpus, 0x8);
	assert_int_equal(call(&root, CV_HC_ZONE_INFO, 2, 0x40000000),
			 CV_HC_ENOENT);
}

static void test_zone_info_outside_callers_ram_refused(void **state)
{
	(void)state;
	/* Past the end, unaligned, and another zone's address. */
	assert_int_equal(
	    call(&root, CV_HC_ZONE_INFO, 0, 0x40000000 + sizeof(root_ram) - 8),
	    CV_HC_EINVAL);
	assert_int_equal(call(&root, CV_HC_ZONE_INFO, 0, 0x40000004),
			 CV_HC_EINVAL);
	assert_int_equal(call(&root, CV_HC_ZONE_INFO, 0, 0x48000000),
			 CV_HC_EINVAL);
	assert_int_equal(log_lines, 3);
}

static void test_zone_operations_reach_the_life_cycle(void **state)
{
	(void)state;
	assert_int_equal(call(&root, CV_HC_ZONE_SHUTDOWN, 1, 0), 0);
	assert_string_equal(last_op, "stop");
	assert_int_equal(call(&root, CV_HC_ZONE_RESTART, 1, 0), 0);
	assert_string_equal(last_op, "restart");
	assert_int_equal(call(&root, CV_HC_ZONE_START, 0, 1), 0);
	assert_string_equal(last_op, "start");
	op_result = 1;
	assert_int_equal(call(&root, CV_HC_ZONE_START, 0x40000000, 4096), 1);
	assert_string_equal(last_op, "bundle");
	op_result = -CV_EBUSY;
	assert_int_equal(call(&root, CV_HC_ZONE_RESTART, 1, 0), CV_HC_EBUSY);
	op_result = -CV_EPERM;
	assert_int_equal(call(&root, CV_HC_ZONE_SHUTDOWN, 0, 0), CV_HC_EPERM);
	last_op = NULL;
	assert_int_equal(call(&root, CV_HC_ZONE_SHUTDOWN, 9, 0), CV_HC_ENOENT);
	assert_int_equal(call(&root, CV_HC_ZONE_SHUTDOWN, 1ull << 32, 0),
			 CV_HC_ENOENT);
	assert_null(last_op);
}

static void test_hv_info(void **state)
{
	(void)state;
	assert_int_equal(call(&root, CV_HC_HV_INFO, CV_INFO_FREE_FRAMES, 0),
			 1234);
	assert_int_equal(call(&root, CV_HC_HV_INFO, CV_INFO_HEAP_FREE, 0),
			 5678);
	assert_int_equal(call(&root, CV_HC_HV_INFO, CV_INFO_NR_CPUS, 0), 4);
	assert_int_equal(call(&root, CV_HC_HV_INFO, 99, 0), CV_HC_EINVAL);
}

static void test_ivc_notify_rings_the_peers_doorbell(void **state)
{
	(void)state;
	assert_int_equal(call(&root, CV_HC_IVC_NOTIFY, 0, 0), 0);
	assert_int_equal(last_level_irq, 40); /* the guest's doorbell */
	assert_int_equal(level_pulses, 1);
	assert_int_equal(call(&guest, CV_HC_IVC_NOTIFY, 0, 0), 0);
	assert_int_equal(last_level_irq, 41);
	assert_int_equal(level_pulses, 2);
}

static void test_ivc_notify_refusals(void **state)
{
	(void)state;
	assert_int_equal(call(&guest, CV_HC_IVC_NOTIFY, 1, 0), CV_HC_EINVAL);
	assert_int_equal(call(&guest, CV_HC_IVC_NOTIFY, ~0ull, 0),
			 CV_HC_EINVAL);
	root.state = ZONE_STOPPED;
	assert_int_equal(call(&guest, CV_HC_IVC_NOTIFY, 0, 0), CV_HC_ENOENT);
	root.state = ZONE_RUNNING;
	root_cfg.shm[0].pa = 0x91000000; /* no matching link back */
	assert_int_equal(call(&guest, CV_HC_IVC_NOTIFY, 0, 0), CV_HC_ENOENT);
	assert_int_equal(level_pulses, 0);
	assert_int_equal(log_lines, 4);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_version_nop_zone_id),
	    T(test_unknown_code_refused_and_logged),
	    T(test_management_is_root_only),
	    T(test_zone_count_and_info),
	    T(test_zone_info_outside_callers_ram_refused),
	    T(test_zone_operations_reach_the_life_cycle),
	    T(test_hv_info),
	    T(test_ivc_notify_rings_the_peers_doorbell),
	    T(test_ivc_notify_refusals),
	};

	return cmocka_run_group_tests_name("hypercall", tests, NULL, NULL);
}
