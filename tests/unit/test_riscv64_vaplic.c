/* The virtual APLIC domain's register state machine in MSI mode
 * (drivers/irqchip/aplic_vstate.c), through its MMIO register interface:
 * emulated sources sending MSIs, owned physical sources turned into
 * requests for the physical domain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "drivers/irqchip/aplic.h"

#define NR_SOURCES 97 /* QEMU virt: sources 1..96 */
#define UART	   10 /* an owned physical source */
#define CONSOLE	   33 /* an emulated source */

static struct vaplic_state st;
static struct vaplic_msi msis[VAPLIC_MAX_MSIS];
static struct vaplic_hw_req req;
static u32 nr_msis;

static void wr(u64 off, u32 v)
{
	assert_int_equal(vaplic_state_write(&st, off, v, &req, msis, &nr_msis),
			 0);
}

static u32 rd(u64 off)
{
	u32 v;

	assert_int_equal(vaplic_state_read(&st, off, &v, &req), 0);
	return v;
}

static u64 sourcecfg(u32 src)
{
	return APLIC_SOURCECFG + 4 * (src - 1);
}

static u64 target(u32 src)
{
	return APLIC_TARGET + 4 * (src - 1);
}

static u32 level(u32 src, bool on)
{
	return vaplic_state_set_level(&st, src, on, msis);
}

static int setup(void **state)
{
	(void)state;
	vaplic_state_init(&st, NR_SOURCES);
	vaplic_state_set_hw(&st, UART);
	return 0;
}

static void test_domaincfg_msi_mode_and_ie(void **state)
{
	(void)state;
	/* DM reads 1 (MSI mode only), [31:24] read 0x80. */
	assert_int_equal(rd(APLIC_DOMAINCFG), 0x80000004u);
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM | 1);
	assert_int_equal(req.op, VAPLIC_HW_IE_SYNC);
	assert_int_equal(rd(APLIC_DOMAINCFG), 0x80000104u);
	/* The same value again changes nothing. */
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM);
	assert_int_equal(req.op, VAPLIC_HW_NONE);
	wr(APLIC_DOMAINCFG, 0);
	assert_int_equal(req.op, VAPLIC_HW_IE_SYNC);
	assert_int_equal(rd(APLIC_DOMAINCFG), 0x80000004u);
}

static void test_emulated_edge_source_waits_for_domain_ie(void **state)
{
	(void)state;
	wr(sourcecfg(CONSOLE), APLIC_SM_EDGE1);
	wr(target(CONSOLE), aplic_target(1, 0, 5));
	wr(APLIC_SETIENUM, CONSOLE);
	assert_int_equal(rd(APLIC_SETIE + 4), 1u << 1);
	/* IE is off: the edge only makes the source pending. */
	assert_int_equal(level(CONSOLE, true), 0);
	assert_int_equal(rd(APLIC_SETIP + 4), 1u << 1);
	/* IE on: the MSI goes to vCPU 1 with EIID 5, pending clears. */
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	assert_int_equal(nr_msis, 1);
	assert_int_equal(msis[0].hart, 1);
	assert_int_equal(msis[0].eiid, 5);
	assert_int_equal(rd(APLIC_SETIP + 4), 0);
	/* No new edge while the input stays high; a new one sends again. */
	assert_int_equal(level(CONSOLE, true), 0);
	assert_int_equal(level(CONSOLE, false), 0);
	assert_int_equal(level(CONSOLE, true), 1);
	/* A software setipnum on an edge source always pends. */
	wr(APLIC_SETIPNUM_LE, CONSOLE);
	assert_int_equal(nr_msis, 1);
}

static void test_emulated_level_source_retriggers_while_asserted(void **state)
{
	(void)state;
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	wr(sourcecfg(CONSOLE), APLIC_SM_LEVEL1);
	wr(target(CONSOLE), aplic_target(0, 0, 7));
	wr(APLIC_SETIENUM, CONSOLE);
	assert_int_equal(level(CONSOLE, true), 1);
	assert_int_equal(msis[0].eiid, 7);
	/* The guest's end of interrupt: setipnum pends while asserted. */
	wr(APLIC_SETIPNUM_LE, CONSOLE);
	assert_int_equal(nr_msis, 1);
	assert_int_equal(rd(APLIC_IN_CLRIP + 4), 1u << 1);
	assert_int_equal(level(CONSOLE, false), 0);
	wr(APLIC_SETIPNUM_LE, CONSOLE);
	assert_int_equal(nr_msis, 0);
	assert_int_equal(rd(APLIC_SETIP + 4), 0);
	/* Big-endian setipnum names the same source. */
	level(CONSOLE, true);
	wr(APLIC_SETIPNUM_BE, (u32)CONSOLE << 24);
	assert_int_equal(nr_msis, 1);
}

