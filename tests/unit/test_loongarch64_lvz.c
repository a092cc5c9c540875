/*
 * loongarch64 LVZ bookkeeping on the host: the guest-physical table format
 * and the TLB refill rules (stage2.c with mm/pt.c), the guest CSR list and
 * reset state (gcsr.c), and the emulated IOCSR IPI block (vipi.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/loongarch64/gcsr.h"
#include "arch/loongarch64/stage2.h"
#include "arch/loongarch64/vidle.h"
#include "arch/loongarch64/vipi.h"
#include "arch/loongarch64/vtimer.h"
#include "cvisor/errno.h"

static void *alloc_table(void *ctx, u64 bytes)
{
	void *t = aligned_alloc(bytes, bytes);

	(void)ctx;
	if (t)
		memset(t, 0, bytes);
	return t;
}

static void free_table(void *ctx, void *t, u64 bytes)
{
	(void)ctx;
	(void)bytes;
	free(t);
}

static struct page_table new_s2(void)
{
	struct pt_memory mem = {alloc_table, free_table, NULL, NULL};
	struct page_table pt;

	assert_int_equal(pt_init(&pt, &la_stage2_format, &mem, S2_IPA_BITS), 0);
	return pt;
}

static void test_s2_two_levels(void **state)
{
	struct page_table pt = new_s2();

	(void)state;
	/* 36 bits = 14 + 11 + 11: root at level 2, one 16 KiB table */
	assert_int_equal(pt.first_level, 2);
	assert_int_equal(pt.root_tables, 1);
	pt_destroy(&pt);
}

/* A 32 MiB block: one TLB pair of 16 MiB halves, both from the block. */
static void test_refill_block(void **state)
{
	struct page_table pt = new_s2();
	struct tlb_pair p;

	(void)state;
	assert_int_equal(
	    pt_map(&pt, ipa_init(0), pa_init(0x08000000), 64ull << 20, PT_RWX),
	    0);
	assert_int_equal(s2_refill_pair(&pt, ipa_init(0x200000), &p), 0);
	assert_int_equal(p.ps, 24);
	assert_int_equal(p.ehi, 0);
	assert_int_equal(p.elo0 & TLBELO_PPN, 0x08000000);
	assert_int_equal(p.elo1 & TLBELO_PPN, 0x09000000);
	assert_true(p.elo0 & TLBELO_V && p.elo0 & TLBELO_D);
	assert_true(p.elo0 & TLBELO_G); /* no ASID match: the GID decides */
	assert_int_equal(FIELD_GET(5, 4, p.elo0), 1); /* coherent cached */
	assert_false(p.elo0 & (TLBELO_NR | TLBELO_NX));
	/* the second block of the region */
	assert_int_equal(s2_refill_pair(&pt, ipa_init(0x03000010), &p), 0);
	assert_int_equal(p.ehi, 0x02000000);
	assert_int_equal(p.elo1 & TLBELO_PPN, 0x0b000000);
	pt_destroy(&pt);
}

/* 16 KiB device pages: the even/odd buddy is looked up on its own. */
static void test_refill_pages(void **state)
{
	struct page_table pt = new_s2();
	struct tlb_pair p;

	(void)state;
	assert_int_equal(pt_map(&pt, ipa_init(0x1fe00000), pa_init(0x1fe00000),
				0x4000, PT_READ | PT_WRITE | PT_DEVICE),
			 0);
	assert_int_equal(s2_refill_pair(&pt, ipa_init(0x1fe001e0), &p), 0);
	assert_int_equal(p.ps, 14);
	assert_int_equal(p.ehi, 0x1fe00000);
	assert_int_equal(p.elo0 & TLBELO_PPN, 0x1fe00000);
	assert_int_equal(FIELD_GET(5, 4, p.elo0), 0); /* uncached */
	assert_true(p.elo0 & TLBELO_NX);
	assert_int_equal(p.elo1, 0); /* odd page unmapped: V = 0 */
	/* odd page alone: the even half is invalid */
	assert_int_equal(pt_map(&pt, ipa_init(0x1fe0c000), pa_init(0x30000000),
				0x4000, PT_READ),
			 0);
	assert_int_equal(s2_refill_pair(&pt, ipa_init(0x1fe0c100), &p), 0);
	assert_int_equal(p.ehi, 0x1fe08000);
	assert_int_equal(p.elo0, 0);
	assert_int_equal(p.elo1 & TLBELO_PPN, 0x30000000);
	assert_false(p.elo1 & TLBELO_D); /* read-only */
	pt_destroy(&pt);
}

