/* Helpers shared by the unit tests (tests/unit/support.c). */
#ifndef CVISOR_TESTS_UNIT_SUPPORT_H
#define CVISOR_TESTS_UNIT_SUPPORT_H

#include "cvisor/types.h"

/* A deterministic generator (xorshift64*) for the stress tests, so that a
 * failure repeats; *state must start non-zero. */
u64 test_random(u64 *state);
/* A value in [lo, hi]. */
u64 test_random_range(u64 *state, u64 lo, u64 hi);

#endif
