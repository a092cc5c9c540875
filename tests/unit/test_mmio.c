/*
 * Unit tests for core/mmio.c: a sorted table of emulated regions, found by
 * binary search and dispatched to their handlers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "cvisor/mmio.h"

/* What the handlers saw. */
static struct {
	u32 calls;
	struct vcpu *vcpu;
	void *priv;
	struct mmio_access access;
	int result;
	u64 read_value;
} seen;

static int record_handler(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	seen.calls++;
	seen.vcpu = vcpu;
	seen.priv = priv;
	seen.access = *a;
	if (!a->write)
		a->value = seen.read_value;
	return seen.result;
}

static int setup_table(void **state)
{
	struct mmio_table *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	memset(&seen, 0, sizeof(seen));
	*state = t;
	return 0;
}

static int teardown_table(void **state)
{
	free(*state);
	return 0;
}

static void register_ok(struct mmio_table *t, u64 base, u64 size, void *priv)
{
	assert_int_equal(mmio_register(t, ipa_init(base), size, record_handler,
				       priv, "test"),
			 0);
}

static void assert_sorted(const struct mmio_table *t)
{
	for (u32 i = 1; i < t->count; i++)
		assert_true(ipa_addr(t->region[i - 1].base) +
				t->region[i - 1].size <=
			    ipa_addr(t->region[i].base));
}

/* Two regions [0x1000, 0x2000) and [0x3000, 0x4000). */
static void register_two(struct mmio_table *t)
{
	register_ok(t, 0x3000, 0x1000, NULL);
	register_ok(t, 0x1000, 0x1000, NULL);
}

/* ---- register ---- */

static void test_register_keeps_table_sorted(void **state)
{
	struct mmio_table *t = *state;
	static const u64 bases[] = {0x5000, 0x1000, 0x9000, 0x3000,
				    0x0,    0x7000, 0xb000};
	static const u64 sorted[] = {0x0,    0x1000, 0x3000, 0x5000,
				     0x7000, 0x9000, 0xb000};

	for (u32 i = 0; i < ARRAY_SIZE(bases); i++)
		register_ok(t, bases[i], 0x800, (void *)(uintptr_t)bases[i]);
	assert_int_equal(t->count, ARRAY_SIZE(bases));
	for (u32 i = 0; i < ARRAY_SIZE(sorted); i++) {
		assert_int_equal(ipa_addr(t->region[i].base), sorted[i]);
		assert_int_equal(t->region[i].size, 0x800);
		assert_ptr_equal(t->region[i].priv,
				 (void *)(uintptr_t)sorted[i]);
		assert_ptr_equal(t->region[i].handler, record_handler);
	}
	assert_sorted(t);
}

static void assert_overlap_refused(struct mmio_table *t, u64 base, u64 size)
{
	struct mmio_table before;

	memcpy(&before, t, sizeof(before));

	assert_int_equal(mmio_register(t, ipa_init(base), size, record_handler,
				       NULL, "overlap"),
			 -CV_EEXIST);
	assert_memory_equal(t, &before, sizeof(before));
}

static void test_register_refuses_overlap_on_both_sides(void **state)
{
	struct mmio_table *t = *state;

	register_two(t);
	/* The lower neighbour's end. */
	assert_overlap_refused(t, 0x1fff, 0x10);
	assert_overlap_refused(t, 0x1800, 0x100);
	/* The upper neighbour's start. */
	assert_overlap_refused(t, 0x2f00, 0x101);
	assert_overlap_refused(t, 0x3000, 0x10);
	assert_overlap_refused(t, 0x0, 0x1001);
	/* Both, and all. */
	assert_overlap_refused(t, 0x1fff, 0x1002);
	assert_overlap_refused(t, 0x0, 0x10000);
	assert_overlap_refused(t, 0x3fff, 1);
	/* Touching is fine. */
	register_ok(t, 0x2000, 0x1000, NULL);
	register_ok(t, 0x4000, 0x10, NULL);
	register_ok(t, 0x0, 0x1000, NULL);
	assert_int_equal(t->count, 5);
	assert_sorted(t);
}

