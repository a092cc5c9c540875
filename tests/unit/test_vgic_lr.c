/*
 * Unit tests for drivers/irqchip/vgic_lr.c: which list register a virtual
 * interrupt goes to, and the queue of interrupts waiting for one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/irqchip/vgic_lr.h"

#define NR_LRS	 4u
#define NO_SLOT	 0xdeadu
#define ALL_FREE 0xfull

/* Four list registers holding SPIs 40-43, all pending: nothing free. */
static void busy_lrs(struct lr_value *lrs)
{
	for (u32 i = 0; i < NR_LRS; i++)
		lrs[i] = (struct lr_value){.vintid = 40 + i,
					   .priority = 0xa0,
					   .group1 = true,
					   .state = LR_PENDING};
}

static enum lr_decision decide(const struct lr_value *lrs, u64 empty,
			       u32 vintid, bool hw, u32 *slot)
{
	*slot = NO_SLOT;
	return vgic_lr_decide(lrs, NR_LRS, empty, vintid, hw, slot);
}

/* ---- vgic_lr_decide ---- */

static void test_decide_all_free_takes_slot_0(void **state)
{
	struct lr_value lrs[NR_LRS] = {0};
	u32 slot;

	(void)state;
	assert_int_equal(decide(lrs, ALL_FREE, 27, false, &slot), LR_USE_FREE);
	assert_int_equal(slot, 0);
}

static void test_decide_picks_lowest_free_slot(void **state)
{
	struct lr_value lrs[NR_LRS];
	u32 slot;

	(void)state;
	busy_lrs(lrs);
	assert_int_equal(decide(lrs, 0xc, 50, false, &slot), LR_USE_FREE);
	assert_int_equal(slot, 2);
	assert_int_equal(decide(lrs, 0x8, 50, true, &slot), LR_USE_FREE);
	assert_int_equal(slot, 3);
	assert_int_equal(decide(lrs, 0xa, 50, false, &slot), LR_USE_FREE);
	assert_int_equal(slot, 1);
}

static void test_decide_merges_already_pending(void **state)
{
	struct lr_value lrs[NR_LRS];
	u32 slot;

	(void)state;
	busy_lrs(lrs);
	/* Even with a lower slot free, the LR holding it wins. */
	assert_int_equal(decide(lrs, 0x1, 42, false, &slot), LR_MERGED);
	assert_int_equal(slot, 2);
	lrs[3].state = LR_PENDING_ACTIVE;
	assert_int_equal(decide(lrs, 0x0, 43, true, &slot), LR_MERGED);
	assert_int_equal(slot, 3);
}

static void test_decide_active_software_irq_adds_pending(void **state)
{
	struct lr_value lrs[NR_LRS];
	u32 slot;

	(void)state;
	busy_lrs(lrs);
	lrs[1].state = LR_ACTIVE;
	assert_int_equal(decide(lrs, 0x8, 41, false, &slot), LR_ADD_PENDING);
	assert_int_equal(slot, 1);
}

static void test_decide_active_hw_irq_is_queued(void **state)
{
	struct lr_value lrs[NR_LRS];
	u32 slot;

	(void)state;
	busy_lrs(lrs);
	lrs[1].state = LR_ACTIVE;
	lrs[1].hw = true;
	lrs[1].pintid = 41;
	/* A free slot does not help: it may not be in two LRs. */
	assert_int_equal(decide(lrs, 0x8, 41, true, &slot), LR_QUEUE);
}

static void test_decide_all_busy_queues(void **state)
{
	struct lr_value lrs[NR_LRS];
	u32 slot;

	(void)state;
	busy_lrs(lrs);
	assert_int_equal(decide(lrs, 0x0, 60, false, &slot), LR_QUEUE);
	assert_int_equal(slot, NO_SLOT);
	/* Bits for LRs that do not exist are not free LRs. */
	assert_int_equal(decide(lrs, ~ALL_FREE, 60, false, &slot), LR_QUEUE);
	assert_int_equal(slot, NO_SLOT);
}

/* An LR marked empty is free whatever its stale contents say. */
static void test_decide_empty_bit_overrides_stale_contents(void **state)
{
	struct lr_value lrs[NR_LRS];
	u32 slot;

	(void)state;
	busy_lrs(lrs);
	assert_int_equal(decide(lrs, 0x1, 40, false, &slot), LR_USE_FREE);
	assert_int_equal(slot, 0);
	lrs[2].state = LR_ACTIVE;
	assert_int_equal(decide(lrs, 0x4, 42, true, &slot), LR_USE_FREE);
	assert_int_equal(slot, 2);
}