static void test_emulated_level_low_and_disabled_sources(void **state)
{
	(void)state;
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	/* Level low: a low input is an asserted source. */
	wr(target(CONSOLE), aplic_target(0, 0, 9));
	wr(sourcecfg(CONSOLE), APLIC_SM_LEVEL0);
	assert_int_equal(rd(APLIC_SETIP + 4), 1u << 1);
	wr(APLIC_SETIE + 4, 1u << 1); /* setie by word */
	assert_int_equal(nr_msis, 1);
	assert_int_equal(msis[0].eiid, 9);
	/* Disabled: pending stays, nothing is sent until enabled. */
	wr(APLIC_CLRIENUM, CONSOLE);
	wr(APLIC_SETIPNUM, CONSOLE);
	assert_int_equal(nr_msis, 0);
	assert_int_equal(rd(APLIC_SETIP + 4), 1u << 1);
	wr(APLIC_CLRIPNUM, CONSOLE);
	assert_int_equal(rd(APLIC_SETIP + 4), 0);
	/* EIID 0 is no interrupt: pending is consumed, no MSI. */
	wr(target(CONSOLE), aplic_target(0, 0, 0));
	wr(APLIC_SETIENUM, CONSOLE);
	wr(APLIC_SETIPNUM, CONSOLE);
	assert_int_equal(nr_msis, 0);
	assert_int_equal(rd(APLIC_SETIP + 4), 0);
}

static void test_owned_source_becomes_requests(void **state)
{
	(void)state;
	wr(sourcecfg(UART), APLIC_SM_LEVEL1);
	assert_int_equal(req.op, VAPLIC_HW_SOURCECFG);
	assert_int_equal(req.src, UART);
	assert_int_equal(req.value, APLIC_SM_LEVEL1);
	assert_int_equal(rd(sourcecfg(UART)), APLIC_SM_LEVEL1);
	/* The guest's target: its guest index is read-only 0. */
	wr(target(UART), aplic_target(2, 3, 0x21));
	assert_int_equal(req.op, VAPLIC_HW_TARGET);
	assert_int_equal(req.value, aplic_target(2, 0, 0x21));
	assert_int_equal(rd(target(UART)), aplic_target(2, 0, 0x21));
	/* Enabled physically only with the domain's IE. */
	wr(APLIC_SETIENUM, UART);
	assert_int_equal(req.op, VAPLIC_HW_ENABLE);
	assert_int_equal(req.value, 0);
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	assert_int_equal(req.op, VAPLIC_HW_IE_SYNC);
	assert_true(vaplic_state_enabled(&st, UART));
	wr(APLIC_CLRIENUM, UART);
	assert_int_equal(req.op, VAPLIC_HW_ENABLE);
	assert_int_equal(req.value, 0);
	/* Pending bits live in the physical domain. */
	wr(APLIC_SETIPNUM_LE, UART);
	assert_int_equal(req.op, VAPLIC_HW_SETIP);
	wr(APLIC_CLRIPNUM, UART);
	assert_int_equal(req.op, VAPLIC_HW_CLRIP);
	rd(APLIC_SETIP);
	assert_int_equal(req.op, VAPLIC_HW_READ);
	assert_int_equal(vaplic_state_hw_mask(&st, 0), 1u << UART);
	/* An emulated line cannot drive an owned source. */
	assert_int_equal(level(UART, true), 0);
}

