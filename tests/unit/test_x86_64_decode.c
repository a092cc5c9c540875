/*
 * The MMIO instruction decoder (arch/x86_64/insn_decode.c) on encodings
 * an assembler produces (byte strings checked against the SDM vol. 2
 * opcode tables).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/insn_decode.h"
#include "cvisor/errno.h"

#define DECODE(mode, ...)                                                      \
	({                                                                     \
		static const u8 code_[] = {__VA_ARGS__};                       \
		x86_decode_mmio(code_, sizeof(code_), mode, &in);              \
	})

static struct mmio_insn in;

static void test_mov_store_register(void **state)
{
	(void)state;
	/* mov %ecx, 0x10(%ebx) = 89 4b 10 */
	assert_int_equal(DECODE(32, 0x89, 0x4b, 0x10), 0);
	assert_int_equal(in.len, 3);
	assert_int_equal(in.size, 4);
	assert_true(in.write);
	assert_false(in.has_imm);
	assert_int_equal(in.reg, 1);
	/* mov %al, (%edx) = 88 02 */
	assert_int_equal(DECODE(32, 0x88, 0x02), 0);
	assert_int_equal(in.size, 1);
	assert_int_equal(in.reg, 0);
	assert_false(in.high8);
	/* mov %bh, (%eax) = 88 38: BH is bits 15:8 of RBX */
	assert_int_equal(DECODE(32, 0x88, 0x38), 0);
	assert_true(in.high8);
	assert_int_equal(in.reg, 3);
}

static void test_mov_load(void **state)
{
	(void)state;
	/* mov 0xfe000000, %edx = 8b 15 00 00 00 fe (disp32) */
	assert_int_equal(DECODE(32, 0x8b, 0x15, 0, 0, 0, 0xfe), 0);
	assert_int_equal(in.len, 6);
	assert_false(in.write);
	assert_int_equal(in.reg, 2);
	assert_int_equal(in.dest_size, 4);
	/* mov 0x10000000, %eax = a1 00 00 00 10 (moffs32) */
	assert_int_equal(DECODE(32, 0xa1, 0, 0, 0, 0x10), 0);
	assert_int_equal(in.len, 5);
	assert_int_equal(in.size, 4);
	assert_int_equal(in.reg, 0);
	/* movw (%esi), %ax with the operand-size prefix = 66 8b 06 */
	assert_int_equal(DECODE(32, 0x66, 0x8b, 0x06), 0);
	assert_int_equal(in.len, 3);
	assert_int_equal(in.size, 2);
	assert_int_equal(in.reg, 0);
}

static void test_mov_immediate(void **state)
{
	(void)state;
	/* movl $0x12345678, 4(%ebx,%ecx,4) = c7 44 8b 04 78 56 34 12 */
	assert_int_equal(
	    DECODE(32, 0xc7, 0x44, 0x8b, 0x04, 0x78, 0x56, 0x34, 0x12), 0);
	assert_int_equal(in.len, 8);
	assert_true(in.write && in.has_imm);
	assert_int_equal(in.imm, 0x12345678);
	assert_int_equal(in.size, 4);
	/* movb $0x41, (%eax) = c6 00 41 */
	assert_int_equal(DECODE(32, 0xc6, 0x00, 0x41), 0);
	assert_int_equal(in.imm, 0x41);
	assert_int_equal(in.size, 1);
	/* c7 /1 is not MOV */
	assert_int_equal(DECODE(32, 0xc7, 0x08, 1, 2, 3, 4), -CV_ENOSYS);
}

