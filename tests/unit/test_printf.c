/*
 * Unit tests for lib/printf.c, the hypervisor's bounded formatter: every
 * conversion it documents, padding and alignment, and truncation.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/printf.h"

#define BUF_SIZE 128

/* NULL, hidden from the compiler's format checks. */
static const char *volatile null_string;

/* Format into a large buffer; check the text and the returned length. */
#define EXPECT(expected, ...)                                                  \
	do {                                                                   \
		char buf_[BUF_SIZE];                                           \
		int n_;                                                        \
		memset(buf_, 'Z', sizeof(buf_));                               \
		n_ = cv_snprintf(buf_, sizeof(buf_), __VA_ARGS__);             \
		assert_string_equal(buf_, expected);                           \
		assert_int_equal(n_, strlen(expected));                        \
	} while (0)

static void test_signed_decimal(void **state)
{
	(void)state;
	EXPECT("0", "%d", 0);
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%d", -42);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("2147483647", "%i", INT_MAX);
	EXPECT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT("9223372036854775807", "%lli", LLONG_MAX);
}

static void test_unsigned_decimal(void **state)
{
	(void)state;
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("12345", "%zu", (size_t)12345);
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	/* An int argument of %u is taken as unsigned. */
	EXPECT("4294967254", "%u", -42);
}

static void test_hexadecimal(void **state)
{
	(void)state;
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("0", "%x", 0u);
	EXPECT("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
	EXPECT("FFFFFFFFFFFFFFFF", "%llX", ULLONG_MAX);
	EXPECT("ffffffffffffffff", "%lx", ULONG_MAX);
	EXPECT("ffffffd6", "%x", -42);
	EXPECT("1000", "%zx", (size_t)4096);
}

static void test_pointer(void **state)
{
	(void)state;
	EXPECT("0x1234", "%p", (void *)(uintptr_t)0x1234);
	EXPECT("0xffff800000001000", "%p",
	       (void *)(uintptr_t)0xffff800000001000ull);
	EXPECT("0x0", "%p", (void *)0);
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	EXPECT("hello", "%s", "hello");
	EXPECT("", "%s", "");
	EXPECT("(null)", "%s", null_string);
	EXPECT("Z", "%c", 'Z');
	EXPECT("a b", "%c %c", 'a', 'b');
	EXPECT("100%", "%d%%", 100);
	EXPECT("%", "%%");
	EXPECT("plain text", "plain text");
}

static void test_mixed_arguments_stay_in_step(void **state)
{
	(void)state;
	EXPECT("zone 3 'root' at 0x40000000 size 16777216 (-1) ok",
	       "zone %u '%s' at 0x%llx size %zu (%d) %c%c", 3u, "root",
	       0x40000000ull, (size_t)16777216, -1, 'o', 'k');
	EXPECT("1 2 3 4", "%lld %d %llu %u", 1ll, 2, 3ull, 4u);
}

static void test_width_and_padding(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("  -42", "%5d", -42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("-42  |", "%-5d|", -42);
	EXPECT("0000beef", "%08x", 0xbeefu);
	EXPECT("00000000deadbeef", "%016llx", 0xdeadbeefull);
	EXPECT("     abc", "%8s", "abc");
	EXPECT("abc     |", "%-8s|", "abc");
	EXPECT("    x", "%5c", 'x');
	/* Width smaller than the text: nothing is cut. */
	EXPECT("123456", "%3d", 123456);
	EXPECT("abcdef", "%2s", "abcdef");
	EXPECT("-123", "%02d", -123);
}

static void test_truncation_returns_full_length(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(cv_snprintf(buf, 5, "hello world"), 11);
	assert_string_equal(buf, "hell");
	/* Nothing written past size. */
	assert_int_equal(buf[5], 'Z');
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(cv_snprintf(buf, 4, "%d", -123456), 7);
	assert_string_equal(buf, "-12");
	assert_int_equal(buf[4], 'Z');
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(cv_snprintf(buf, 6, "%8s", "ab"), 8);
	assert_string_equal(buf, "     ");
	assert_int_equal(cv_snprintf(buf, 8, "1234567"), 7);
	assert_string_equal(buf, "1234567");
	assert_int_equal(cv_snprintf(buf, 7, "1234567"), 7);
	assert_string_equal(buf, "123456");
}

static void test_size_one_and_zero(void **state)
{
	char buf[4] = "ZZZ";

	(void)state;
	assert_int_equal(cv_snprintf(buf, 1, "%s", "abc"), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Z');
	memcpy(buf, "ZZZ", 4);
	assert_int_equal(cv_snprintf(buf, 0, "%d", 12345), 5);
	assert_memory_equal(buf, "ZZZ", 4);
	assert_int_equal(cv_snprintf(NULL, 0, "%llx", 0xabcdefull), 6);
}

static int call_vsnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int call_vsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vsnprintf(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(call_vsnprintf(buf, sizeof(buf), "%s=%x", "id", 31u),
			 5);
	assert_string_equal(buf, "id=1f");
}

/* cv_vprintf_to: everything reaches the sink, in pieces, in order. */
static char sunk[2048];
static size_t sunk_len, sink_calls;

static void collect(const char *p, size_t n)
{
	assert_true(sunk_len + n < sizeof(sunk));
	memcpy(sunk + sunk_len, p, n);
	sunk_len += n;
	sink_calls++;
}

static int printf_to(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cv_vprintf_to(collect, fmt, ap);
	va_end(ap);
	return n;
}

static void test_printf_to_loses_nothing(void **state)
{
	char want[2048], word[16];
	int n = 0;

	(void)state;
	sunk_len = sink_calls = 0;
	for (int i = 0; i < 200; i++) {
		snprintf(word, sizeof(word), "w%03d ", i);
		n += snprintf(want + n, sizeof(want) - (size_t)n, "%s", word);
	}
	assert_int_equal(printf_to("%s|%d|%-6s|\n", want, -42, "ab"), n + 13);
	snprintf(want + n, sizeof(want) - (size_t)n, "|-42|ab    |\n");
	assert_int_equal(sunk_len, strlen(want));
	assert_memory_equal(sunk, want, sunk_len);
	assert_true(sink_calls > 1); /* it was handed over in pieces */
	sunk_len = sink_calls = 0;
	assert_int_equal(printf_to("%s", ""), 0);
	assert_int_equal(sink_calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_signed_decimal),
	    cmocka_unit_test(test_unsigned_decimal),
	    cmocka_unit_test(test_hexadecimal),
	    cmocka_unit_test(test_pointer),
	    cmocka_unit_test(test_strings_and_chars),
	    cmocka_unit_test(test_mixed_arguments_stay_in_step),
	    cmocka_unit_test(test_width_and_padding),
	    cmocka_unit_test(test_truncation_returns_full_length),
	    cmocka_unit_test(test_size_one_and_zero),
	    cmocka_unit_test(test_vsnprintf),
	    cmocka_unit_test(test_printf_to_loses_nothing),
	};

	return cmocka_run_group_tests_name("printf", tests, NULL, NULL);
}