static void test_refill_unmapped(void **state)
{
	struct page_table pt = new_s2();
	struct tlb_pair p;

	(void)state;
	assert_int_equal(
	    pt_map(&pt, ipa_init(0), pa_init(0x08000000), 64ull << 20, PT_RWX),
	    0);
	assert_int_equal(s2_refill_pair(&pt, ipa_init(0x0c000000), &p),
			 -CV_ENOENT);
	assert_int_equal(s2_refill_pair(&pt, ipa_init(1ull << 40), &p),
			 -CV_ENOENT);
	pt_destroy(&pt);
}

static void test_gcsr_reset_and_list(void **state)
{
	struct gcsr_state s;

	(void)state;
	memset(&s, 0x5a, sizeof(s));
	gcsr_state_reset(&s, 3);
	assert_int_equal(s.v[GCSR_CRMD], GCSR_RESET_CRMD); /* DA, PLV0 */
	assert_int_equal(s.v[GCSR_CPUID], 3);
	assert_int_equal(s.v[GCSR_ECFG], 0);
	assert_int_equal(s.v[GCSR_TCFG], 0); /* timer off */
	assert_int_equal(s.v[GCSR_ESTAT], 0);
	assert_int_equal(gcsr_index(0x5), GCSR_ESTAT);
	assert_int_equal(gcsr_number(GCSR_DMW3), 0x183);
	assert_int_equal(gcsr_index(0x50), -1); /* GSTAT: root only */
	assert_int_equal(gcsr_index(0x15), -1); /* GTLBC: root only */
	assert_false(gcsr_restored(GCSR_TVAL)); /* read-only */
	assert_true(gcsr_restored(GCSR_TCFG));
	for (int i = 0; i < GCSR_COUNT; i++) /* numbers are unique */
		assert_int_equal(gcsr_index(gcsr_number((enum gcsr_index)i)),
				 i);
}

static void test_vipi_send_and_line(void **state)
{
	struct vipi v;
	struct vipi_op op;
	u64 val;

	(void)state;
	vipi_reset(&v);
	assert_false(vipi_line(&v));
	assert_int_equal(vipi_write(&v, VIPI_SEND, 4, (2u << 16) | 5, &op), 0);
	assert_int_equal(op.kind, VIPI_OP_SEND);
	assert_int_equal(op.target, 2);
	assert_int_equal(op.vector, 5);
	vipi_raise(&v, op.vector);
	assert_false(vipi_line(&v)); /* not enabled yet */
	assert_int_equal(vipi_write(&v, VIPI_EN, 4, 0xffffffff, &op), 0);
	assert_true(vipi_line(&v));
	assert_int_equal(vipi_read(&v, VIPI_STATUS, 4, &val), 0);
	assert_int_equal(val, 0x20);
	assert_int_equal(vipi_write(&v, VIPI_CLEAR, 4, 0x20, &op), 0);
	assert_false(vipi_line(&v));
	assert_int_equal(vipi_write(&v, VIPI_SET, 4, 0x3, &op), 0);
	assert_true(vipi_line(&v));
	assert_int_equal(vipi_write(&v, VIPI_STATUS, 4, 0, &op), 0);
	assert_true(vipi_line(&v)); /* status is read-only */
}

