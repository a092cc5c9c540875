/*
 * Unit tests for the daemon's virtqueue walker (tools/cvisor-cli/virtq.c):
 * requests a driver may build, and everything a hostile zone may put in
 * its rings instead. The walker must refuse it without touching memory
 * outside the zone's RAM (ASan watches the buffer's edges).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "tools/cvisor-cli/virtq.h"

#define RAM_IPA	 0x40000000ull
#define RAM_SIZE 0x10000ull
#define NUM	 8u
#define DESC	 (RAM_IPA + 0x1000)
#define AVAIL	 (RAM_IPA + 0x2000)
#define USED	 (RAM_IPA + 0x3000)
#define BUF	 (RAM_IPA + 0x8000)

static u8 *ram;
static struct gmem mem;
static struct virtq q;
static struct vq_chain chain;

static u8 *at(u64 ipa)
{
	return ram + (ipa - RAM_IPA);
}

static void set_desc(u32 i, u64 addr, u32 len, u16 flags, u16 next)
{
	u8 *p = at(DESC) + 16 * i;

	memcpy(p, &addr, 8);
	memcpy(p + 8, &len, 4);
	memcpy(p + 12, &flags, 2);
	memcpy(p + 14, &next, 2);
}

/* The driver makes head available. */
static void offer(u16 head)
{
	u16 idx;

	memcpy(&idx, at(AVAIL) + 2, 2);
	memcpy(at(AVAIL) + 4 + 2 * (idx % NUM), &head, 2);
	idx++;
	memcpy(at(AVAIL) + 2, &idx, 2);
}

