/*
 * x86 EPT building: mm/pt.c with arch/x86_64/ept_format.c. The tests
 * walk the tables themselves and decode the raw entries the way the CPU
 * does (SDM vol. 3, 29.3.2): RWX in bits 2:0, memory type in 5:3, large
 * page in 7, address in 51:12; a 4-level walk of 48-bit addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/ept_format.h"
#include "cvisor/bits.h"
#include "cvisor/errno.h"
#include "mm/pt.h"

#define E_RWX(e)   FIELD_GET(2, 0, e)
#define E_MT(e)	   FIELD_GET(5, 3, e)
#define E_LARGE	   BIT(7)
#define E_ADDR(e)  ((e)&BITS(51, 12))
#define MAX_TABLES 64

static void *tables[MAX_TABLES];
static unsigned nr_tables;

static void *alloc_table(void *ctx, u64 bytes)
{
	void *t;

	(void)ctx;
	if (nr_tables == MAX_TABLES)
		return NULL;
	t = aligned_alloc(bytes, bytes);
	if (t) {
		memset(t, 0, bytes);
		tables[nr_tables++] = t;
	}
	return t;
}

static void free_table(void *ctx, void *table, u64 bytes)
{
	(void)ctx;
	(void)bytes;
	for (unsigned i = 0; i < nr_tables; i++) {
		if (tables[i] == table) {
			tables[i] = tables[--nr_tables];
			free(table);
			return;
		}
	}
	fail_msg("freeing an unknown table");
}

static struct page_table pt;

static int setup(void **state)
{
	struct pt_memory mem = {alloc_table, free_table, NULL, NULL};

	(void)state;
	nr_tables = 0;
	return pt_init(&pt, &x86_ept_format, &mem, EPT_GPA_BITS);
}

static int teardown(void **state)
{
	(void)state;
	pt_destroy(&pt);
	return nr_tables ? -1 : 0;
}

/* The CPU's walk: PML4 (level 0) -> PDPT -> PD -> PT. Returns the leaf
 * entry and its level, or 0 when an entry is not present. */
static u64 walk(u64 gpa, unsigned *level)
{
	const u64 *t = pt.root;

	for (unsigned l = 0; l <= 3; l++) {
		u64 e = t[(gpa >> (39 - 9 * l)) & 511];

		if (!E_RWX(e))
			return 0;
		if (l == 3 || (e & E_LARGE)) {
			*level = l;
			return e;
		}
		assert_int_equal(E_RWX(e), 7); /* tables allow everything */
		assert_int_equal(E_MT(e), 0);  /* reserved in non-leaves */
		t = (const u64 *)(uintptr_t)E_ADDR(e);
	}
	return 0;
}

static void test_four_levels_one_root(void **state)
{
	(void)state;
	assert_int_equal(pt.first_level, 0);
	assert_int_equal(pt.root_tables, 1);
	assert_int_equal(pt.va_bits, 48);
}

/* The test zone's RAM: 4 MiB at gpa 0 backed at 0x04000000 -> two 2 MiB
 * write-back RWX leaves. */
static void test_zone_ram_uses_2m_leaves(void **state)
{
	unsigned level;
	u64 e;

	(void)state;
	assert_int_equal(
	    pt_map(&pt, ipa_init(0), pa_init(0x04000000), MiB(4), PT_RWX), 0);
	e = walk(0x10000, &level);
	assert_int_equal(level, 2);
	assert_true(e & E_LARGE);
	assert_int_equal(E_ADDR(e), 0x04000000);
	assert_int_equal(E_RWX(e), 7);
	assert_int_equal(E_MT(e), 6); /* write-back */
	e = walk(MiB(4) - 1, &level);
	assert_int_equal(E_ADDR(e), 0x04200000);
	assert_int_equal(walk(MiB(4), &level), 0); /* nothing beyond */
	assert_int_equal(walk(0x10000000, &level), 0);
}

