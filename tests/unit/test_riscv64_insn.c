/* The load/store decoder behind riscv64 MMIO emulation (arch/riscv64/
 * insn.c): encodings assembled by hand from the unprivileged spec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/riscv64/insn.h"
#include "cvisor/errno.h"

static u32 i_load(u32 funct3, u32 rd, u32 rs1)
{
	return rs1 << 15 | funct3 << 12 | rd << 7 | 0x03;
}

static u32 s_store(u32 funct3, u32 rs2, u32 rs1)
{
	return rs2 << 20 | rs1 << 15 | funct3 << 12 | 0x23;
}

static void expect(u32 insn, unsigned len, unsigned size, bool write, bool sext,
		   unsigned reg)
{
	struct mmio_insn d;

	assert_int_equal(insn_decode_mmio(insn, &d), 0);
	assert_int_equal(d.len, len);
	assert_int_equal(d.size, size);
	assert_int_equal(d.write, write);
	assert_int_equal(d.sign_extend, sext);
	assert_int_equal(d.reg, reg);
}

static void test_standard_loads(void **state)
{
	(void)state;
	expect(i_load(0, 5, 10), 4, 1, false, true, 5);	   /* lb */
	expect(i_load(1, 6, 10), 4, 2, false, true, 6);	   /* lh */
	expect(i_load(2, 7, 10), 4, 4, false, true, 7);	   /* lw */
	expect(i_load(3, 31, 10), 4, 8, false, false, 31); /* ld */
	expect(i_load(4, 1, 10), 4, 1, false, false, 1);   /* lbu */
	expect(i_load(5, 2, 10), 4, 2, false, false, 2);   /* lhu */
	expect(i_load(6, 3, 10), 4, 4, false, false, 3);   /* lwu */
	/* lw a5, 0(a4) as an assembler emits it: 0x00072783 */
	expect(0x00072783, 4, 4, false, true, 15);
}

static void test_standard_stores(void **state)
{
	(void)state;
	expect(s_store(0, 9, 10), 4, 1, true, false, 9);   /* sb */
	expect(s_store(1, 9, 10), 4, 2, true, false, 9);   /* sh */
	expect(s_store(2, 9, 10), 4, 4, true, false, 9);   /* sw */
	expect(s_store(3, 31, 10), 4, 8, true, false, 31); /* sd */
	/* sb a5, 0(a4): 0x00f70023 */
	expect(0x00f70023, 4, 1, true, false, 15);
}

static void test_compressed(void **state)
{
	(void)state;
	/* c.lw s1, 0(s0): 010 uimm rs1'=000 uimm rd'=001 00 = 0x4004 */
	expect(0x4004, 2, 4, false, true, 9);
	/* c.sw s1, 0(s0): 110 ... rs2'=001 00 = 0xc004 */
	expect(0xc004, 2, 4, true, false, 9);
	/* c.ld a0, 8(a1): 011 001 011 00 010 00 = 0x6588 */
	expect(0x6588, 2, 8, false, false, 10);
	/* c.sd a0, 8(a1): 0xe588 */
	expect(0xe588, 2, 8, true, false, 10);
	/* c.lwsp a5, 4(sp): 010 0 01111 00100 10 = 0x4792 */
	expect(0x4792, 2, 4, false, true, 15);
	/* c.sdsp ra, 8(sp): 111 001000 00001 10 = 0xe406 */
	expect(0xe406, 2, 8, true, false, 1);
	/* The upper halfword is ignored for a 16-bit instruction. */
	expect(0xdead4004, 2, 4, false, true, 9);
}

static void test_rejected(void **state)
{
	struct mmio_insn d;

	(void)state;
	assert_int_equal(insn_decode_mmio(i_load(7, 1, 2), &d), -CV_EINVAL);
	assert_int_equal(insn_decode_mmio(s_store(4, 1, 2), &d), -CV_EINVAL);
	assert_int_equal(insn_decode_mmio(0x00000013, &d),
			 -CV_EINVAL); /* nop */
	assert_int_equal(insn_decode_mmio(0x0005302f, &d),
			 -CV_EINVAL);				    /* amo */
	assert_int_equal(insn_decode_mmio(0x2004, &d), -CV_EINVAL); /* c.fld */
	assert_int_equal(insn_decode_mmio(0x0001, &d), -CV_EINVAL); /* c.nop */
}

static void test_load_extend(void **state)
{
	struct mmio_insn lb = {4, 1, false, true, 1};
	struct mmio_insn lbu = {4, 1, false, false, 1};
	struct mmio_insn lw = {4, 4, false, true, 1};
	struct mmio_insn ld = {4, 8, false, false, 1};

	(void)state;
	assert_int_equal(insn_load_extend(&lb, 0x1ff), ~0ull);
	assert_int_equal(insn_load_extend(&lbu, 0x1ff), 0xff);
	assert_int_equal(insn_load_extend(&lw, 0x80000000), 0xffffffff80000000);
	assert_int_equal(insn_load_extend(&lw, 0x17fffffff), 0x7fffffff);
	assert_int_equal(insn_load_extend(&ld, 0x8000000000000001),
			 0x8000000000000001);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_standard_loads),
	    cmocka_unit_test(test_standard_stores),
	    cmocka_unit_test(test_compressed),
	    cmocka_unit_test(test_rejected),
	    cmocka_unit_test(test_load_extend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