static void test_64bit_rex(void **state)
{
	(void)state;
	/* mov %r9, (%rdi) = 4c 89 0f: REX.W + REX.R */
	assert_int_equal(DECODE(64, 0x4c, 0x89, 0x0f), 0);
	assert_int_equal(in.len, 3);
	assert_int_equal(in.size, 8);
	assert_int_equal(in.reg, 9);
	/* movq $-1, (%rax) = 48 c7 00 ff ff ff ff: imm32 sign-extended */
	assert_int_equal(DECODE(64, 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff),
			 0);
	assert_int_equal(in.imm, ~0ull);
	/* mov %sil, (%rax) = 40 88 30: with REX, 6 is SIL, not DH */
	assert_int_equal(DECODE(64, 0x40, 0x88, 0x30), 0);
	assert_false(in.high8);
	assert_int_equal(in.reg, 6);
	/* mov 0x100(%rip), %eax = 8b 05 00 01 00 00 */
	assert_int_equal(DECODE(64, 0x8b, 0x05, 0x00, 0x01, 0, 0), 0);
	assert_int_equal(in.len, 6);
}

static void test_movzx(void **state)
{
	(void)state;
	/* movzbl (%ebx), %ecx = 0f b6 0b */
	assert_int_equal(DECODE(32, 0x0f, 0xb6, 0x0b), 0);
	assert_int_equal(in.size, 1);
	assert_int_equal(in.dest_size, 4);
	assert_int_equal(in.reg, 1);
	/* movzwl 2(%eax), %edx = 0f b7 50 02 */
	assert_int_equal(DECODE(32, 0x0f, 0xb7, 0x50, 0x02), 0);
	assert_int_equal(in.len, 4);
	assert_int_equal(in.size, 2);
	assert_false(in.write);
}

static void test_16bit_addressing(void **state)
{
	(void)state;
	/* real mode: mov %ax, 0x1234 = a3 34 12 (moffs16) */
	assert_int_equal(DECODE(16, 0xa3, 0x34, 0x12), 0);
	assert_int_equal(in.len, 3);
	assert_int_equal(in.size, 2);
	assert_true(in.write);
	/* mov %al, [bp+si+0x10] = 88 42 10 (16-bit ModRM, disp8) */
	assert_int_equal(DECODE(16, 0x88, 0x42, 0x10), 0);
	assert_int_equal(in.len, 3);
	/* mov [0x2000], %cx = 8b 0e 00 20 (mod 0, rm 6: disp16) */
	assert_int_equal(DECODE(16, 0x8b, 0x0e, 0x00, 0x20), 0);
	assert_int_equal(in.len, 4);
	assert_int_equal(in.reg, 1);
	/* 66 67 8b 03 in real mode: mov (%ebx), %eax */
	assert_int_equal(DECODE(16, 0x66, 0x67, 0x8b, 0x03), 0);
	assert_int_equal(in.size, 4);
	assert_int_equal(in.len, 4);
}

static void test_segment_prefix_and_sib_disp32(void **state)
{
	(void)state;
	/* mov %eax, %fs:0x1000(,%ecx,4) = 64 89 04 8d 00 10 00 00 */
	assert_int_equal(DECODE(32, 0x64, 0x89, 0x04, 0x8d, 0, 0x10, 0, 0), 0);
	assert_int_equal(in.len, 8);
}

static void test_refusals(void **state)
{
	(void)state;
	/* register-to-register: not a memory access */
	assert_int_equal(DECODE(32, 0x89, 0xc8), -CV_EINVAL);
	/* add %eax, (%ebx): not decoded */
	assert_int_equal(DECODE(32, 0x01, 0x03), -CV_ENOSYS);
	/* cut short: 8b 15 with 2 of 4 displacement bytes */
	assert_int_equal(DECODE(32, 0x8b, 0x15, 0x00, 0x00), -CV_EINVAL);
	/* only prefixes */
	assert_int_equal(DECODE(32, 0x66, 0x66, 0x66), -CV_EINVAL);
	assert_int_equal(DECODE(8, 0x89, 0x00), -CV_EINVAL); /* bad mode */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mov_store_register),
	    cmocka_unit_test(test_mov_load),
	    cmocka_unit_test(test_mov_immediate),
	    cmocka_unit_test(test_64bit_rex),
	    cmocka_unit_test(test_movzx),
	    cmocka_unit_test(test_16bit_addressing),
	    cmocka_unit_test(test_segment_prefix_and_sib_disp32),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
