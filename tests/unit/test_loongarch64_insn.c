/*
 * loongarch64 exit decoding (arch/loongarch64/insn.c): which exit a guest
 * took, the loads/stores an MMIO exit must emulate, the GSPR-trapped
 * privileged instructions and hvcl. Encodings checked against clang-19's
 * LoongArch assembler (llvm-objdump of the same mnemonics).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/loongarch64/ecode.h"
#include "arch/loongarch64/insn.h"

static void check_memop(u32 insn, u32 size, bool store, bool sign, unsigned rd)
{
	struct la_memop op;

	assert_int_equal(la_decode_memop(insn, &op), 0);
	assert_int_equal(op.size, size);
	assert_int_equal(op.store, store);
	assert_int_equal(op.sign, sign);
	assert_int_equal(op.rd, rd);
}

static void test_memop_2ri12(void **state)
{
	(void)state;
	check_memop(0x288010a4, 4, false, true, 4);	 /* ld.w $a0, $a1, 4 */
	check_memop(0x29c020a4, 8, true, false, 4);	 /* st.d $a0, $a1, 8 */
	check_memop(0x2a0000a4, 1, false, false, 4);	 /* ld.bu $a0, $a1, 0 */
	check_memop(0x28000000 | 7, 1, false, true, 7);	 /* ld.b $a3 */
	check_memop(0x28c00000 | 9, 8, false, false, 9); /* ld.d: no extend */
	check_memop(0x29400000 | 5, 2, true, false, 5);	 /* st.h */
}

static void test_memop_3r_and_ptr(void **state)
{
	(void)state;
	check_memop(0x382418a4, 2, false, false, 4);	/* ldx.hu $a0,$a1,$a2 */
	check_memop(0x381018a4, 1, true, false, 4);	/* stx.b */
	check_memop(0x260008a4, 8, false, false, 4);	/* ldptr.d $a0,$a1,8 */
	check_memop(0x250008a4, 4, true, false, 4);	/* stptr.w $a0,$a1,8 */
	check_memop(0x24000000 | 6, 4, false, true, 6); /* ldptr.w */
}

static void test_memop_rejects_others(void **state)
{
	struct la_memop op;

	(void)state;
	assert_int_equal(la_decode_memop(0x2ac00000, &op), -22); /* preld */
	assert_int_equal(la_decode_memop(0x382c0000, &op), -22); /* preldx */
	assert_int_equal(la_decode_memop(0x00006ca4, &op), -22); /* cpucfg */
	assert_int_equal(la_decode_memop(0x002b8000, &op), -22); /* hvcl */
	assert_int_equal(la_decode_memop(0x2b000000, &op), -22); /* fld.s */
}

static void test_priv_decode(void **state)
{
	struct la_priv p;

	(void)state;
	la_decode_priv(0x00006ca4, &p); /* cpucfg $a0, $a1 */
	assert_int_equal(p.kind, LA_PRIV_CPUCFG);
	assert_int_equal(p.rd, 4);
	assert_int_equal(p.rj, 5);
	la_decode_priv(0x064808a4, &p); /* iocsrrd.w $a0, $a1 */
	assert_int_equal(p.kind, LA_PRIV_IOCSRRD);
	assert_int_equal(p.size, 4);
	la_decode_priv(0x06481ca4, &p); /* iocsrwr.d $a0, $a1 */
	assert_int_equal(p.kind, LA_PRIV_IOCSRWR);
	assert_int_equal(p.size, 8);
	la_decode_priv(0x06488000, &p); /* idle 0 */
	assert_int_equal(p.kind, LA_PRIV_IDLE);
	la_decode_priv(0x040140a4, &p); /* csrxchg $a0, $a1, 0x50 */
	assert_int_equal(p.kind, LA_PRIV_CSRXCHG);
	assert_int_equal(p.csr, 0x50);
	la_decode_priv(0x04014004, &p); /* csrrd $a0, 0x50 */
	assert_int_equal(p.kind, LA_PRIV_CSRRD);
	la_decode_priv(0x04014024, &p); /* csrwr $a0, 0x50 */
	assert_int_equal(p.kind, LA_PRIV_CSRWR);
	la_decode_priv(0x00000000, &p);
	assert_int_equal(p.kind, LA_PRIV_NONE);
}

static void test_exit_kind_and_hvcl(void **state)
{
	(void)state;
	assert_int_equal(la_exit_kind(true, 0), LA_EXIT_S2_MISS);
	assert_int_equal(la_exit_kind(false, (u64)ECODE_HVC << 16),
			 LA_EXIT_HVC);
	assert_int_equal(la_exit_kind(false, (u64)ECODE_GSPR << 16),
			 LA_EXIT_GSPR);
	assert_int_equal(la_exit_kind(false, (u64)ECODE_GCM << 16 | 1 << 22),
			 LA_EXIT_GCM);
	assert_int_equal(la_exit_kind(false, (u64)ECODE_PIS << 16),
			 LA_EXIT_S2_INVALID);
	assert_int_equal(la_exit_kind(false, 1 << 12), LA_EXIT_INTERRUPT);
	assert_int_equal(la_exit_kind(false, (u64)ECODE_SYS << 16),
			 LA_EXIT_OTHER);
	assert_int_equal(la_hvcl_code(0x002b8000), 0);
	assert_int_equal(la_hvcl_code(0x002b8000 | 0x7fff), 0x7fff);
	assert_int_equal(la_hvcl_code(0x002a0000), -1); /* break 0 */
}

static void test_load_extend(void **state)
{
	(void)state;
	assert_int_equal(la_load_extend(0x80, 1, true), 0xffffffffffffff80ull);
	assert_int_equal(la_load_extend(0x180, 1, false), 0x80);
	assert_int_equal(la_load_extend(0x8000, 2, true),
			 0xffffffffffff8000ull);
	assert_int_equal(la_load_extend(0xffffffff, 4, true), ~0ull);
	assert_int_equal(la_load_extend(0x1ffffffffull, 4, false), 0xffffffff);
	assert_int_equal(la_load_extend(0x8000000000000000ull, 8, true),
			 0x8000000000000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_memop_2ri12),
	    cmocka_unit_test(test_memop_3r_and_ptr),
	    cmocka_unit_test(test_memop_rejects_others),
	    cmocka_unit_test(test_priv_decode),
	    cmocka_unit_test(test_exit_kind_and_hvcl),
	    cmocka_unit_test(test_load_extend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
