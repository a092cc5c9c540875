/*
 * Unit tests for mm/heap.c: first fit over an address-ordered free list,
 * blocks split on allocation and merged with both neighbours on free.
 *
 * The block header is private to heap.c, so the tests measure its cost
 * instead: `largest` is the biggest allocation a fresh heap grants. After
 * everything is freed the heap must grant it again (one block again).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "mm/heap.h"
#include "tests/unit/support.h"

#define HEAP_BYTES KiB(64)

struct heap_fixture {
	u8 *buffer;
	struct heap heap;
	u64 largest; /* the biggest allocation the fresh heap grants */
};

/* Binary search for the biggest size heap_alloc grants now. */
static u64 largest_allocation(struct heap *heap)
{
	u64 lo = 0, hi = heap->size;

	while (lo < hi) {
		u64 mid = lo + (hi - lo + 1) / 2;
		void *p = heap_alloc(heap, mid);

		if (p) {
			assert_int_equal(heap_free(heap, p), 0);
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	return lo;
}

static int setup_heap(void **state)
{
	struct heap_fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->buffer = aligned_alloc(HEAP_ALIGN, HEAP_BYTES);
	assert_non_null(f->buffer);
	memset(f->buffer, 0xa5, HEAP_BYTES);
	assert_int_equal(heap_init(&f->heap, f->buffer, HEAP_BYTES), 0);
	f->largest = largest_allocation(&f->heap);
	*state = f;
	return 0;
}

static int teardown_heap(void **state)
{
	struct heap_fixture *f = *state;

	free(f->buffer);
	free(f);
	return 0;
}

static bool inside_heap(const struct heap_fixture *f, const void *p, u64 size)
{
	uintptr_t start = (uintptr_t)f->buffer;

	return range_within((uintptr_t)p, size, start, HEAP_BYTES);
}

static u8 *alloc_ok(struct heap_fixture *f, u64 size)
{
	u8 *p = heap_alloc(&f->heap, size);

	assert_non_null(p);
	assert_true(IS_ALIGNED((uintptr_t)p, HEAP_ALIGN));
	assert_true(inside_heap(f, p, size));
	return p;
}

static void free_ok(struct heap_fixture *f, void *p)
{
	assert_int_equal(heap_free(&f->heap, p), 0);
}

/* The heap is one free block again: all bytes free, the largest block
 * grantable. */
static void assert_heap_whole(struct heap_fixture *f)
{
	void *p;

	assert_int_equal(heap_free_bytes(&f->heap), f->heap.size);
	p = heap_alloc(&f->heap, f->largest);
	assert_non_null(p);
	free_ok(f, p);
}

/* ---- init ---- */

static void test_init_aligns_an_unaligned_range(void **state)
{
	struct heap_fixture *f = *state;
	struct heap heap;
	u8 *p;

	assert_int_equal(heap_init(&heap, f->buffer + 3, 1000), 0);
	assert_true(IS_ALIGNED(heap.size, HEAP_ALIGN));
	assert_true(heap.size <= 1000 - 13);
	assert_true(heap.size > 1000 - 13 - HEAP_ALIGN);
	assert_int_equal(heap_free_bytes(&heap), heap.size);
	p = heap_alloc(&heap, 100);
	assert_non_null(p);
	assert_true(IS_ALIGNED((uintptr_t)p, HEAP_ALIGN));
	assert_true(p >= f->buffer + 3 && p + 100 <= f->buffer + 1003);
}

static void test_init_rejects_a_tiny_range(void **state)
{
	struct heap_fixture *f = *state;
	struct heap heap;

	assert_int_equal(heap_init(&heap, f->buffer, 16), -CV_EINVAL);
	assert_int_equal(heap_init(&heap, f->buffer + 1, 32), -CV_EINVAL);
	assert_int_equal(heap_init(&heap, f->buffer, 0), -CV_EINVAL);
}

static void test_fresh_heap_grants_almost_everything(void **state)
{
	struct heap_fixture *f = *state;

	assert_int_equal(f->heap.size, HEAP_BYTES);
	assert_int_equal(heap_free_bytes(&f->heap), HEAP_BYTES);
	/* One header's worth is lost, not more. */
	assert_true(f->largest >= HEAP_BYTES - 64);
	assert_true(f->largest < HEAP_BYTES);
	assert_null(heap_alloc(&f->heap, f->largest + 1));
}

/* ---- alloc ---- */

static void test_alloc_is_aligned_and_does_not_overlap(void **state)
{
	struct heap_fixture *f = *state;
	u8 *blocks[64];

	for (u64 i = 0; i < ARRAY_SIZE(blocks); i++) {
		blocks[i] = alloc_ok(f, i + 1);
		memset(blocks[i], (int)i, i + 1);
	}
	for (u64 i = 0; i < ARRAY_SIZE(blocks); i++) {
		for (u64 j = 0; j <= i; j++)
			assert_int_equal(blocks[i][j], (u8)i);
	}
}

static void test_alloc_takes_header_and_rounded_size(void **state)
{
	struct heap_fixture *f = *state;
	u64 before = heap_free_bytes(&f->heap), taken;

	alloc_ok(f, 17);
	taken = before - heap_free_bytes(&f->heap);
	/* 17 bytes round up to 32, plus a header. */
	assert_true(taken >= 32 && taken <= 32 + 64);
	assert_int_equal(taken % HEAP_ALIGN, 0);
}

static void test_alloc_rejects_zero_and_huge_sizes(void **state)
{
	struct heap_fixture *f = *state;

	assert_null(heap_alloc(&f->heap, 0));
	assert_null(heap_alloc(&f->heap, HEAP_BYTES));
	assert_null(heap_alloc(&f->heap, UINT64_MAX));
	assert_null(heap_alloc(&f->heap, UINT64_MAX - 8));
	assert_int_equal(heap_free_bytes(&f->heap), HEAP_BYTES);
}

static void test_zalloc_zeroes_reused_memory(void **state)
{
	struct heap_fixture *f = *state;
	u8 *p = alloc_ok(f, 200), *q;
	static const u8 zeroes[200];

	memset(p, 0xee, 200);
	free_ok(f, p);
	q = heap_zalloc(&f->heap, 200);
	assert_non_null(q);
	assert_memory_equal(q, zeroes, sizeof(zeroes));
	assert_null(heap_zalloc(&f->heap, 0));
}

static void test_exhaustion_returns_null_until_a_free(void **state)
{
	struct heap_fixture *f = *state;
	u8 *blocks[HEAP_BYTES / 256];
	u64 n = 0;
	u8 *p;

	while ((p = heap_alloc(&f->heap, 256)) != NULL) {
		assert_true(n < ARRAY_SIZE(blocks));
		blocks[n++] = p;
	}
	assert_true(n >= HEAP_BYTES / (256 + 64));
	assert_null(heap_alloc(&f->heap, 256));
	free_ok(f, blocks[n / 2]);
	assert_ptr_equal(heap_alloc(&f->heap, 256), blocks[n / 2]);
	assert_null(heap_alloc(&f->heap, 256));
}

/* Holes of 256 and 64 bytes, in this address order: first fit takes the
 * first hole big enough, not the best fitting one. */
static void test_first_fit_takes_lowest_hole(void **state)
{
	struct heap_fixture *f = *state;
	u8 *a = alloc_ok(f, 64), *big = alloc_ok(f, 256);
	u8 *b = alloc_ok(f, 64), *small = alloc_ok(f, 64);
	u8 *c = alloc_ok(f, 64), *p;

	assert_true(a < big && big < b && b < small && small < c);
	free_ok(f, big);
	free_ok(f, small);
	assert_ptr_equal(alloc_ok(f, 48), big);
	/* The rest of the split hole comes before the later hole. */
	p = alloc_ok(f, 64);
	assert_true(p > big && p < b);
	/* Too big for either hole: from the free space after c. */
	assert_true(alloc_ok(f, 200) > c);
}

static void test_hole_too_small_is_skipped(void **state)
{
	struct heap_fixture *f = *state;
	u8 *a = alloc_ok(f, 64), *b = alloc_ok(f, 64), *p;

	alloc_ok(f, 64);
	free_ok(f, a);
	p = alloc_ok(f, 128);
	assert_true(p > b);
	assert_ptr_equal(alloc_ok(f, 64), a);
}

/* ---- free and coalescing ---- */

/* Free three neighbours in every order: always one block at the end. */
static void test_coalescing_in_every_order(void **state)
{
	static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
					 {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	struct heap_fixture *f = *state;

	for (u64 o = 0; o < ARRAY_SIZE(orders); o++) {
		u8 *blocks[3];

		for (int i = 0; i < 3; i++)
			blocks[i] = alloc_ok(f, 100 * (u64)(i + 1));
		for (int i = 0; i < 3; i++)
			free_ok(f, blocks[orders[o][i]]);
		assert_heap_whole(f);
	}
}

/* Freeing the middle block between two free ones merges all three: a
 * request as big as the three together fits where they were. */
static void test_free_merges_both_neighbours(void **state)
{
	struct heap_fixture *f = *state;
	u8 *a = alloc_ok(f, 96), *b = alloc_ok(f, 96), *c = alloc_ok(f, 96);
	u8 *guard = alloc_ok(f, 16);

	free_ok(f, a);
	free_ok(f, c);
	assert_ptr_not_equal(alloc_ok(f, 3 * 96), a);
	free_ok(f, b);
	assert_ptr_equal(alloc_ok(f, 3 * 96), a);
	assert_true(guard > c);
}

static void test_double_free_is_refused(void **state)
{
	struct heap_fixture *f = *state;
	u8 *a = alloc_ok(f, 64), *b = alloc_ok(f, 64), *c = alloc_ok(f, 64);
	u64 free_bytes;

	alloc_ok(f, 64);
	/* b alone: its neighbours are in use. */
	free_ok(f, b);
	free_bytes = heap_free_bytes(&f->heap);
	assert_int_equal(heap_free(&f->heap, b), -CV_EINVAL);
	assert_int_equal(heap_free_bytes(&f->heap), free_bytes);
	/* c merges into b, then a absorbs both. */
	free_ok(f, c);
	free_ok(f, a);
	free_bytes = heap_free_bytes(&f->heap);
	assert_int_equal(heap_free(&f->heap, a), -CV_EINVAL);
	assert_int_equal(heap_free(&f->heap, b), -CV_EINVAL);
	assert_int_equal(heap_free(&f->heap, c), -CV_EINVAL);
	assert_int_equal(heap_free_bytes(&f->heap), free_bytes);
	assert_ptr_equal(alloc_ok(f, 3 * 64), a);
}

static void test_bogus_pointer_is_refused(void **state)
{
	struct heap_fixture *f = *state;
	u8 *p = heap_zalloc(&f->heap, 256);
	u64 free_bytes = heap_free_bytes(&f->heap);

	assert_non_null(p);
	assert_int_equal(heap_free(&f->heap, p + 64), -CV_EINVAL);
	assert_int_equal(heap_free(&f->heap, p + 16), -CV_EINVAL);
	/* Past the last block: the untouched free tail. */
	assert_int_equal(heap_free(&f->heap, p + 1024), -CV_EINVAL);
	assert_int_equal(heap_free_bytes(&f->heap), free_bytes);
	free_ok(f, p);
	assert_heap_whole(f);
}

static void test_free_null_is_a_no_op(void **state)
{
	struct heap_fixture *f = *state;

	assert_int_equal(heap_free(&f->heap, NULL), 0);
	assert_heap_whole(f);
}

/* ---- randomized stress with content patterns ---- */

#define STRESS_SLOTS 200u
#define STRESS_STEPS 20000u

struct slot {
	u8 *p;
	u64 size;
	u8 pattern;
};

static void fill_slot(struct slot *s, u64 size, u8 pattern, u8 *p)
{
	s->p = p;
	s->size = size;
	s->pattern = pattern;
	for (u64 i = 0; i < size; i++)
		p[i] = (u8)(pattern + i);
}

static void check_slot(const struct slot *s)
{
	for (u64 i = 0; i < s->size; i++) {
		if (s->p[i] != (u8)(s->pattern + i))
			fail_msg("block %p+%llu overwritten", (void *)s->p,
				 (unsigned long long)i);
	}
}

static void stress_step(struct heap_fixture *f, struct slot *slots, u64 *rng)
{
	struct slot *s = &slots[test_random(rng) % STRESS_SLOTS];
	u64 size;
	u8 *p;

	if (s->p) {
		check_slot(s);
		free_ok(f, s->p);
		s->p = NULL;
		return;
	}
	size = test_random_range(rng, 1, 700);
	p = heap_alloc(&f->heap, size);
	if (!p)
		return;
	assert_true(IS_ALIGNED((uintptr_t)p, HEAP_ALIGN));
	assert_true(inside_heap(f, p, size));
	fill_slot(s, size, (u8)test_random(rng), p);
}

static void test_stress_with_patterns(void **state)
{
	struct heap_fixture *f = *state;
	static struct slot slots[STRESS_SLOTS];
	u64 rng = 0x2545f4914f6cdd1dull;

	memset(slots, 0, sizeof(slots));
	for (u64 step = 0; step < STRESS_STEPS; step++) {
		stress_step(f, slots, &rng);
		if (step % 1000 == 0) {
			for (u64 i = 0; i < STRESS_SLOTS; i++)
				if (slots[i].p)
					check_slot(&slots[i]);
		}
	}
	for (u64 i = 0; i < STRESS_SLOTS; i++) {
		if (slots[i].p) {
			check_slot(&slots[i]);
			free_ok(f, slots[i].p);
		}
	}
	assert_heap_whole(f);
}

#define HEAP_TEST(fn)                                                          \
	cmocka_unit_test_setup_teardown(fn, setup_heap, teardown_heap)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HEAP_TEST(test_init_aligns_an_unaligned_range),
	    HEAP_TEST(test_init_rejects_a_tiny_range),
	    HEAP_TEST(test_fresh_heap_grants_almost_everything),
	    HEAP_TEST(test_alloc_is_aligned_and_does_not_overlap),
	    HEAP_TEST(test_alloc_takes_header_and_rounded_size),
	    HEAP_TEST(test_alloc_rejects_zero_and_huge_sizes),
	    HEAP_TEST(test_zalloc_zeroes_reused_memory),
	    HEAP_TEST(test_exhaustion_returns_null_until_a_free),
	    HEAP_TEST(test_first_fit_takes_lowest_hole),
	    HEAP_TEST(test_hole_too_small_is_skipped),
	    HEAP_TEST(test_coalescing_in_every_order),
	    HEAP_TEST(test_free_merges_both_neighbours),
	    HEAP_TEST(test_double_free_is_refused),
	    HEAP_TEST(test_bogus_pointer_is_refused),
	    HEAP_TEST(test_free_null_is_a_no_op),
	    HEAP_TEST(test_stress_with_patterns),
	};

	return cmocka_run_group_tests_name("heap", tests, NULL, NULL);
}
