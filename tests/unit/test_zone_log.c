/*
 * Unit tests for core/zone_log.c: zone_warn() logs a zone's first
 * ZONE_WARN_LIMIT warnings, then only counts them, with one summary line
 * each time the count doubles; zone_warn_kind() does the same on a counter
 * of its own; zone_log_refusals() reports the counts.
 * log_printf is a fake below that keeps every line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#define MAX_LINES 128

static struct {
	char text[MAX_LINES][300];
	const char *level[MAX_LINES];
	u32 n;
} logged;

void log_printf(const char *level, const char *fmt, ...)
{
	va_list ap;

	assert_true(logged.n < MAX_LINES);
	va_start(ap, fmt);
	cv_vsnprintf(logged.text[logged.n], sizeof(logged.text[0]), fmt, ap);
	va_end(ap);
	logged.level[logged.n++] = level;
}

_Noreturn void check_failed(const char *file, int line, const char *what)
{
	fail_msg("CHECK failed at %s:%d: %s", file, line, what);
	abort();
}

static struct zone zone_a, zone_b;

static int setup(void **state)
{
	(void)state;
	memset(&logged, 0, sizeof(logged));
	memset(&zone_a, 0, sizeof(zone_a));
	memset(&zone_b, 0, sizeof(zone_b));
	zone_a.id = 3;
	zone_b.id = 4;
	strcpy(zone_a.name, "hostile");
	return 0;
}

static void warn_n(struct zone *z, u32 n)
{
	for (u32 i = 0; i < n; i++)
		zone_warn(z, "zone %u vcpu0: fault %u at 0x%llx", z->id, i,
			  (unsigned long long)(0x1000u * i));
}

static void test_first_warnings_logged_as_given(void **state)
{
	(void)state;
	warn_n(&zone_a, ZONE_WARN_LIMIT - 1);
	assert_int_equal(logged.n, ZONE_WARN_LIMIT - 1);
	assert_int_equal(zone_a.warnings, ZONE_WARN_LIMIT - 1);
	assert_string_equal(logged.text[0], "zone 3 vcpu0: fault 0 at 0x0");
	assert_string_equal(logged.text[5], "zone 3 vcpu0: fault 5 at 0x5000");
	assert_string_equal(logged.level[5], "WARN: ");
}

static void test_last_logged_warning_says_so(void **state)
{
	char want[120];

	(void)state;
	warn_n(&zone_a, ZONE_WARN_LIMIT);
	assert_int_equal(logged.n, ZONE_WARN_LIMIT);
	snprintf(want, sizeof(want),
		 "zone 3 vcpu0: fault %u at 0x%x (further warnings of this "
		 "zone are counted)",
		 ZONE_WARN_LIMIT - 1, 0x1000u * (ZONE_WARN_LIMIT - 1));
	assert_string_equal(logged.text[ZONE_WARN_LIMIT - 1], want);
}

/* Past the limit: nothing until the count doubles, then one summary. */
static void test_suppressed_warnings_summarised_when_count_doubles(void **s)
{
	char want[120];

	(void)s;
	warn_n(&zone_a, 2 * ZONE_WARN_LIMIT - 1);
	assert_int_equal(logged.n, ZONE_WARN_LIMIT);
	warn_n(&zone_a, 1);
	assert_int_equal(logged.n, ZONE_WARN_LIMIT + 1);
	snprintf(want, sizeof(want),
		 "zone 3: %u warnings so far, the last %u not logged",
		 2 * ZONE_WARN_LIMIT, ZONE_WARN_LIMIT);
	assert_string_equal(logged.text[ZONE_WARN_LIMIT], want);
	assert_string_equal(logged.level[ZONE_WARN_LIMIT], "WARN: ");
}

/* 10000 warnings: the limit, then 128, 256, ..., 8192: 7 summaries. */
static void test_flood_costs_logarithmic_lines(void **state)
{
	char want[120];

	(void)state;
	warn_n(&zone_a, 10000);
	assert_int_equal(zone_a.warnings, 10000);
	assert_int_equal(logged.n, ZONE_WARN_LIMIT + 7);
	snprintf(want, sizeof(want),
		 "zone 3: 8192 warnings so far, the last %u not logged",
		 8192 - ZONE_WARN_LIMIT);
	assert_string_equal(logged.text[logged.n - 1], want);
}