static void test_word_writes_touch_only_owned_bits(void **state)
{
	(void)state;
	wr(sourcecfg(UART), APLIC_SM_LEVEL1);
	/* Linux at probe: clrie all ones, every source inactive. */
	wr(APLIC_CLRIE, ~0u);
	assert_int_equal(req.op, VAPLIC_HW_WORD);
	assert_int_equal(req.off, APLIC_CLRIE);
	assert_int_equal(req.value, 1u << UART);
	wr(APLIC_CLRIE + 4, ~0u); /* nothing owned in sources 32..63 */
	assert_int_equal(req.op, VAPLIC_HW_NONE);
	/* setie by word with the domain's IE off stays virtual. */
	wr(APLIC_SETIE, 1u << UART);
	assert_int_equal(req.op, VAPLIC_HW_NONE);
	assert_int_equal(rd(APLIC_SETIE), 1u << UART);
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	/* An owned source that is inactive stays disabled. */
	vaplic_state_set_hw(&st, UART + 1);
	wr(APLIC_SETIE, 3u << UART);
	assert_int_equal(req.op, VAPLIC_HW_WORD);
	assert_int_equal(req.off, APLIC_SETIE);
	assert_int_equal(req.value, 1u << UART);
	assert_int_equal(rd(APLIC_SETIE), 1u << UART);
}

static void test_invalid_sources_and_registers(void **state)
{
	u32 v;

	(void)state;
	/* Sources beyond the domain's count do not exist. */
	wr(sourcecfg(NR_SOURCES), APLIC_SM_EDGE1);
	assert_int_equal(rd(sourcecfg(NR_SOURCES)), 0);
	wr(target(200), 0x1234);
	assert_int_equal(rd(target(200)), 0);
	/* No child domains: D makes the source inactive, so do the
	 * reserved modes. */
	wr(sourcecfg(CONSOLE), APLIC_SOURCECFG_D | 1);
	assert_int_equal(rd(sourcecfg(CONSOLE)), 0);
	wr(sourcecfg(CONSOLE), 2);
	assert_int_equal(rd(sourcecfg(CONSOLE)), 0);
	/* An inactive source cannot be enabled. */
	wr(APLIC_SETIENUM, CONSOLE);
	assert_int_equal(rd(APLIC_SETIE + 4), 0);
	/* Going inactive drops enable and pending. */
	wr(sourcecfg(CONSOLE), APLIC_SM_EDGE1);
	wr(APLIC_SETIENUM, CONSOLE);
	wr(APLIC_SETIPNUM, CONSOLE);
	wr(sourcecfg(CONSOLE), APLIC_SM_INACTIVE);
	assert_int_equal(rd(APLIC_SETIE + 4), 0);
	assert_int_equal(rd(APLIC_SETIP + 4), 0);
	/* Misaligned and out-of-range offsets are refused; the write-only
	 * registers read 0. */
	assert_int_equal(vaplic_state_read(&st, 2, &v, &req), -CV_EINVAL);
	assert_int_equal(
	    vaplic_state_write(&st, APLIC_SIZE, 0, &req, msis, &nr_msis),
	    -CV_EINVAL);
	assert_int_equal(rd(APLIC_SETIENUM), 0);
	assert_int_equal(rd(APLIC_CLRIE), 0);
	assert_int_equal(rd(APLIC_GENMSI), 0);
}

static void test_reset_keeps_ownership_and_inputs(void **state)
{
	(void)state;
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	wr(sourcecfg(UART), APLIC_SM_LEVEL1);
	wr(sourcecfg(CONSOLE), APLIC_SM_LEVEL1);
	wr(target(CONSOLE), aplic_target(0, 0, 3));
	level(CONSOLE, true);
	vaplic_state_reset(&st);
	assert_int_equal(rd(APLIC_DOMAINCFG), 0x80000004u);
	assert_int_equal(rd(sourcecfg(UART)), 0);
	assert_int_equal(rd(target(CONSOLE)), 0);
	assert_true(vaplic_state_is_hw(&st, UART));
	/* The console's line is still high: configured again, it pends. */
	wr(sourcecfg(CONSOLE), APLIC_SM_LEVEL1);
	assert_int_equal(rd(APLIC_SETIP + 4), 1u << 1);
}

/* Another zone's source (11) is absent from this domain: its registers
 * read 0 and ignore writes, word writes skip it, its line sends nothing;
 * it stays absent across a reset; the owned one cannot be made absent. */
