/*
 * Unit tests for the SMMUv3 structures (drivers/iommu/smmuv3_desc.c) and
 * the stage-1 format of the SMMU's copy of a zone's map
 * (drivers/iommu/smmuv3_s1fmt.c) built by mm/pt.c: the bits are checked
 * against IHI 0070 (STE, CD, commands, events) and the Arm ARM (stage-1
 * descriptors), and the table is walked the way the SMMU walks it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/aarch64/stage2_format.h"
#include "cvisor/bits.h"
#include "drivers/iommu/smmuv3_desc.h"
#include "drivers/iommu/smmuv3_s1fmt.h"

static void test_ste_abort(void **state)
{
	u64 ste[SMMU_STE_DWORDS];

	(void)state;
	memset(ste, 0xff, sizeof(ste));
	smmu_ste_abort(ste);
	assert_int_equal(ste[0], 1); /* V=1, Config 0b000 */
	for (int i = 1; i < SMMU_STE_DWORDS; i++)
		assert_int_equal(ste[i], 0);
}

static void test_ste_stage1(void **state)
{
	u64 ste[SMMU_STE_DWORDS];

	(void)state;
	smmu_ste_stage1(ste, pa_init(0x41234040));
	assert_int_equal(FIELD_GET(0, 0, ste[0]), 1);	    /* V */
	assert_int_equal(FIELD_GET(3, 1, ste[0]), 5);	    /* S1 trans */
	assert_int_equal(FIELD_GET(5, 4, ste[0]), 0);	    /* S1Fmt */
	assert_int_equal(ste[0] & BITS(51, 6), 0x41234040); /* CD */
	assert_int_equal(FIELD_GET(63, 59, ste[0]), 0);	    /* S1CDMax */
	assert_int_equal(FIELD_GET(3, 2, ste[1]), 1);	    /* S1CIR WB */
	assert_int_equal(FIELD_GET(5, 4, ste[1]), 1);	    /* S1COR WB */
	assert_int_equal(FIELD_GET(7, 6, ste[1]), 3);	    /* S1CSH */
	assert_int_equal(FIELD_GET(27, 27, ste[1]), 0);	    /* S1STALLD */
	assert_int_equal(FIELD_GET(29, 28, ste[1]), 0);	    /* EATS */
}

static void test_cd(void **state)
{
	struct smmu_s1_ctx ctx = {.ttb = pa_init(0x40abc000),
				  .ia_bits = 48,
				  .ips = 4,
				  .asid = 0x1234};
	u64 cd[SMMU_CD_DWORDS];

	(void)state;
	smmu_cd_build(cd, &ctx);
	assert_int_equal(FIELD_GET(5, 0, cd[0]), 16);  /* T0SZ */
	assert_int_equal(FIELD_GET(7, 6, cd[0]), 0);   /* TG0 4 KiB */
	assert_int_equal(FIELD_GET(14, 14, cd[0]), 0); /* EPD0: walk TTB0 */
	assert_int_equal(FIELD_GET(15, 15, cd[0]), 0); /* ENDI little */
	assert_int_equal(FIELD_GET(30, 30, cd[0]), 1); /* EPD1 */
	assert_int_equal(FIELD_GET(31, 31, cd[0]), 1); /* V */
	assert_int_equal(FIELD_GET(34, 32, cd[0]), 4); /* IPS */
	assert_int_equal(FIELD_GET(35, 35, cd[0]), 1); /* AFFD */
	assert_int_equal(FIELD_GET(41, 41, cd[0]), 1); /* AA64 */
	assert_int_equal(FIELD_GET(43, 42, cd[0]), 0); /* HA, HD */
	assert_int_equal(FIELD_GET(44, 44, cd[0]), 0); /* S: no stall */
	assert_int_equal(FIELD_GET(45, 45, cd[0]), 1); /* R: record */
	assert_int_equal(FIELD_GET(46, 46, cd[0]), 1); /* A: abort */
	assert_int_equal(FIELD_GET(63, 48, cd[0]), 0x1234); /* ASID */
	assert_int_equal(cd[1], 0x40abc000);		    /* TTB0 */
	assert_int_equal(cd[2], 0);			    /* TTB1 */
	assert_int_equal(cd[3] & 0xffff, 0x04ff);	    /* MAIR 0, 1 */
}

