/* Helpers shared by the unit tests (tests/unit/support.c). */
#ifndef CVISOR_TESTS_UNIT_SUPPORT_H
#define CVISOR_TESTS_UNIT_SUPPORT_H

#include "cvisor/types.h"

/* A deterministic generator (xorshift64*) for the stress tests, so that a
 * failure repeats; *state must start non-zero. */
u64 test_random(u64 *state);
/* A value in [lo, hi]. */
u64 test_random_range(u64 *state, u64 lo, u64 hi);

/* Little-endian stores into the images and tables a test builds. */
static inline void put_le(u8 *p, u64 v, u32 bytes)
{
	for (u32 i = 0; i < bytes; i++)
		p[i] = (u8)(v >> (8 * i));
}

static inline void put16(u8 *p, u16 v)
{
	put_le(p, v, 2);
}

static inline void put32(u8 *p, u32 v)
{
	put_le(p, v, 4);
}

static inline void put64(u8 *p, u64 v)
{
	put_le(p, v, 8);
}

/* The buffer test_load_dtb reads a tree into (the trees are far smaller). */
#define TEST_DTB_BUF_SIZE (1u << 20)
/* A device tree the unit Makefile compiled into UNIT_BUILD_DIR (name as
 * "qemu-virt-gicv3.dtb"), in a malloc'ed buffer of TEST_DTB_BUF_SIZE; the
 * test fails if it is missing or not a tree. */
void *test_load_dtb(const char *name);

#endif
