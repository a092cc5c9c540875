/*
 * Fuzz target: cvisor's hypercall dispatcher (core/hypercall.c) and the
 * root zone's management page (core/mgmt.c through core/mmio.c), driven
 * by random call sequences from three zones: the root (0), and zones 1
 * and 2; root-1 and 1-2 share memory links. Zone life-cycle operations,
 * the allocators' counters and interrupt injection are fakes that record
 * what they were asked; zone RAM is host memory (16 KiB per zone: the
 * first half a region with "w", the second half one without).
 *
 * Input: records of 27 bytes: caller zone, kind (even: a hypercall; odd:
 * a management-page access), code or register offset (2), then a1, a2,
 * a3 (8 each; for an access: size in a1's low byte, write in bit 8, the
 * value in a2).
 * Invariants: only the root zone's management calls do anything (others
 * get EPERM and change nothing); a result is written only inside the
 * root zone's writable RAM, in the 64 bytes it named; a doorbell is
 * raised only in a running peer of the caller, and only its declared
 * doorbell; only the root zone has a management page; what is written to
 * ARG1-3 reads back.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/hypercall.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/mgmt.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "mm/frame.h"
#include "mm/heap.h"
#include "tests/fuzz/fuzz.h"

#define NR_TEST_ZONES 3
#define RAM_SIZE      0x4000u
#define RECORD	      27

struct zone *zones[CV_MAX_ZONES];
u32 nr_zones;
struct platform platform;
struct frame_pool hv_frames;
struct heap hv_heap;

static struct zone zone_store[NR_TEST_ZONES];
static struct cv_zone_config cfg[NR_TEST_ZONES];
static u8 *ram[NR_TEST_ZONES], *before[NR_TEST_ZONES];
static int ops;			 /* zone operations asked for */
static struct zone *pulsed_zone; /* last doorbell */
static u32 pulsed_irq;

void log_printf(const char *level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
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

void *hv_alloc(u64 size)
{
	return calloc(1, size);
}

void hv_free(void *p)
{
	free(p);
}

void arch_dcache_clean(const void *va, u64 size)
{
	(void)va;
	(void)size;
}

void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	(void)level;
	pulsed_zone = zone;
	pulsed_irq = virq;
}

struct zone *zone_by_id(u32 id)
{
	for (u32 i = 0; i < nr_zones; i++) {
		if (zones[i] && zones[i]->id == id)
			return zones[i];
	}
	return NULL;
}

/* The life-cycle fakes flip the state, as the real ones would. */
int zone_stop(struct zone *zone)
{
	ops++;
	if (zone->cfg->flags & CV_ZONE_ROOT)
		return -CV_EPERM;
	zone->state = ZONE_STOPPED;
	return 0;
}

int zone_start_again(struct zone *zone)
{
	ops++;
	if (zone->state == ZONE_RUNNING)
		return -CV_EBUSY;
	zone->state = ZONE_RUNNING;
	return 0;
}

int zone_restart(struct zone *zone)
{
	ops++;
	zone->state = ZONE_RUNNING;
	return 0;
}

int zone_start_bundle(struct zone *root, ipa_t ipa, u64 size)
{
	paddr_t pa;

	ops++;
	assert(root->cfg->flags & CV_ZONE_ROOT);
	return zone_ipa_to_pa(root, ipa, size, &pa) ? -CV_EINVAL : -CV_ENOENT;
}

static void add_link(u32 a, u32 b, u64 pa, u32 irq_a, u32 irq_b)
{
	cfg[a].shm[cfg[a].nr_shm++] =
	    (struct cv_shm){0x7f000000 + 0x100000 * b, pa, 0x10000, b, irq_a};
	cfg[b].shm[cfg[b].nr_shm++] =
	    (struct cv_shm){0x7f000000 + 0x100000 * a, pa, 0x10000, a, irq_b};
}

static void setup(void)
{
	memset(zone_store, 0, sizeof(zone_store));
	memset(cfg, 0, sizeof(cfg));
	memset(zones, 0, sizeof(zones));
	platform.nr_cpus = 4;
	platform.mgmt_ipa = ipa_init(0x0c000000);
	for (u32 i = 0; i < NR_TEST_ZONES; i++) {
		struct zone *z = &zone_store[i];

		memset(ram[i], 0, RAM_SIZE);
		cfg[i].nr_mem = 2;
		cfg[i].mem[0] =
		    (struct cv_mem_region){0x40000000, (u64)(uintptr_t)ram[i],
					   RAM_SIZE / 2, CV_MEM_RWX, 0};
		cfg[i].mem[1] = (struct cv_mem_region){
		    0x40000000 + RAM_SIZE / 2,
		    (u64)(uintptr_t)ram[i] + RAM_SIZE / 2, RAM_SIZE / 2,
		    CV_MEM_READ | CV_MEM_EXEC, 0};
		z->id = i;
		z->cfg = &cfg[i];
		z->state = ZONE_RUNNING;
		z->nr_vcpus = 1;
		z->vcpus[0].zone = z;
		z->cpus = 1ull << i;
		zones[i] = z;
	}
	cfg[0].flags = CV_ZONE_ROOT;
	add_link(0, 1, 0x90000000, 40, 41);
	add_link(1, 2, 0x90010000, 42, 43);
	nr_zones = NR_TEST_ZONES;
	assert(!mgmt_device_create(&zone_store[0]));
}

