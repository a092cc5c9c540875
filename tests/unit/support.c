/*
 * Linked into every unit test: the few hypervisor symbols the code under
 * test needs on the host, shared helpers, and unbuffered output so that a
 * test which crashes (ASan, UBSan) still shows which test was running.
 */
#include <stdio.h>

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

__attribute__((constructor)) static void unbuffer_stdout(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
}