static int setup(void **state)
{
	(void)state;
	ram = calloc(1, RAM_SIZE); /* exactly the zone's RAM: ASan bounds */
	mem = (struct gmem){ram, RAM_IPA, RAM_SIZE};
	assert_int_equal(virtq_setup(&q, &mem, NUM, DESC, AVAIL, USED), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static void test_empty(void **state)
{
	(void)state;
	assert_int_equal(virtq_pop(&q, &chain), 0);
	assert_false(q.broken);
}

static void test_blk_like_request(void **state)
{
	u16 used_idx;
	u32 id, len;

	(void)state;
	set_desc(3, BUF, 16, VRING_DESC_F_NEXT, 5);
	set_desc(5, BUF + 0x100, 512, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE,
		 0);
	set_desc(0, BUF + 0x400, 1, VRING_DESC_F_WRITE, 0);
	offer(3);
	assert_int_equal(virtq_pop(&q, &chain), 1);
	assert_int_equal(chain.head, 3);
	assert_int_equal(chain.nr_in, 1);
	assert_int_equal(chain.nr_out, 2);
	assert_ptr_equal(chain.in[0].ptr, at(BUF));
	assert_ptr_equal(chain.out[1].ptr, at(BUF + 0x400));
	assert_int_equal(chain.in_len, 16);
	assert_int_equal(chain.out_len, 513);
	assert_int_equal(virtq_pop(&q, &chain), 0);
	virtq_push(&q, 3, 513);
	memcpy(&used_idx, at(USED) + 2, 2);
	memcpy(&id, at(USED) + 4, 4);
	memcpy(&len, at(USED) + 8, 4);
	assert_int_equal(used_idx, 1);
	assert_int_equal(id, 3);
	assert_int_equal(len, 513);
}

static void test_ring_wraps(void **state)
{
	(void)state;
	set_desc(1, BUF, 64, 0, 0);
	for (u32 i = 0; i < 3 * NUM; i++) {
		offer(1);
		assert_int_equal(virtq_pop(&q, &chain), 1);
		virtq_push(&q, chain.head, 0);
	}
	assert_false(q.broken);
}

static void expect_broken(const char *why)
{
	assert_int_equal(virtq_pop(&q, &chain), -1);
	assert_true(q.broken);
	assert_non_null(strstr(q.error, why));
	/* Broken stays broken. */
	assert_int_equal(virtq_pop(&q, &chain), -1);
}

static void test_address_outside(void **state)
{
	(void)state;
	set_desc(0, RAM_IPA + RAM_SIZE - 8, 16, 0, 0);
	offer(0);
	expect_broken("outside the zone's RAM");
}

static void test_address_below(void **state)
{
	(void)state;
	set_desc(0, RAM_IPA - 0x1000, 16, 0, 0);
	offer(0);
	expect_broken("outside the zone's RAM");
}

static void test_address_wraps(void **state)
{
	(void)state;
	set_desc(0, 0xfffffffffffffff0ull, 0x20, 0, 0);
	offer(0);
	expect_broken("outside the zone's RAM");
}

static void test_length_overflows(void **state)
{
	(void)state;
	set_desc(0, BUF, 0xffffffffu, 0, 0);
	offer(0);
	expect_broken("outside the zone's RAM");
}

static void test_chain_loops(void **state)
{
	(void)state;
	set_desc(2, BUF, 8, VRING_DESC_F_NEXT, 4);
	set_desc(4, BUF, 8, VRING_DESC_F_NEXT, 2);
	offer(2);
	expect_broken("loops");
}

static void test_self_loop(void **state)
{
	(void)state;
	set_desc(6, BUF, 8, VRING_DESC_F_NEXT, 6);
	offer(6);
	expect_broken("loops");
}

static void test_next_out_of_range(void **state)
{
	(void)state;
	set_desc(0, BUF, 8, VRING_DESC_F_NEXT, NUM);
	offer(0);
	expect_broken("index out of range");
}

static void test_head_out_of_range(void **state)
{
	(void)state;
	offer(0xffff);
	expect_broken("index out of range");
}

static void test_avail_runs_ahead(void **state)
{
	u16 idx = NUM + 1;

	(void)state;
	memcpy(at(AVAIL) + 2, &idx, 2);
	expect_broken("ran ahead");
}

static void test_readable_after_writable(void **state)
{
	(void)state;
	set_desc(0, BUF, 8, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 1);
	set_desc(1, BUF, 8, 0, 0);
	offer(0);
	expect_broken("readable descriptor after a writable");
}

static void test_indirect_refused(void **state)
{
	(void)state;
	set_desc(0, BUF, 64, VRING_DESC_F_INDIRECT, 0);
	offer(0);
	expect_broken("indirect");
}

static void test_setup_checks(void **state)
{
	(void)state;
	assert_int_equal(virtq_setup(&q, &mem, 6, DESC, AVAIL, USED), -1);
	assert_non_null(strstr(q.error, "power of two"));
	assert_int_equal(virtq_setup(&q, &mem, 0, DESC, AVAIL, USED), -1);
	assert_int_equal(
	    virtq_setup(&q, &mem, NUM, RAM_IPA + RAM_SIZE - 16, AVAIL, USED),
	    -1);
	assert_non_null(strstr(q.error, "outside"));
	assert_int_equal(virtq_setup(&q, &mem, 4096, DESC, AVAIL, USED), -1);
	assert_int_equal(virtq_setup(&q, &mem, NUM, DESC + 8, AVAIL, USED), -1);
	assert_non_null(strstr(q.error, "misaligned"));
	assert_int_equal(virtq_setup(&q, &mem, NUM, DESC, AVAIL, ~0ull - 4),
			 -1);
	assert_false(q.ready);
	assert_int_equal(virtq_pop(&q, &chain), -1);
}

/* A restarted daemon resumes where the used ring stands. */
static void test_resume_from_used_idx(void **state)
{
	u16 five = 5;

	(void)state;
	memcpy(at(USED) + 2, &five, 2);
	memcpy(at(AVAIL) + 2, &five, 2);
	assert_int_equal(virtq_setup(&q, &mem, NUM, DESC, AVAIL, USED), 0);
	assert_int_equal(virtq_pop(&q, &chain), 0);
	set_desc(2, BUF, 8, 0, 0);
	offer(2);
	assert_int_equal(virtq_pop(&q, &chain), 1);
	assert_int_equal(chain.head, 2);
}

/* Random rings: the walker either serves in-bounds segments or breaks. */
static void test_random_rings(void **state)
{
	u64 seed = 0xfeedbeef;
	u32 served = 0, broke = 0;

	(void)state;
	for (u32 round = 0; round < 2000; round++) {
		u16 idx;

		assert_int_equal(virtq_setup(&q, &mem, NUM, DESC, AVAIL, USED),
				 0);
		for (u32 i = 0; i < NUM; i++)
			set_desc(
			    i,
			    RAM_IPA - 0x100 +
				test_random_range(&seed, 0, RAM_SIZE + 0x200),
			    (u32)test_random_range(&seed, 0, 0x300),
			    (u16)test_random_range(&seed, 0, 7),
			    (u16)test_random_range(&seed, 0, NUM));
		for (u32 i = 0; i < NUM; i++) {
			u16 h = (u16)test_random_range(&seed, 0, NUM);

			memcpy(at(AVAIL) + 4 + 2 * i, &h, 2);
		}
		idx = (u16)test_random_range(&seed, 0, NUM + 2);
		memcpy(at(AVAIL) + 2, &idx, 2);
		memset(at(USED), 0, 4);
		for (int r; (r = virtq_pop(&q, &chain)) == 1;) {
			for (u32 s = 0; s < chain.nr_in; s++)
				(void)chain.in[s]
				    .ptr[chain.in[s].len ? chain.in[s].len - 1
							 : 0];
			for (u32 s = 0; s < chain.nr_out; s++)
				if (chain.out[s].len)
					chain.out[s]
					    .ptr[chain.out[s].len - 1] ^= 0;
			virtq_push(&q, chain.head, 0);
			served++;
		}
		broke += q.broken;
	}
	/* Both outcomes were exercised. */
	assert_true(served > 100);
	assert_true(broke > 100);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_empty),
	    T(test_blk_like_request),
	    T(test_ring_wraps),
	    T(test_address_outside),
	    T(test_address_below),
	    T(test_address_wraps),
	    T(test_length_overflows),
	    T(test_chain_loops),
	    T(test_self_loop),
	    T(test_next_out_of_range),
	    T(test_head_out_of_range),
	    T(test_avail_runs_ahead),
	    T(test_readable_after_writable),
	    T(test_indirect_refused),
	    T(test_setup_checks),
	    T(test_resume_from_used_idx),
	    T(test_random_rings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