/* One zone's flood leaves another zone's budget whole. */
static void test_budget_is_per_zone(void **state)
{
	(void)state;
	warn_n(&zone_a, 5 * ZONE_WARN_LIMIT);
	logged.n = 0;
	warn_n(&zone_b, 3);
	assert_int_equal(logged.n, 3);
	assert_string_equal(logged.text[2], "zone 4 vcpu0: fault 2 at 0x2000");
	assert_int_equal(zone_b.warnings, 3);
}

/* A kind with a counter of its own: its own budget, its own name in
 * the last line and the summaries; zone_warn's budget is untouched. */
static void test_kind_has_its_own_budget(void **state)
{
	char want[160];

	(void)state;
	for (u32 i = 0; i < 2 * ZONE_WARN_LIMIT; i++)
		zone_warn_kind(&zone_a, &zone_a.refused_irqchip,
			       "refused interrupt-controller writes",
			       "zone %u vcpu0: PLIC write %u", zone_a.id, i);
	assert_int_equal(zone_a.refused_irqchip, 2 * ZONE_WARN_LIMIT);
	assert_int_equal(zone_a.warnings, 0);
	assert_int_equal(logged.n, ZONE_WARN_LIMIT + 1);
	snprintf(want, sizeof(want),
		 "zone 3 vcpu0: PLIC write %u (further refused "
		 "interrupt-controller writes of this zone are counted)",
		 ZONE_WARN_LIMIT - 1);
	assert_string_equal(logged.text[ZONE_WARN_LIMIT - 1], want);
	snprintf(want, sizeof(want),
		 "zone 3: %u refused interrupt-controller writes so far, the "
		 "last %u not logged",
		 2 * ZONE_WARN_LIMIT, ZONE_WARN_LIMIT);
	assert_string_equal(logged.text[ZONE_WARN_LIMIT], want);
	warn_n(&zone_a, 1); /* a fault after the flood is still logged */
	assert_int_equal(logged.n, ZONE_WARN_LIMIT + 2);
	assert_string_equal(logged.text[logged.n - 1],
			    "zone 3 vcpu0: fault 0 at 0x0");
}

/* A line longer than zone_warn's buffer is cut, not overrun (ASan). */
static void test_long_warning_truncated(void **state)
{
	char big[400];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	zone_warn(&zone_a, "zone %u: %s", zone_a.id, big);
	assert_int_equal(logged.n, 1);
	assert_int_equal(strlen(logged.text[0]), 199);
	assert_memory_equal(logged.text[0], "zone 3: xxx", 11);
}

/* At stop, the count of every warning, logged or not, is reported. */
static void test_refusals_report_the_count(void **state)
{
	(void)state;
	zone_log_refusals(&zone_a);
	assert_int_equal(logged.n, 0); /* nothing refused: nothing said */
	warn_n(&zone_a, 1000);
	logged.n = 0;
	zone_log_refusals(&zone_a);
	assert_int_equal(logged.n, 1);
	assert_non_null(
	    strstr(logged.text[0], "zone 3 'hostile': 1000 warnings, "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_first_warnings_logged_as_given, setup),
	    cmocka_unit_test_setup(test_last_logged_warning_says_so, setup),
	    cmocka_unit_test_setup(
		test_suppressed_warnings_summarised_when_count_doubles, setup),
	    cmocka_unit_test_setup(test_flood_costs_logarithmic_lines, setup),
	    cmocka_unit_test_setup(test_budget_is_per_zone, setup),
	    cmocka_unit_test_setup(test_kind_has_its_own_budget, setup),
	    cmocka_unit_test_setup(test_long_warning_truncated, setup),
	    cmocka_unit_test_setup(test_refusals_report_the_count, setup),
	};

	return cmocka_run_group_tests_name("zone_log", tests, NULL, NULL);
}
