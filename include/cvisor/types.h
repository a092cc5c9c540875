/* Fixed-width types shared by the hypervisor, its host tools and host tests. */
#ifndef CVISOR_TYPES_H
#define CVISOR_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

/* Host-physical and guest-physical (intermediate physical) addresses. */
typedef u64 paddr_t;
typedef u64 ipa_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KiB(x) ((u64)(x) << 10)
#define MiB(x) ((u64)(x) << 20)
#define GiB(x) ((u64)(x) << 30)

#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a)-1))
#define ALIGN_UP(x, a)	 ALIGN_DOWN((x) + (u64)(a)-1, (a))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a)-1)) == 0)

/* Does [a, a+as) intersect [b, b+bs)? Sizes are non-zero and do not wrap. */
static inline bool ranges_overlap(u64 a, u64 as, u64 b, u64 bs)
{
	return a < b + bs && b < a + as;
}

/* Is [a, a+as) inside [b, b+bs)? */
static inline bool range_within(u64 a, u64 as, u64 b, u64 bs)
{
	return a >= b && as <= bs && a - b <= bs - as;
}

#endif