static void test_absent_source_reads_zero_and_ignores_writes(void **state)
{
	const u32 foreign = 11;

	(void)state;
	vaplic_state_set_absent(&st, foreign, true);
	vaplic_state_set_absent(&st, UART, true); /* owned: refused */
	assert_true(vaplic_state_write_is_foreign(&st, sourcecfg(foreign), 6));
	assert_true(vaplic_state_write_is_foreign(&st, target(foreign), 0));
	assert_true(
	    vaplic_state_write_is_foreign(&st, APLIC_SETIENUM, foreign));
	assert_true(vaplic_state_write_is_foreign(&st, APLIC_SETIPNUM_BE,
						  (u32)foreign << 24));
	assert_true(
	    vaplic_state_write_is_foreign(&st, APLIC_CLRIE, 1u << foreign));
	assert_false(
	    vaplic_state_write_is_foreign(&st, APLIC_SETIE, 1u << UART));
	assert_false(vaplic_state_write_is_foreign(&st, sourcecfg(CONSOLE), 6));
	assert_false(vaplic_state_write_is_foreign(&st, APLIC_DOMAINCFG, 0));
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	wr(sourcecfg(foreign), APLIC_SM_LEVEL1);
	wr(target(foreign), aplic_target(0, 0, 11));
	wr(APLIC_SETIENUM, foreign);
	wr(APLIC_SETIPNUM, foreign);
	wr(APLIC_SETIE, 1u << foreign);
	assert_int_equal(rd(sourcecfg(foreign)), 0);
	assert_int_equal(rd(target(foreign)), 0);
	assert_int_equal(rd(APLIC_SETIE) & (1u << foreign), 0);
	assert_int_equal(rd(APLIC_SETIP) & (1u << foreign), 0);
	assert_int_equal(level(foreign, true), 0);
	assert_int_equal(nr_msis, 0);
	vaplic_state_reset(&st);
	wr(sourcecfg(foreign), APLIC_SM_LEVEL1);
	assert_int_equal(rd(sourcecfg(foreign)), 0);
	/* Declared again (an emulated device of the zone): present. */
	vaplic_state_set_absent(&st, foreign, false);
	wr(sourcecfg(foreign), APLIC_SM_LEVEL1);
	assert_int_equal(rd(sourcecfg(foreign)), APLIC_SM_LEVEL1);
	wr(sourcecfg(UART), APLIC_SM_LEVEL1);
	assert_int_equal(req.op, VAPLIC_HW_SOURCECFG);
}

static void test_msi_burst_after_domain_enable(void **state)
{
	(void)state;
	/* Every emulated source pending and enabled while IE is off sends
	 * exactly one MSI when IE comes on, in source order. */
	for (u32 src = 40; src < 50; src++) {
		wr(sourcecfg(src), APLIC_SM_EDGE1);
		wr(target(src), aplic_target(src % 2, 0, src + 100));
		wr(APLIC_SETIENUM, src);
		wr(APLIC_SETIPNUM, src);
	}
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	assert_int_equal(nr_msis, 10);
	for (u32 i = 0; i < 10; i++) {
		assert_int_equal(msis[i].eiid, 140 + i);
		assert_int_equal(msis[i].hart, i % 2);
	}
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE);
	assert_int_equal(nr_msis, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_domaincfg_msi_mode_and_ie, setup),
	    cmocka_unit_test_setup(
		test_emulated_edge_source_waits_for_domain_ie, setup),
	    cmocka_unit_test_setup(
		test_emulated_level_source_retriggers_while_asserted, setup),
	    cmocka_unit_test_setup(test_emulated_level_low_and_disabled_sources,
				   setup),
	    cmocka_unit_test_setup(test_owned_source_becomes_requests, setup),
	    cmocka_unit_test_setup(test_word_writes_touch_only_owned_bits,
				   setup),
	    cmocka_unit_test_setup(test_invalid_sources_and_registers, setup),
	    cmocka_unit_test_setup(test_reset_keeps_ownership_and_inputs,
				   setup),
	    cmocka_unit_test_setup(test_msi_burst_after_domain_enable, setup),
	    cmocka_unit_test_setup(
		test_absent_source_reads_zero_and_ignores_writes, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