/* Only bytes [lo, hi) of the caller's RAM may have changed. */
static void check_ram(u32 caller, u64 lo, u64 hi)
{
	for (u32 i = 0; i < NR_TEST_ZONES; i++) {
		if (!memcmp(ram[i], before[i], RAM_SIZE))
			continue;
		for (u64 b = 0; b < RAM_SIZE; b++) {
			if (ram[i][b] == before[i][b])
				continue;
			assert(i == caller && b >= lo && b < hi);
		}
	}
}

static bool is_peer(u32 caller, const struct zone *z)
{
	for (u32 i = 0; i < cfg[caller].nr_shm; i++) {
		if (cfg[caller].shm[i].peer == z->id)
			return true;
	}
	return false;
}

static void hypercall(u32 caller, u32 code, u64 a1, u64 a2, u64 a3)
{
	struct zone *z = &zone_store[caller];
	bool root = caller == 0;
	int ops_before = ops;
	s64 ret;

	pulsed_zone = NULL;
	ret = hypercall_dispatch(&z->vcpus[0], code, a1, a2, a3);
	if (code >= CV_HC_ZONE_COUNT && code <= CV_HC_HV_INFO && !root) {
		assert(ret == CV_HC_EPERM && ops == ops_before);
	}
	if (code == CV_HC_ZONE_INFO && ret == 0) {
		assert(root && a2 >= 0x40000000 &&
		       a2 - 0x40000000 + sizeof(struct cv_zone_info) <=
			   RAM_SIZE / 2);
		check_ram(0, a2 - 0x40000000,
			  a2 - 0x40000000 + sizeof(struct cv_zone_info));
	} else {
		check_ram(caller, 0, 0);
	}
	if (pulsed_zone) {
		assert(code == CV_HC_IVC_NOTIFY && ret == 0);
		assert(pulsed_zone->state == ZONE_RUNNING &&
		       is_peer(caller, pulsed_zone));
		assert(pulsed_zone->cfg->shm[0].doorbell_irq == pulsed_irq ||
		       pulsed_zone->cfg->shm[1].doorbell_irq == pulsed_irq);
	}
}

static void management_access(u32 caller, u32 off, u64 a1, u64 value)
{
	struct zone *z = &zone_store[caller];
	struct mmio_access a = {
	    .addr = ipa_add(platform.mgmt_ipa, off),
	    .size = 1u << (a1 & 3),
	    .write = (a1 >> 8) & 1,
	    .value = value,
	};
	int ret;

	pulsed_zone = NULL;
	ret = mmio_dispatch(&z->mmio, &z->vcpus[0], &a);
	if (caller != 0) {
		assert(ret == -CV_ENOENT);
		return;
	}
	if (!ret && a.write && a.offset < CV_MGMT_CALL) {
		struct mmio_access r = {.addr = a.addr, .size = 8};

		assert(!mmio_dispatch(&z->mmio, &z->vcpus[0], &r));
		assert(r.value == value);
	}
	/* A CALL is the root's hypercall: its effects were checked above
	 * in kind; here only that no other zone's RAM moved. */
	for (u32 i = 1; i < NR_TEST_ZONES; i++)
		assert(!memcmp(ram[i], before[i], RAM_SIZE));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};

	if (!ram[0]) {
		for (u32 i = 0; i < NR_TEST_ZONES; i++) {
			ram[i] = malloc(RAM_SIZE);
			before[i] = malloc(RAM_SIZE);
		}
	}
	setup();
	while (in.left >= RECORD) {
		u32 caller = (u32)fuzz_take(&in, 1) % NR_TEST_ZONES;
		u32 kind = (u32)fuzz_take(&in, 1);
		u32 code = (u32)fuzz_take(&in, 2);
		u64 a1 = fuzz_take(&in, 8), a2 = fuzz_take(&in, 8);
		u64 a3 = fuzz_take(&in, 8);

		for (u32 i = 0; i < NR_TEST_ZONES; i++)
			memcpy(before[i], ram[i], RAM_SIZE);
		if (kind & 1)
			management_access(caller, code % 0x1008, a1, a2);
		else
			hypercall(caller, code % 0x30, a1, a2, a3);
	}
	free(zone_store[0].mgmt);
	return 0;
}