static void test_decide_invalid_lr_is_not_a_match(void **state)
{
	struct lr_value lrs[NR_LRS];
	u32 slot;

	(void)state;
	busy_lrs(lrs);
	lrs[1].state = LR_INVALID;
	assert_int_equal(decide(lrs, 0x0, 41, false, &slot), LR_QUEUE);
}

/* ---- the pending queue ---- */

static void test_queue_is_fifo(void **state)
{
	struct vgic_pending p = {0};
	static const u32 order[] = {35, 1019, 0, 64, 63, 500};
	u32 intid = 0;

	(void)state;
	for (u32 i = 0; i < ARRAY_SIZE(order); i++)
		assert_true(vgic_pending_push(&p, order[i]));
	assert_int_equal(p.count, ARRAY_SIZE(order));
	for (u32 i = 0; i < ARRAY_SIZE(order); i++) {
		assert_true(vgic_pending_pop(&p, &intid));
		assert_int_equal(intid, order[i]);
	}
	assert_false(vgic_pending_pop(&p, &intid));
	assert_int_equal(intid, 500);
}

static void test_queue_dedupes(void **state)
{
	struct vgic_pending p = {0};
	u32 intid;

	(void)state;
	assert_true(vgic_pending_push(&p, 33));
	assert_true(vgic_pending_push(&p, 34));
	assert_true(vgic_pending_push(&p, 33));
	assert_int_equal(p.count, 2);
	assert_true(vgic_pending_pop(&p, &intid));
	assert_int_equal(intid, 33);
	/* Popped: it may be queued again, behind 34. */
	assert_true(vgic_pending_push(&p, 33));
	assert_true(vgic_pending_pop(&p, &intid));
	assert_int_equal(intid, 34);
	assert_true(vgic_pending_pop(&p, &intid));
	assert_int_equal(intid, 33);
	assert_int_equal(p.count, 0);
}

static void test_queue_full(void **state)
{
	struct vgic_pending p = {0};
	u32 intid;

	(void)state;
	for (u32 i = 0; i < VGIC_PENDING_MAX; i++)
		assert_true(vgic_pending_push(&p, 100 + i));
	assert_false(vgic_pending_push(&p, 99));
	/* Already queued: still fine when full. */
	assert_true(vgic_pending_push(&p, 100));
	assert_int_equal(p.count, VGIC_PENDING_MAX);
	assert_true(vgic_pending_pop(&p, &intid));
	assert_int_equal(intid, 100);
	assert_true(vgic_pending_push(&p, 99));
	for (u32 i = 1; i < VGIC_PENDING_MAX; i++) {
		assert_true(vgic_pending_pop(&p, &intid));
		assert_int_equal(intid, 100 + i);
	}
	assert_true(vgic_pending_pop(&p, &intid));
	assert_int_equal(intid, 99);
	assert_false(vgic_pending_pop(&p, &intid));
}

static void test_queue_rejects_special_intids(void **state)
{
	struct vgic_pending p = {0};
	u32 intid = 7;

	(void)state;
	assert_false(vgic_pending_push(&p, VGIC_MAX_INTID));
	assert_false(vgic_pending_push(&p, 1023));
	assert_false(vgic_pending_push(&p, 8192));
	assert_false(vgic_pending_push(&p, UINT32_MAX));
	assert_int_equal(p.count, 0);
	assert_false(vgic_pending_pop(&p, &intid));
	assert_int_equal(intid, 7);
	assert_true(vgic_pending_push(&p, VGIC_MAX_INTID - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decide_all_free_takes_slot_0),
	    cmocka_unit_test(test_decide_picks_lowest_free_slot),
	    cmocka_unit_test(test_decide_merges_already_pending),
	    cmocka_unit_test(test_decide_active_software_irq_adds_pending),
	    cmocka_unit_test(test_decide_active_hw_irq_is_queued),
	    cmocka_unit_test(test_decide_all_busy_queues),
	    cmocka_unit_test(test_decide_empty_bit_overrides_stale_contents),
	    cmocka_unit_test(test_decide_invalid_lr_is_not_a_match),
	    cmocka_unit_test(test_queue_is_fifo),
	    cmocka_unit_test(test_queue_dedupes),
	    cmocka_unit_test(test_queue_full),
	    cmocka_unit_test(test_queue_rejects_special_intids),
	};

	return cmocka_run_group_tests_name("vgic_lr", tests, NULL, NULL);
}
