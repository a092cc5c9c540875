/* The virtual PLIC's register state machine (drivers/irqchip/
 * plic_vstate.c), through its MMIO register interface. Contexts follow
 * QEMU virt: 2n = hart n's M-mode, 2n + 1 = its S-mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "drivers/irqchip/plic_virt.h"

#define S0 1 /* vCPU 0's S-mode context */
#define S1 3

static struct vplic_state st;

static void wr(u64 off, u32 v)
{
	u32 hw;

	assert_int_equal(vplic_state_write(&st, off, v, &hw), 0);
	assert_int_equal(hw, 0);
}

static u32 rd(u64 off)
{
	u32 v;

	assert_int_equal(vplic_state_read(&st, off, &v), 0);
	return v;
}

static u64 claim_reg(u32 ctx)
{
	return PLIC_CONTEXT + ctx * PLIC_CONTEXT_STRIDE + PLIC_CLAIM;
}

static u64 threshold_reg(u32 ctx)
{
	return PLIC_CONTEXT + ctx * PLIC_CONTEXT_STRIDE + PLIC_THRESHOLD;
}

static void enable(u32 ctx, u32 src)
{
	u64 off = PLIC_ENABLE + ctx * PLIC_ENABLE_STRIDE + 4 * (src / 32);

	wr(off, rd(off) | 1u << (src % 32));
}

static int setup(void **state)
{
	(void)state;
	vplic_state_init(&st, 97, 4); /* 96 sources, 2 vCPUs */
	return 0;
}

static void test_priority_zero_never_interrupts(void **state)
{
	(void)state;
	enable(S0, 10);
	vplic_state_set_level(&st, 10, true);
	assert_int_equal(rd(PLIC_PENDING), 1u << 10);
	assert_int_equal(vplic_state_best(&st, S0), 0);
	wr(PLIC_PRIORITY + 4 * 10, 1);
	assert_int_equal(vplic_state_best(&st, S0), 10);
	assert_int_equal(vplic_state_best(&st, S1), 0); /* not enabled */
}

static void test_level_claim_complete_cycle(void **state)
{
	u32 hw;

	(void)state;
	wr(PLIC_PRIORITY + 4 * 33, 3);
	enable(S0, 33);
	vplic_state_set_level(&st, 33, true);
	assert_int_equal(rd(claim_reg(S0)), 33);
	/* In service: no longer pending, not claimable again. */
	assert_int_equal(rd(PLIC_PENDING + 4), 0);
	assert_int_equal(rd(claim_reg(S0)), 0);
	assert_int_equal(vplic_state_best(&st, S0), 0);
	/* Still asserted at completion: pending again at once. */
	assert_int_equal(vplic_state_write(&st, claim_reg(S0), 33, &hw), 0);
	assert_int_equal(hw, 0);
	assert_int_equal(vplic_state_best(&st, S0), 33);
	/* Deasserted while in service: nothing after completion. */
	assert_int_equal(rd(claim_reg(S0)), 33);
	vplic_state_set_level(&st, 33, false);
	wr(claim_reg(S0), 33);
	assert_int_equal(vplic_state_best(&st, S0), 0);
	assert_int_equal(rd(PLIC_PENDING + 4), 0);
}

static void test_threshold_and_priority_order(void **state)
{
	(void)state;
	wr(PLIC_PRIORITY + 4 * 5, 2);
	wr(PLIC_PRIORITY + 4 * 6, 5);
	wr(PLIC_PRIORITY + 4 * 7, 5);
	enable(S1, 5);
	enable(S1, 6);
	enable(S1, 7);
	vplic_state_set_level(&st, 5, true);
	vplic_state_set_level(&st, 6, true);
	vplic_state_set_level(&st, 7, true);
	/* Highest priority first; a tie goes to the lowest id. */
	assert_int_equal(vplic_state_best(&st, S1), 6);
	wr(threshold_reg(S1), 5);
	assert_int_equal(rd(threshold_reg(S1)), 5);
	assert_int_equal(vplic_state_best(&st, S1), 0); /* > threshold only */
	wr(threshold_reg(S1), 2);
	assert_int_equal(rd(claim_reg(S1)), 6);
	assert_int_equal(rd(claim_reg(S1)), 7);
	assert_int_equal(rd(claim_reg(S1)), 0); /* 5's priority 2 <= 2 */
	/* Priorities are 3 bits (QEMU virt: 7 levels). */
	wr(PLIC_PRIORITY + 4 * 5, 0xff);
	assert_int_equal(rd(PLIC_PRIORITY + 4 * 5), 7);
}

