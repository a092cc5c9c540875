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

/*
 * Host-physical and guest-physical (intermediate physical) addresses are
 * one-field structs, so one cannot be passed for the other or for a plain
 * integer (as in Hafnium). Hypervisor virtual addresses are C pointers:
 * pa_to_hv() and hv_to_pa() convert (cvisor maps its memory identity).
 * The boot bundle's ABI (cvisor/config.h) keeps plain u64s.
 */
typedef struct {
	u64 val;
} paddr_t;
typedef struct {
	u64 val;
} ipa_t;

static inline paddr_t pa_init(u64 v)
{
	return (paddr_t){v};
}

static inline u64 pa_addr(paddr_t pa)
{
	return pa.val;
}

static inline paddr_t pa_add(paddr_t pa, u64 n)
{
	return (paddr_t){pa.val + n};
}

static inline ipa_t ipa_init(u64 v)
{
	return (ipa_t){v};
}

static inline u64 ipa_addr(ipa_t ipa)
{
	return ipa.val;
}

static inline ipa_t ipa_add(ipa_t ipa, u64 n)
{
	return (ipa_t){ipa.val + n};
}

/* The hypervisor's pointer to host-physical pa, and back (identity). */
static inline void *pa_to_hv(paddr_t pa)
{
	return (void *)(uintptr_t)pa.val;
}

static inline paddr_t hv_to_pa(const void *p)
{
	return (paddr_t){(uintptr_t)p};
}

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
