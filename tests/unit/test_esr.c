/*
 * Unit tests for arch/aarch64/esr.c: ESR_EL2 syndromes are built by hand
 * from the Arm ARM layouts (D17.2.37) with plain shifts, then decoded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/aarch64/esr.h"

#define EC_SHIFT  26
#define IL	  (1ull << 25)
#define DABT_LOW  0x24ull
#define DABT_CUR  0x25ull
#define IABT_LOW  0x20ull
#define IABT_CUR  0x21ull
#define SYSREG_EC 0x18ull

/* Data abort ISS bits that are not decoded: AR, VNCR, SET, FnV, EA, CM. */
#define DABT_OTHER_BITS                                                        \
	((1ull << 14) | (1ull << 13) | (3ull << 11) | (1ull << 10) |           \
	 (1ull << 9) | (1ull << 8))

struct dabt_fields {
	bool isv;
	u32 sas; /* log2 of the size */
	bool sse;
	u32 srt;
	bool sf, s1ptw, wnr;
	u32 dfsc;
};

static u64 dabt_esr(const struct dabt_fields *f)
{
	return DABT_LOW << EC_SHIFT | IL | (u64)f->isv << 24 |
	       (u64)f->sas << 22 | (u64)f->sse << 21 | (u64)f->srt << 16 |
	       (u64)f->sf << 15 | (u64)f->s1ptw << 7 | (u64)f->wnr << 6 |
	       f->dfsc;
}

static void assert_dabt(const struct dabt_info *d, const struct dabt_fields *f)
{
	assert_int_equal(d->valid, f->isv);
	assert_int_equal(d->size, 1u << f->sas);
	assert_int_equal(d->sign_extend, f->sse);
	assert_int_equal(d->reg, f->srt);
	assert_int_equal(d->reg64, f->sf);
	assert_int_equal(d->s1ptw, f->s1ptw);
	assert_int_equal(d->write, f->wnr);
	assert_int_equal(d->dfsc, f->dfsc);
}

static void check_dabt(const struct dabt_fields *f)
{
	struct dabt_info d;

	memset(&d, 0xff, sizeof(d));
	esr_decode_dabt(dabt_esr(f), &d);
	assert_dabt(&d, f);
	/* Undecoded ISS bits and the EC must not leak into the fields. */
	memset(&d, 0xff, sizeof(d));
	esr_decode_dabt(dabt_esr(f) | DABT_OTHER_BITS | 0x3full << EC_SHIFT,
			&d);
	assert_dabt(&d, f);
}

/* ---- data aborts ---- */

static void test_dabt_word_store(void **state)
{
	const struct dabt_fields f = {.isv = true,
				      .sas = 2,
				      .srt = 3,
				      .sf = true,
				      .wnr = true,
				      .dfsc = 0x07};

	(void)state;
	check_dabt(&f);
}

static void test_dabt_every_access_size(void **state)
{
	static const u32 sizes[] = {1, 2, 4, 8};

	(void)state;
	for (u32 sas = 0; sas < 4; sas++) {
		const struct dabt_fields f = {
		    .isv = true, .sas = sas, .srt = 10 + sas, .dfsc = 0x06};
		struct dabt_info d;

		check_dabt(&f);
		esr_decode_dabt(dabt_esr(&f), &d);
		assert_int_equal(d.size, sizes[sas]);
	}
}

static void test_dabt_signed_load_into_xzr(void **state)
{
	const struct dabt_fields f = {.isv = true,
				      .sas = 1,
				      .sse = true,
				      .srt = 31,
				      .sf = false,
				      .wnr = false,
				      .dfsc = 0x05};

	(void)state;
	check_dabt(&f);
}

static void test_dabt_stage1_walk_and_fault_codes(void **state)
{
	(void)state;
	for (u32 dfsc = 0; dfsc < 64; dfsc += 7) {
		const struct dabt_fields f = {.isv = false,
					      .sas = 3,
					      .srt = 1,
					      .s1ptw = true,
					      .wnr = dfsc & 1,
					      .dfsc = dfsc};

		check_dabt(&f);
	}
}