static void test_register_refuses_bad_arguments(void **state)
{
	struct mmio_table *t = *state;

	assert_int_equal(mmio_register(t, ipa_init(0x1000), 0, record_handler,
				       NULL, "empty"),
			 -CV_EINVAL);
	assert_int_equal(
	    mmio_register(t, ipa_init(0x1000), 0x10, NULL, NULL, "none"),
	    -CV_EINVAL);
	assert_int_equal(mmio_register(t, ipa_init(UINT64_MAX - 0xf), 0x20,
				       record_handler, NULL, "wraps"),
			 -CV_EINVAL);
	assert_int_equal(t->count, 0);
}

static void test_register_full_table(void **state)
{
	struct mmio_table *t = *state;

	for (u32 i = 0; i < MMIO_MAX_REGIONS; i++)
		register_ok(t, 0x10000 * (MMIO_MAX_REGIONS - i), 0x1000, NULL);
	assert_int_equal(mmio_register(t, ipa_init(0x0), 0x1000, record_handler,
				       NULL, "one too many"),
			 -CV_ENOMEM);
	assert_int_equal(t->count, MMIO_MAX_REGIONS);
	assert_sorted(t);
}

/* ---- find ---- */

/* A full table: region i is [0x10000 * (i + 1), +0x100 * (i + 1)). */
static void fill_table(struct mmio_table *t)
{
	for (u32 i = 0; i < MMIO_MAX_REGIONS; i++) {
		u32 k = (i * 7) % MMIO_MAX_REGIONS; /* out of order */

		register_ok(t, 0x10000ull * (k + 1), 0x100ull * (k + 1), NULL);
	}
}

static void test_find_first_and_last_byte_of_every_region(void **state)
{
	struct mmio_table *t = *state;

	fill_table(t);
	for (u32 i = 0; i < MMIO_MAX_REGIONS; i++) {
		u64 base = 0x10000ull * (i + 1);
		u64 size = 0x100ull * (i + 1);
		const struct mmio_region *r = mmio_find(t, ipa_init(base), 1);

		assert_non_null(r);
		assert_int_equal(ipa_addr(r->base), base);
		assert_ptr_equal(mmio_find(t, ipa_init(base + size - 1), 1), r);
		assert_ptr_equal(mmio_find(t, ipa_init(base + size - 8), 8), r);
		assert_ptr_equal(mmio_find(t, ipa_init(base), size), r);
		assert_null(mmio_find(t, ipa_init(base - 1), 1));
		assert_null(mmio_find(t, ipa_init(base + size), 1));
	}
	assert_null(mmio_find(t, ipa_init(0), 4));
	assert_null(mmio_find(t, ipa_init(UINT64_MAX), 1));
}

/* Back-to-back regions: the first byte of each belongs to it, not to the
 * one before. */
static void test_find_in_adjacent_regions(void **state)
{
	struct mmio_table *t = *state;

	for (u32 i = 0; i < MMIO_MAX_REGIONS; i++)
		register_ok(t, 0x10000 + 0x100 * (u64)i, 0x100, NULL);
	for (u32 i = 0; i < MMIO_MAX_REGIONS; i++) {
		u64 base = 0x10000 + 0x100 * (u64)i;
		const struct mmio_region *r = mmio_find(t, ipa_init(base), 4);

		assert_non_null(r);
		assert_int_equal(ipa_addr(r->base), base);
		assert_ptr_equal(mmio_find(t, ipa_init(base + 0xff), 1), r);
		assert_null(mmio_find(t, ipa_init(base + 0xfe), 4));
	}
}

static void test_find_access_crossing_region_end(void **state)
{
	struct mmio_table *t = *state;

	register_two(t);
	register_ok(t, 0x2000, 0x1000, NULL);
	/* Both sides are covered, but not by one region. */
	assert_null(mmio_find(t, ipa_init(0x1ffe), 4));
	assert_null(mmio_find(t, ipa_init(0x1fff), 2));
	assert_null(mmio_find(t, ipa_init(0x3ffc), 8));
	assert_non_null(mmio_find(t, ipa_init(0x1ffc), 4));
}

