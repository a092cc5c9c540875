/*
 * mm/pt.c with the riscv64 Sv39x4 G-stage format: a 41-bit guest-physical
 * space gives a 16 KiB root (4 concatenated tables of 512 entries, mm/pt
 * level 1) over levels 2 and 3. The tests decode the raw PTEs the way the
 * hart's G-stage walk does (privileged spec 8.5.1): VPN[2] is GPA[40:30]
 * (11 bits), VPN[1] GPA[29:21], VPN[0] GPA[20:12].
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/riscv64/stage2_format.h"
#include "cvisor/bits.h"
#include "cvisor/errno.h"
#include "mm/pt.h"

#define PTE_V BIT(0)
#define PTE_R BIT(1)
#define PTE_W BIT(2)
#define PTE_X BIT(3)
#define PTE_U BIT(4)
#define PTE_A BIT(6)
#define PTE_D BIT(7)

static int live_tables;

static void *alloc_table(void *ctx, u64 bytes)
{
	void *t = aligned_alloc(bytes, bytes);

	(void)ctx;
	if (t) {
		memset(t, 0, bytes);
		live_tables++;
	}
	return t;
}

static void free_table(void *ctx, void *t, u64 bytes)
{
	(void)ctx;
	(void)bytes;
	free(t);
	live_tables--;
}

static const struct pt_memory mem = {alloc_table, free_table, NULL, NULL};

/* What the hart does: walk from hgatp's root with the GPA. */
static int hw_walk(const struct page_table *pt, u64 gpa, u64 *pa, u64 *pte)
{
	const u64 *table = pt->root;
	u64 idx[3] = {FIELD_GET(40, 30, gpa), FIELD_GET(29, 21, gpa),
		      FIELD_GET(20, 12, gpa)};

	for (int lvl = 0; lvl < 3; lvl++) {
		u64 e = table[idx[lvl]];

		if (!(e & PTE_V))
			return -1;
		if (e & (PTE_R | PTE_W | PTE_X)) {
			u64 span = 1ull << (30 - 9 * lvl);

			*pte = e;
			*pa = (FIELD_GET(53, 10, e) << 12) + (gpa & (span - 1));
			return lvl;
		}
		table = (const u64 *)(uintptr_t)(FIELD_GET(53, 10, e) << 12);
	}
	return -1;
}

static void test_geometry(void **state)
{
	struct page_table pt;

	(void)state;
	assert_int_equal(pt_init(&pt, &riscv_sv39x4_format, &mem, 41), 0);
	assert_int_equal(pt.first_level, 1);
	assert_int_equal(pt.root_tables, 4);
	assert_true(IS_ALIGNED((uintptr_t)pt.root, KiB(16)));
	assert_int_equal(
	    pt_map(&pt, ipa_init(GiB(2048)), pa_init(0), KiB(4), PT_READ),
	    -CV_ERANGE); /* 2 TiB is beyond 41 bits */
	pt_destroy(&pt);
	assert_int_equal(live_tables, 0);
}

static void test_gigapage_at_top_of_root(void **state)
{
	struct page_table pt;
	u64 pa, pte;

	(void)state;
	assert_int_equal(pt_init(&pt, &riscv_sv39x4_format, &mem, 41), 0);
	/* GPA 1 TiB + 3 GiB: root index 1027, only in the 4th root table. */
	assert_int_equal(
	    pt_map(&pt, ipa_init(GiB(1027)), pa_init(GiB(5)), GiB(1), PT_RWX),
	    0);
	assert_int_equal(hw_walk(&pt, GiB(1027) + 0x1234, &pa, &pte), 0);
	assert_int_equal(pa, GiB(5) + 0x1234);
	assert_true(pte & PTE_U); /* G-stage leaves must be U */
	assert_true((pte & (PTE_A | PTE_D)) == (PTE_A | PTE_D));
	assert_int_equal(pt.nr_tables, 4); /* no table below the root */
	pt_destroy(&pt);
}

static void test_mixed_leaves_and_permissions(void **state)
{
	struct page_table pt;
	struct pt_mapping m;
	u64 pa, pte;

	(void)state;
	assert_int_equal(pt_init(&pt, &riscv_sv39x4_format, &mem, 41), 0);
	/* 0x80000000 + 16 MiB + 8 KiB: 2 MiB leaves, then 4 KiB pages. */
	assert_int_equal(pt_map(&pt, ipa_init(0x80000000), pa_init(0x90000000),
				MiB(16) + KiB(8), PT_READ | PT_WRITE | PT_EXEC),
			 0);
	assert_int_equal(hw_walk(&pt, 0x80300000, &pa, &pte), 1);
	assert_int_equal(pa, 0x90300000);
	assert_int_equal(hw_walk(&pt, 0x81001000, &pa, &pte), 2);
	assert_int_equal(pa, 0x91001000);
	/* A read-only device page: R, no W, no X, remembered as device. */
	assert_int_equal(pt_map(&pt, ipa_init(0x10000000), pa_init(0x10000000),
				KiB(4), PT_READ | PT_DEVICE),
			 0);
	assert_int_equal(hw_walk(&pt, 0x10000000, &pa, &pte), 2);
	assert_true(pte & PTE_R);
	assert_false(pte & (PTE_W | PTE_X));
	assert_int_equal(pt_lookup(&pt, ipa_init(0x10000000), &m), 0);
	assert_int_equal(m.attrs, PT_READ | PT_DEVICE);
	/* Write-only requests get R too (W without R is reserved). */
	assert_int_equal(pt_map(&pt, ipa_init(0x20000000), pa_init(0x20000000),
				KiB(4), PT_WRITE),
			 0);
	assert_int_equal(hw_walk(&pt, 0x20000000, &pa, &pte), 2);
	assert_true((pte & (PTE_R | PTE_W)) == (PTE_R | PTE_W));
	/* Nothing else is mapped. */
	assert_int_equal(hw_walk(&pt, 0x81003000, &pa, &pte), -1);
	assert_int_equal(pt_lookup(&pt, ipa_init(0x81003000), &m), -CV_ENOENT);
	pt_destroy(&pt);
	assert_int_equal(live_tables, 0);
}

static void test_unmap_splits_a_megapage(void **state)
{
	struct page_table pt;
	u64 pa, pte;

	(void)state;
	assert_int_equal(pt_init(&pt, &riscv_sv39x4_format, &mem, 41), 0);
	assert_int_equal(pt_map(&pt, ipa_init(0x80000000), pa_init(0x90000000),
				MiB(2), PT_RWX),
			 0);
	assert_int_equal(pt_unmap(&pt, ipa_init(0x80001000), KiB(4)), 0);
	assert_int_equal(hw_walk(&pt, 0x80001000, &pa, &pte), -1);
	assert_int_equal(hw_walk(&pt, 0x80002000, &pa, &pte), 2);
	assert_int_equal(pa, 0x90002000);
	assert_true(pte & PTE_X);
	pt_destroy(&pt);
	assert_int_equal(live_tables, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_geometry),
	    cmocka_unit_test(test_gigapage_at_top_of_root),
	    cmocka_unit_test(test_mixed_leaves_and_permissions),
	    cmocka_unit_test(test_unmap_splits_a_megapage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