static void test_dabt_without_isv(void **state)
{
	struct dabt_info d;

	(void)state;
	esr_decode_dabt(DABT_LOW << EC_SHIFT | IL | 0x0b, &d);
	assert_false(d.valid);
	assert_int_equal(d.dfsc, 0x0b);
	assert_false(d.write);
}

/* ---- extension of loaded values ---- */

static u64 extend(u32 size, bool sse, bool sf, u64 value)
{
	const struct dabt_info d = {
	    .valid = true, .size = size, .sign_extend = sse, .reg64 = sf};

	return dabt_extend(&d, value);
}

static void test_extend_sign(void **state)
{
	(void)state;
	assert_int_equal(extend(1, true, true, 0x80), 0xffffffffffffff80ull);
	assert_int_equal(extend(1, true, false, 0x80), 0xffffff80ull);
	assert_int_equal(extend(2, true, true, 0x8001), 0xffffffffffff8001ull);
	assert_int_equal(extend(2, true, false, 0xfffe), 0xfffffffeull);
	assert_int_equal(extend(4, true, true, 0x80000000),
			 0xffffffff80000000ull);
	assert_int_equal(extend(4, true, false, 0x80000000), 0x80000000ull);
	/* Positive values stay as they are. */
	assert_int_equal(extend(1, true, true, 0x7f), 0x7f);
	assert_int_equal(extend(2, true, true, 0x7fff), 0x7fff);
}

static void test_extend_zero(void **state)
{
	(void)state;
	assert_int_equal(extend(1, false, true, 0x80), 0x80);
	assert_int_equal(extend(1, false, true, 0xdeadbe80), 0x80);
	assert_int_equal(extend(2, false, true, 0xffffffffffff8001ull), 0x8001);
	assert_int_equal(extend(4, false, true, 0x1234567887654321ull),
			 0x87654321ull);
	/* Sign bits above the access size are garbage, not a sign. */
	assert_int_equal(extend(1, true, true, 0xff7f), 0x7f);
}

static void test_extend_64bit_access(void **state)
{
	(void)state;
	assert_int_equal(extend(8, false, true, 0x8123456789abcdefull),
			 0x8123456789abcdefull);
	assert_int_equal(extend(8, true, true, 0x8123456789abcdefull),
			 0x8123456789abcdefull);
	/* A W register keeps only the low half. */
	assert_int_equal(extend(8, false, false, 0x8123456789abcdefull),
			 0x89abcdefull);
}

/* ---- MSR/MRS traps ---- */

static u64 sysreg_esr(u32 op0, u32 op1, u32 crn, u32 crm, u32 op2, u32 rt,
		      bool read)
{
	return SYSREG_EC << EC_SHIFT | IL | (u64)op0 << 20 | (u64)op2 << 17 |
	       (u64)op1 << 14 | (u64)crn << 10 | (u64)rt << 5 | (u64)crm << 1 |
	       read;
}

static void assert_sysreg(const struct sysreg_trap *t, u32 op0, u32 op1,
			  u32 crn, u32 crm, u32 op2, u32 rt, bool read)
{
	assert_int_equal(t->op0, op0);
	assert_int_equal(t->op1, op1);
	assert_int_equal(t->crn, crn);
	assert_int_equal(t->crm, crm);
	assert_int_equal(t->op2, op2);
	assert_int_equal(t->reg, rt);
	assert_int_equal(t->read, read);
}

/* MSR ICC_SGI1R_EL1, x2 */
static void test_sysreg_sgi1r_write(void **state)
{
	struct sysreg_trap t;

	(void)state;
	esr_decode_sysreg(sysreg_esr(3, 0, 12, 11, 5, 2, false), &t);
	assert_sysreg(&t, 3, 0, 12, 11, 5, 2, false);
	assert_int_equal(sysreg_key(t.op0, t.op1, t.crn, t.crm, t.op2),
			 sysreg_key(3, 0, 12, 11, 5));
}