static void test_commands(void **state)
{
	u64 cmd[SMMU_CMD_DWORDS];

	(void)state;
	smmu_cmd_cfgi_ste(cmd, 0x10);
	assert_int_equal(cmd[0], 0x03 | (0x10ull << 32));
	assert_int_equal(cmd[1], 1); /* Leaf */
	smmu_cmd_tlbi_asid(cmd, 7);
	assert_int_equal(cmd[0], 0x11 | (7ull << 48));
	assert_int_equal(cmd[1], 0);
	smmu_cmd_tlbi_all(cmd);
	assert_int_equal(cmd[0], 0x30);
	smmu_cmd_sync(cmd);
	assert_int_equal(cmd[0], 0x46); /* CS 0: polled */
}

/* An F_TRANSLATION record laid out as 32-bit words, as an SMMU (and
 * QEMU's model) writes it: type word 0 [7:0], StreamID word 1, RnW word 3
 * bit 3, the input address in words 4-5. */
static void test_event_decode(void **state)
{
	u32 words[8] = {0x10, 0x10, 0, 1u << 3, 0x50400004, 0x0, 0, 0};
	u64 rec[SMMU_EVT_DWORDS];
	struct smmu_event e;

	(void)state;
	for (int i = 0; i < SMMU_EVT_DWORDS; i++)
		rec[i] = words[2 * i] | (u64)words[2 * i + 1] << 32;
	smmu_event_decode(rec, &e);
	assert_int_equal(e.type, SMMU_EVT_F_TRANSLATION);
	assert_int_equal(e.sid, 0x10);
	assert_true(e.read);
	assert_int_equal(e.addr, 0x50400004);
	assert_string_equal(smmu_event_name(e.type), "F_TRANSLATION");
	assert_string_equal(smmu_event_name(0x04), "C_BAD_STE");
	assert_string_equal(smmu_event_name(0xff), "unknown event");
	rec[1] = 0;
	smmu_event_decode(rec, &e);
	assert_false(e.read);
}

static void test_queue_pointers(void **state)
{
	(void)state;
	/* log2 = 2: index [1:0], wrap bit 2 */
	assert_true(smmu_queue_empty(0, 0, 2));
	assert_false(smmu_queue_empty(1, 0, 2));
	assert_false(smmu_queue_empty(4, 0, 2)); /* full: wrap differs */
	assert_true(smmu_queue_empty(5, 5, 2));
	assert_int_equal(smmu_queue_next(3, 2), 4);
	assert_int_equal(smmu_queue_next(7, 2), 0);
	/* bits above the wrap bit (CONS.ERR) are ignored */
	assert_true(smmu_queue_empty(3, 3 | (1u << 24), 2));
}

/* ---- the stage-1 copy ---- */

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

static const struct pt_memory host_mem = {alloc_table, free_table, NULL, NULL};

/* The walk an SMMU does for a 48-bit input with T0SZ 16 and a 4 KiB
 * granule: levels 0-3, 9 bits each, blocks at 1 and 2. Returns the leaf. */
static u64 smmu_walk(const struct page_table *pt, u64 va, unsigned *level)
{
	const u64 *table = pt->root;

	for (unsigned l = 0; l <= 3; l++) {
		u64 d = table[(va >> (39 - 9 * l)) & 0x1ff];

		if (!(d & 1))
			return 0;
		if (l == 3 || !(d & 2)) {
			*level = l;
			return d;
		}
		table = (const u64 *)(uintptr_t)(d & BITS(47, 12));
	}
	return 0;
}