static void test_find_in_empty_table(void **state)
{
	struct mmio_table *t = *state;

	assert_null(mmio_find(t, ipa_init(0x1000), 4));
}

/* ---- dispatch ---- */

static void test_dispatch_calls_handler_with_offset_and_priv(void **state)
{
	struct mmio_table *t = *state;
	struct vcpu *vcpu = (struct vcpu *)(uintptr_t)0x1234;
	int priv_a, priv_b;
	struct mmio_access a = {.addr = ipa_init(0x3010),
				.size = 4,
				.write = true,
				.value = 0xcafe};

	register_ok(t, 0x1000, 0x1000, &priv_a);
	register_ok(t, 0x3000, 0x1000, &priv_b);
	assert_int_equal(mmio_dispatch(t, vcpu, &a), 0);
	assert_int_equal(seen.calls, 1);
	assert_ptr_equal(seen.vcpu, vcpu);
	assert_ptr_equal(seen.priv, &priv_b);
	assert_int_equal(seen.access.offset, 0x10);
	assert_int_equal(ipa_addr(seen.access.addr), 0x3010);
	assert_int_equal(seen.access.value, 0xcafe);
	assert_true(seen.access.write);
	assert_int_equal(a.offset, 0x10);
}

static void test_dispatch_read_returns_handler_value(void **state)
{
	struct mmio_table *t = *state;
	struct mmio_access a = {.addr = ipa_init(0x1fff), .size = 1};

	register_two(t);
	seen.read_value = 0x5a;
	assert_int_equal(mmio_dispatch(t, NULL, &a), 0);
	assert_int_equal(a.value, 0x5a);
	assert_int_equal(a.offset, 0xfff);
}

static void test_dispatch_unknown_address(void **state)
{
	struct mmio_table *t = *state;
	struct mmio_access a = {
	    .addr = ipa_init(0x2000), .size = 4, .write = true};

	register_two(t);
	assert_int_equal(mmio_dispatch(t, NULL, &a), -CV_ENOENT);
	a.addr = ipa_init(0x1ffe);
	assert_int_equal(mmio_dispatch(t, NULL, &a), -CV_ENOENT);
	assert_int_equal(seen.calls, 0);
}

static void test_dispatch_propagates_handler_error(void **state)
{
	struct mmio_table *t = *state;
	struct mmio_access a = {.addr = ipa_init(0x1000), .size = 8};

	register_two(t);
	seen.result = -CV_EIO;
	assert_int_equal(mmio_dispatch(t, NULL, &a), -CV_EIO);
	seen.result = -CV_EPERM;
	assert_int_equal(mmio_dispatch(t, NULL, &a), -CV_EPERM);
	assert_int_equal(seen.calls, 2);
}

#define MMIO_TEST(fn)                                                          \
	cmocka_unit_test_setup_teardown(fn, setup_table, teardown_table)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    MMIO_TEST(test_register_keeps_table_sorted),
	    MMIO_TEST(test_register_refuses_overlap_on_both_sides),
	    MMIO_TEST(test_register_refuses_bad_arguments),
	    MMIO_TEST(test_register_full_table),
	    MMIO_TEST(test_find_first_and_last_byte_of_every_region),
	    MMIO_TEST(test_find_in_adjacent_regions),
	    MMIO_TEST(test_find_access_crossing_region_end),
	    MMIO_TEST(test_find_in_empty_table),
	    MMIO_TEST(test_dispatch_calls_handler_with_offset_and_priv),
	    MMIO_TEST(test_dispatch_read_returns_handler_value),
	    MMIO_TEST(test_dispatch_unknown_address),
	    MMIO_TEST(test_dispatch_propagates_handler_error),
	};

	return cmocka_run_group_tests_name("mmio", tests, NULL, NULL);
}