/* MRS x30, ICC_IAR1_EL1 */
static void test_sysreg_mrs_read(void **state)
{
	struct sysreg_trap t;

	(void)state;
	esr_decode_sysreg(sysreg_esr(3, 0, 12, 12, 0, 30, true), &t);
	assert_sysreg(&t, 3, 0, 12, 12, 0, 30, true);
	assert_int_not_equal(sysreg_key(t.op0, t.op1, t.crn, t.crm, t.op2),
			     sysreg_key(3, 0, 12, 11, 5));
}

static void test_sysreg_all_fields_at_maximum(void **state)
{
	struct sysreg_trap t;

	(void)state;
	esr_decode_sysreg(sysreg_esr(3, 7, 15, 15, 7, 31, true), &t);
	assert_sysreg(&t, 3, 7, 15, 15, 7, 31, true);
	esr_decode_sysreg(sysreg_esr(2, 1, 0, 1, 0, 0, false), &t);
	assert_sysreg(&t, 2, 1, 0, 1, 0, 0, false);
}

/* Every encoding has its own key. */
static void test_sysreg_key_is_unique(void **state)
{
	static u8 seen[1u << 16];
	u32 n = 0;

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (u32 op0 = 0; op0 < 4; op0++)
		for (u32 op1 = 0; op1 < 8; op1++)
			for (u32 crn = 0; crn < 16; crn++)
				for (u32 crm = 0; crm < 16; crm++)
					for (u32 op2 = 0; op2 < 8; op2++) {
						u32 key = sysreg_key(
						    op0, op1, crn, crm, op2);

						assert_true(key < sizeof(seen));
						assert_int_equal(seen[key], 0);
						seen[key] = 1;
						n++;
					}
	assert_int_equal(n, 1u << 16);
}

/* ---- external aborts reflected to the guest ---- */

static u64 abort_esr(u64 ec, bool wnr)
{
	return ec << EC_SHIFT | IL | (wnr ? 1ull << 6 : 0) | 0x10;
}

static void test_external_abort_data(void **state)
{
	(void)state;
	assert_int_equal(esr_guest_external_abort(false, true, false),
			 abort_esr(DABT_CUR, true));
	assert_int_equal(esr_guest_external_abort(false, false, false),
			 abort_esr(DABT_CUR, false));
	assert_int_equal(esr_guest_external_abort(true, true, false),
			 abort_esr(DABT_LOW, true));
	assert_int_equal(esr_guest_external_abort(true, false, false),
			 abort_esr(DABT_LOW, false));
}

/* Instruction aborts have no WnR: bit 6 stays clear. */
static void test_external_abort_instruction(void **state)
{
	(void)state;
	assert_int_equal(esr_guest_external_abort(false, true, true),
			 abort_esr(IABT_CUR, false));
	assert_int_equal(esr_guest_external_abort(false, false, true),
			 abort_esr(IABT_CUR, false));
	assert_int_equal(esr_guest_external_abort(true, true, true),
			 abort_esr(IABT_LOW, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dabt_word_store),
	    cmocka_unit_test(test_dabt_every_access_size),
	    cmocka_unit_test(test_dabt_signed_load_into_xzr),
	    cmocka_unit_test(test_dabt_stage1_walk_and_fault_codes),
	    cmocka_unit_test(test_dabt_without_isv),
	    cmocka_unit_test(test_extend_sign),
	    cmocka_unit_test(test_extend_zero),
	    cmocka_unit_test(test_extend_64bit_access),
	    cmocka_unit_test(test_sysreg_sgi1r_write),
	    cmocka_unit_test(test_sysreg_mrs_read),
	    cmocka_unit_test(test_sysreg_all_fields_at_maximum),
	    cmocka_unit_test(test_sysreg_key_is_unique),
	    cmocka_unit_test(test_external_abort_data),
	    cmocka_unit_test(test_external_abort_instruction),
	};

	return cmocka_run_group_tests_name("esr", tests, NULL, NULL);
}
