/*
 * Linked into every unit test: the few hypervisor symbols the code under
 * test needs on the host, shared helpers, and unbuffered output so that a
 * test which crashes (ASan, UBSan) still shows which test was running.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <libfdt.h>

#include "tests/unit/support.h"

u64 test_random(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

u64 test_random_range(u64 *state, u64 lo, u64 hi)
{
	return lo + test_random(state) % (hi - lo + 1);
}

void *test_load_dtb(const char *name)
{
	char path[512];
	void *dtb = malloc(TEST_DTB_BUF_SIZE);
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", UNIT_BUILD_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (built by tests/unit/Makefile)", path);
	n = fread(dtb, 1, TEST_DTB_BUF_SIZE, f);
	fclose(f);
	assert_true(n > 0 && fdt_check_header(dtb) == 0);
	return dtb;
}

__attribute__((constructor)) static void unbuffer_stdout(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
}