static void test_forwarded_source_completes_at_the_physical_plic(void **state)
{
	u32 hw;

	(void)state;
	wr(PLIC_PRIORITY + 4 * 10, 1);
	enable(S0, 10);
	vplic_state_raise_hw(&st, 10);
	assert_int_equal(rd(claim_reg(S0)), 10);
	/* A completion from a context without the enable is ignored. */
	assert_int_equal(vplic_state_write(&st, claim_reg(S1), 10, &hw), 0);
	assert_int_equal(hw, 0);
	assert_int_equal(vplic_state_write(&st, claim_reg(S0), 10, &hw), 0);
	assert_int_equal(hw, 10);
	/* Edge from the physical side: nothing left pending. */
	assert_int_equal(vplic_state_best(&st, S0), 0);
	/* A second completion does nothing. */
	assert_int_equal(vplic_state_write(&st, claim_reg(S0), 10, &hw), 0);
	assert_int_equal(hw, 0);
}

static void test_registers_outside_the_model(void **state)
{
	u32 v, hw;

	(void)state;
	/* Source 0 and sources beyond ndev do not exist. */
	wr(PLIC_PRIORITY, 7);
	assert_int_equal(rd(PLIC_PRIORITY), 0);
	vplic_state_set_level(&st, 0, true);
	vplic_state_set_level(&st, 200, true);
	assert_int_equal(rd(PLIC_PENDING), 0);
	/* Enable bits of missing sources read as zero. */
	wr(PLIC_ENABLE + S0 * PLIC_ENABLE_STRIDE + 12, ~0u);
	assert_int_equal(rd(PLIC_ENABLE + S0 * PLIC_ENABLE_STRIDE + 12), 1u);
	/* Pending is read-only. */
	wr(PLIC_PENDING, ~0u);
	assert_int_equal(rd(PLIC_PENDING), 0);
	/* Contexts beyond the vCPUs, and unaligned offsets, are refused. */
	assert_int_equal(vplic_state_read(&st, claim_reg(4), &v), -CV_EINVAL);
	assert_int_equal(vplic_state_write(&st, threshold_reg(9), 1, &hw),
			 -CV_EINVAL);
	assert_int_equal(vplic_state_read(&st, PLIC_PRIORITY + 2, &v),
			 -CV_EINVAL);
	/* M-mode contexts exist but never see anything enabled by S. */
	enable(S0, 3);
	wr(PLIC_PRIORITY + 4 * 3, 1);
	vplic_state_set_level(&st, 3, true);
	assert_int_equal(rd(claim_reg(0)), 0);
}

/* Another zone's source (11) is absent: priority and enable bits read 0
 * and ignore writes, its line pends nothing, it is never claimed; made
 * absent after being configured, its state goes. */
static void test_absent_source_reads_zero_and_ignores_writes(void **state)
{
	(void)state;
	wr(PLIC_PRIORITY + 4 * 12, 3);
	enable(S0, 12);
	vplic_state_set_absent(&st, 11, true);
	vplic_state_set_absent(&st, 12, true);
	/* Such writes are named for the log; the zone's own are not. */
	assert_true(vplic_state_write_is_foreign(&st, PLIC_PRIORITY + 44, 7));
	assert_false(vplic_state_write_is_foreign(&st, PLIC_PRIORITY + 40, 7));
	assert_true(vplic_state_write_is_foreign(
	    &st, PLIC_ENABLE + S0 * PLIC_ENABLE_STRIDE, 1u << 11 | 1u << 10));
	assert_false(vplic_state_write_is_foreign(
	    &st, PLIC_ENABLE + S0 * PLIC_ENABLE_STRIDE, 1u << 10));
	assert_true(vplic_state_write_is_foreign(
	    &st, PLIC_ENABLE + 4 * PLIC_ENABLE_STRIDE, 1u << 10));
	wr(PLIC_PRIORITY + 4 * 11, 7);
	enable(S0, 11);
	vplic_state_set_level(&st, 11, true);
	vplic_state_raise_hw(&st, 11);
	assert_int_equal(rd(PLIC_PRIORITY + 4 * 11), 0);
	assert_int_equal(rd(PLIC_PRIORITY + 4 * 12), 0);
	assert_int_equal(rd(PLIC_ENABLE + S0 * PLIC_ENABLE_STRIDE), 0);
	assert_int_equal(rd(PLIC_PENDING), 0);
	assert_int_equal(rd(claim_reg(S0)), 0);
	/* Declared (an emulated device of the zone): usable again. */
	vplic_state_set_absent(&st, 11, false);
	wr(PLIC_PRIORITY + 4 * 11, 7);
	enable(S0, 11);
	vplic_state_set_level(&st, 11, true);
	assert_int_equal(rd(claim_reg(S0)), 11);
}

