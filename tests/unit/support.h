/* Helpers shared by the unit tests (tests/unit/support.c). */
#ifndef CVISOR_TESTS_UNIT_SUPPORT_H
#define CVISOR_TESTS_UNIT_SUPPORT_H

#include "cvisor/types.h"

/* A deterministic generator (xorshift64*) for the stress tests, so that a
 * failure repeats; *state must start non-zero. */
u64 test_random(u64 *state);
/* A value in [lo, hi]. */
u64 test_random_range(u64 *state, u64 lo, u64 hi);

/* The buffer test_load_dtb reads a tree into (the trees are far smaller). */
#define TEST_DTB_BUF_SIZE (1u << 20)
/* A device tree the unit Makefile compiled into UNIT_BUILD_DIR (name as
 * "qemu-virt-gicv3.dtb"), in a malloc'ed buffer of TEST_DTB_BUF_SIZE; the
 * test fails if it is missing or not a tree. */
void *test_load_dtb(const char *name);

#endif