static void test_vipi_mailboxes(void **state)
{
	struct vipi v;
	struct vipi_op op;
	u64 val;

	(void)state;
	vipi_reset(&v);
	assert_int_equal(
	    vipi_write(&v, VIPI_BUF + 8, 8, 0x1122334455667788, &op), 0);
	assert_int_equal(vipi_read(&v, VIPI_BUF + 8, 8, &val), 0);
	assert_int_equal(val, 0x1122334455667788);
	assert_int_equal(vipi_read(&v, VIPI_BUF + 12, 4, &val), 0);
	assert_int_equal(val, 0x11223344);
	/* MBUF_SEND word 1 of CPU 0, keep byte 0 (mask bit 27) */
	assert_int_equal(vipi_write(&v, VIPI_MBUF, 8,
				    (0xaabbccddull << 32) | (1u << 27) |
					(0u << 16) | (1u << 2),
				    &op),
			 0);
	assert_int_equal(op.kind, VIPI_OP_MAIL);
	assert_int_equal(op.word, 1);
	v.buf[1] = 0x000000ee;
	vipi_mail(&v, &op);
	assert_int_equal(v.buf[1], 0xaabbccee);
	/* unaligned and unknown registers are refused */
	assert_int_equal(vipi_read(&v, VIPI_STATUS + 2, 4, &val), -CV_EINVAL);
	assert_int_equal(vipi_read(&v, 0x1010, 4, &val), -CV_EINVAL);
	assert_int_equal(vipi_write(&v, VIPI_EN, 1, 1, &op), -CV_EINVAL);
}

/* vtimer.h: a count above the initial value is the fork's underflow. */
static void test_vtimer_overdue(void **state)
{
	(void)state;
	assert_false(la_timer_overdue(0x61a81, 0x1000));  /* running */
	assert_false(la_timer_overdue(0x61a81, 0x61a80)); /* just armed */
	assert_true(la_timer_overdue(0x61a81, 0x61a84));
	assert_true(la_timer_overdue(0x61a81, 1844674407370901071ull));
	assert_false(la_timer_overdue(0x61a80, ~0ull)); /* disabled */
	assert_false(la_timer_overdue(0x61a83, 0));	/* periodic, at 0 */
}

/* IDLE as a wait (vidle.h): what is pending, what is left of the timer,
 * and what is left after a wait that ended early. */
static void test_vidle_timer_and_lines(void **state)
{
	(void)state;
	assert_true(la_guest_irq_ready(1ull << 11, 1ull << 11 | 1ull << 12));
	assert_false(la_guest_irq_ready(1ull << 11, 1ull << 12)); /* masked */
	assert_true(la_guest_irq_ready(1ull << 3, 1ull << 3));	  /* HWI1 */
	assert_false(la_guest_irq_ready(1ull << 13, ~0ull)); /* not a line */
	assert_int_equal(la_guest_timer_left(0x61a80, 100), LA_TIMER_OFF);
	assert_int_equal(la_guest_timer_left(0x61a81, 0x1003), 0x1000);
	assert_int_equal(la_guest_timer_left(0x61a81, 3), 0); /* ran out */
	assert_int_equal(la_guest_timer_left(0x61a81, 1844674407370901071ull),
			 0); /* the fork's wrapped count */
	assert_int_equal(la_guest_timer_left(0x61a83, 0x61a80), 0x61a80);
	assert_int_equal(la_guest_timer_left(0x61a83, 0x61a84), 0);
	/* an early wake leaves the guest what the root timer had left */
	assert_int_equal(la_guest_timer_rest(0x1000, 0x403), 0x400);
	assert_int_equal(la_guest_timer_rest(0x1000, 0x1000), 0x1000);
	assert_int_equal(la_guest_timer_rest(0x1000, 0), 0);	 /* fired */
	assert_int_equal(la_guest_timer_rest(0x1000, 2), 0);	 /* granule */
	assert_int_equal(la_guest_timer_rest(0x1000, ~0ull), 0); /* wrapped */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_s2_two_levels),
	    cmocka_unit_test(test_refill_block),
	    cmocka_unit_test(test_refill_pages),
	    cmocka_unit_test(test_refill_unmapped),
	    cmocka_unit_test(test_gcsr_reset_and_list),
	    cmocka_unit_test(test_vipi_send_and_line),
	    cmocka_unit_test(test_vipi_mailboxes),
	    cmocka_unit_test(test_vtimer_overdue),
	    cmocka_unit_test(test_vidle_timer_and_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