/* A restart: a claim left in service, enables, priorities and the
 * threshold go; an emulated line still high is pending again; absent
 * sources stay absent. */
static void test_reset_for_a_restarting_zone(void **state)
{
	(void)state;
	vplic_state_set_absent(&st, 11, true);
	wr(PLIC_PRIORITY + 4 * 10, 1);
	enable(S0, 10);
	wr(threshold_reg(S0), 0);
	vplic_state_set_level(&st, 10, true);
	assert_int_equal(rd(claim_reg(S0)), 10); /* in service, never done */
	vplic_state_reset(&st);
	assert_int_equal(rd(PLIC_PRIORITY + 4 * 10), 0);
	assert_int_equal(rd(PLIC_ENABLE + S0 * PLIC_ENABLE_STRIDE), 0);
	assert_int_equal(rd(PLIC_PENDING), 1u << 10);
	wr(PLIC_PRIORITY + 4 * 11, 1);
	assert_int_equal(rd(PLIC_PRIORITY + 4 * 11), 0);
	/* Configured again, the line is claimable: nothing stuck. */
	wr(PLIC_PRIORITY + 4 * 10, 1);
	enable(S0, 10);
	assert_int_equal(rd(claim_reg(S0)), 10);
}

/* A source enabled for vCPU 1 became pending while vCPU 1 was off (a
 * secondary hart the guest stopped with SBI HSM): its line was recorded
 * as signalled, the event dropped. When vCPU 1 starts, its line is high:
 * before, the start cleared hvip.VSEIP and no later change was seen, so
 * the interrupt was never taken. */
static void test_line_pending_while_off_is_raised_at_start(void **state)
{
	u64 signalled = 1ull << 1; /* set when the source went pending */

	(void)state;
	wr(PLIC_PRIORITY + 4 * 12, 1);
	enable(S1, 12);
	vplic_state_set_level(&st, 12, true);
	assert_true(vplic_state_line_at_start(&st, 1, &signalled));
	assert_int_equal(signalled, 1ull << 1);
	/* Claimed and nothing else pending: low, and recorded low. */
	assert_int_equal(rd(claim_reg(S1)), 12);
	assert_false(vplic_state_line_at_start(&st, 1, &signalled));
	assert_int_equal(signalled, 0);
	/* vCPU 0 has nothing enabled: low, vCPU 1's record untouched. */
	signalled = 1ull << 1;
	assert_false(vplic_state_line_at_start(&st, 0, &signalled));
	assert_int_equal(signalled, 1ull << 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_priority_zero_never_interrupts, setup),
	    cmocka_unit_test_setup(test_level_claim_complete_cycle, setup),
	    cmocka_unit_test_setup(test_threshold_and_priority_order, setup),
	    cmocka_unit_test_setup(
		test_forwarded_source_completes_at_the_physical_plic, setup),
	    cmocka_unit_test_setup(test_registers_outside_the_model, setup),
	    cmocka_unit_test_setup(
		test_absent_source_reads_zero_and_ignores_writes, setup),
	    cmocka_unit_test_setup(test_reset_for_a_restarting_zone, setup),
	    cmocka_unit_test_setup(
		test_line_pending_while_off_is_raised_at_start, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