static void test_unaligned_region_uses_4k_pages(void **state)
{
	unsigned level;
	u64 e;

	(void)state;
	assert_int_equal(
	    pt_map(&pt, ipa_init(0x1000), pa_init(0x5001000), KiB(8), PT_READ),
	    0);
	e = walk(0x2000, &level);
	assert_int_equal(level, 3);
	assert_false(e & E_LARGE); /* bit 7 is ignored in a PTE: left 0 */
	assert_int_equal(E_ADDR(e), 0x5002000);
	assert_int_equal(E_RWX(e), 1); /* read only, no execute */
}

static void test_device_is_uncached_and_write_implies_read(void **state)
{
	unsigned level;
	u64 e;

	(void)state;
	assert_int_equal(pt_map(&pt, ipa_init(0xfe000000), pa_init(0xfe000000),
				KiB(4), PT_WRITE | PT_DEVICE),
			 0);
	e = walk(0xfe000000, &level);
	assert_int_equal(E_MT(e), 0);  /* UC */
	assert_int_equal(E_RWX(e), 3); /* EPT has no write-only pages */
}

static void test_lookup_attrs_round_trip(void **state)
{
	struct pt_mapping m;

	(void)state;
	assert_int_equal(pt_map(&pt, ipa_init(GiB(1)), pa_init(GiB(2)), MiB(2),
				PT_READ | PT_EXEC),
			 0);
	assert_int_equal(pt_lookup(&pt, ipa_init(GiB(1) + 0x1234), &m), 0);
	assert_int_equal(pa_addr(m.pa), GiB(2) + 0x1234);
	assert_int_equal(m.block_size, MiB(2));
	assert_int_equal(m.attrs, PT_READ | PT_EXEC);
	assert_int_equal(pt_lookup(&pt, ipa_init(GiB(1) + MiB(2)), &m),
			 -CV_ENOENT);
}

static void test_no_1g_leaves(void **state)
{
	unsigned level;

	(void)state;
	assert_int_equal(
	    pt_map(&pt, ipa_init(GiB(4)), pa_init(GiB(4)), GiB(1), PT_RWX), 0);
	walk(GiB(4), &level);
	assert_int_equal(level, 2); /* 1 GiB pages are optional in VMX */
}

static void test_unmap_splits_a_2m_leaf(void **state)
{
	unsigned level;

	(void)state;
	assert_int_equal(
	    pt_map(&pt, ipa_init(0), pa_init(0x04000000), MiB(2), PT_RWX), 0);
	assert_int_equal(pt_unmap(&pt, ipa_init(0x1000), 0x1000), 0);
	assert_int_equal(walk(0x1000, &level), 0);
	assert_int_equal(E_ADDR(walk(0x2000, &level)), 0x04002000);
	assert_int_equal(level, 3);
}

static void test_beyond_48_bits_refused(void **state)
{
	(void)state;
	assert_int_equal(
	    pt_map(&pt, ipa_init(1ull << 48), pa_init(0), KiB(4), PT_READ),
	    -CV_ERANGE);
}

/* EPTP (24.6.11): memory type WB (6) in 2:0, walk length - 1 (3) in
 * 5:3, no accessed/dirty flags (bit 6), the PML4 address. */
static void test_eptp(void **state)
{
	(void)state;
	assert_int_equal(x86_eptp(pa_init(0x1458000)), 0x145801e);
	assert_int_equal(x86_eptp(pa_init(0x1458fff)), 0x145801e);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_four_levels_one_root),
	    T(test_zone_ram_uses_2m_leaves),
	    T(test_unaligned_region_uses_4k_pages),
	    T(test_device_is_uncached_and_write_implies_read),
	    T(test_lookup_attrs_round_trip),
	    T(test_no_1g_leaves),
	    T(test_unmap_splits_a_2m_leaf),
	    T(test_beyond_48_bits_refused),
	    T(test_eptp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
