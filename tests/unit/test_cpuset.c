/* lib/cpuset.c: CPU sets as the shell and the CLI print them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/cpuset.h"

static const char *fmt(u64 mask)
{
	static char buf[200];
	size_t n = cpuset_format(mask, buf, sizeof(buf));

	assert_int_equal(n, strlen(buf));
	return buf;
}

static void test_ranges_and_singles(void **state)
{
	(void)state;
	assert_string_equal(fmt(0), "-");
	assert_string_equal(fmt(0x1), "0");
	assert_string_equal(fmt(0x3), "0-1");
	assert_string_equal(fmt(0x2f), "0-3,5");
	assert_string_equal(fmt(0x5), "0,2");
	assert_string_equal(fmt(1ull << 63), "63");
	assert_string_equal(fmt(~0ull), "0-63");
	assert_string_equal(fmt(0xc00000000000000cull), "2-3,62-63");
}

static void test_cut_short_but_counted(void **state)
{
	char buf[4];

	(void)state;
	assert_int_equal(cpuset_format(0x2f, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "0-3");
	assert_int_equal(cpuset_format(0x2f, buf, 0), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ranges_and_singles),
	    cmocka_unit_test(test_cut_short_but_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