static void test_s1_copy_walks_like_the_smmu(void **state)
{
	struct page_table pt;
	unsigned level;
	u64 d;

	(void)state;
	assert_int_equal(
	    pt_init(&pt, &smmu_s1_format, &host_mem, SMMU_S1_IA_BITS), 0);
	/* No concatenated root tables at stage 1: a single level-0 table. */
	assert_int_equal(pt.first_level, 0);
	assert_int_equal(pt.root_tables, 1);
	assert_int_equal(pt_map(&pt, ipa_init(0x52000000), pa_init(0x52000000),
				MiB(16), PT_READ | PT_WRITE),
			 0);
	assert_int_equal(pt_map(&pt, ipa_init(0x79000000), pa_init(0x79000000),
				KiB(64), PT_READ),
			 0);
	d = smmu_walk(&pt, 0x52345678, &level);
	assert_int_equal(level, 2); /* 2 MiB blocks */
	assert_int_equal(d & 3, 1);
	assert_int_equal(d & BITS(47, 21), 0x52200000);
	assert_int_equal(FIELD_GET(4, 2, d), 0);   /* AttrIndx 0: Normal */
	assert_int_equal(FIELD_GET(7, 7, d), 0);   /* AP[2]: writable */
	assert_int_equal(FIELD_GET(9, 8, d), 3);   /* inner shareable */
	assert_int_equal(FIELD_GET(10, 10, d), 1); /* AF */
	assert_int_equal(FIELD_GET(54, 54, d), 1); /* XN */
	d = smmu_walk(&pt, 0x79001000, &level);
	assert_int_equal(level, 3);
	assert_int_equal(d & 3, 3);		 /* page */
	assert_int_equal(FIELD_GET(7, 7, d), 1); /* AP[2]: read-only */
	assert_int_equal(smmu_walk(&pt, 0x50400000, &level), 0);
	assert_int_equal(smmu_walk(&pt, 0x40200000, &level), 0);
	pt_destroy(&pt);
}

static void test_s1_attrs_round_trip(void **state)
{
	const struct pt_format *f = &smmu_s1_format;
	u64 d;

	(void)state;
	d = f->make_leaf(pa_init(0x1000), 3, PT_READ | PT_WRITE | PT_DEVICE);
	assert_int_equal(FIELD_GET(4, 2, d), 1); /* AttrIndx 1: Device */
	assert_int_equal(f->leaf_attrs(d), PT_READ | PT_WRITE | PT_DEVICE);
	d = f->make_leaf(pa_init(0x200000), 2, PT_READ);
	assert_int_equal(f->leaf_attrs(d), PT_READ);
	assert_true(f->is_valid(d));
	assert_false(f->is_table(d, 2));
	assert_true(f->is_table(f->make_table(pa_init(0x3000)), 1));
}

/* Why the SMMU does not walk the zone's stage-2 table: the stage-2 leaf
 * of read-write RAM has S2AP's write bit 7 set, which stage 1 reads as
 * AP[2], read-only; MemAttr 0b1111 reads as AttrIndx 7 plus NS. */
static void test_stage2_leaf_means_read_only_at_stage1(void **state)
{
	u64 s2 = aarch64_stage2_format.make_leaf(pa_init(0x52000000), 3,
						 PT_READ | PT_WRITE);

	(void)state;
	assert_int_equal(FIELD_GET(7, 7, s2), 1);
	assert_int_equal(smmu_s1_format.leaf_attrs(s2) & PT_WRITE, 0);
	assert_int_equal(FIELD_GET(4, 2, s2), 7);
	assert_int_equal(FIELD_GET(5, 5, s2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ste_abort),
	    cmocka_unit_test(test_ste_stage1),
	    cmocka_unit_test(test_cd),
	    cmocka_unit_test(test_commands),
	    cmocka_unit_test(test_event_decode),
	    cmocka_unit_test(test_queue_pointers),
	    cmocka_unit_test(test_s1_copy_walks_like_the_smmu),
	    cmocka_unit_test(test_s1_attrs_round_trip),
	    cmocka_unit_test(test_stage2_leaf_means_read_only_at_stage1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
