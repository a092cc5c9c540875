/*
 * libfdt_env.h - the environment libfdt expects, for cvisor's freestanding
 * C11 build.
 *
 * libfdt (fetched into the build cache by scripts/fetch-libfdt, never
 * vendored) includes "libfdt_env.h" and expects it to provide the fixed-width
 * and boolean types, the fdtNN_t big-endian storage types with their
 * conversion helpers, INT_MAX/INT32_MAX/UINT32_MAX, and the string/memory
 * functions it calls.  Only compiler-provided headers are used here; the
 * functions are implemented by cvisor's lib/string.c.
 *
 * The upstream libfdt_env.h (which pulls in the hosted <stdlib.h> and
 * <string.h>) is deliberately not extracted next to the libfdt sources, so
 * this file is the one found via -Ilib/fdt.  The include guard is the
 * upstream one on purpose: at most one of the two can ever be active.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <limits.h>  /* INT_MAX */
#include <stdbool.h> /* bool */
#include <stddef.h>  /* size_t, NULL, ptrdiff_t */
#include <stdint.h>  /* uintN_t, INT32_MAX, UINT32_MAX, uintptr_t */

/* Flattened device tree cells are stored big-endian. */
typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FDT_ENV_BE16(x) __builtin_bswap16(x)
#define FDT_ENV_BE32(x) __builtin_bswap32(x)
#define FDT_ENV_BE64(x) __builtin_bswap64(x)
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FDT_ENV_BE16(x) (x)
#define FDT_ENV_BE32(x) (x)
#define FDT_ENV_BE64(x) (x)
#else
#error "libfdt_env.h: cannot determine the target byte order"
#endif

static inline uint16_t fdt16_to_cpu(fdt16_t x)
{
	return (uint16_t)FDT_ENV_BE16(x);
}

static inline fdt16_t cpu_to_fdt16(uint16_t x)
{
	return (fdt16_t)FDT_ENV_BE16(x);
}

static inline uint32_t fdt32_to_cpu(fdt32_t x)
{
	return (uint32_t)FDT_ENV_BE32(x);
}

static inline fdt32_t cpu_to_fdt32(uint32_t x)
{
	return (fdt32_t)FDT_ENV_BE32(x);
}

static inline uint64_t fdt64_to_cpu(fdt64_t x)
{
	return (uint64_t)FDT_ENV_BE64(x);
}

static inline fdt64_t cpu_to_fdt64(uint64_t x)
{
	return (fdt64_t)FDT_ENV_BE64(x);
}

#undef FDT_ENV_BE16
#undef FDT_ENV_BE32
#undef FDT_ENV_BE64

/*
 * What libfdt 1.7.2 calls from the C library: memcpy memmove memset memcmp
 * memchr strlen strnlen strrchr.  strchr() (and strtoul()) are used only by
 * fdt_overlay.c, which cvisor does not build; strchr() is declared anyway as
 * lib/string.c provides it.  The signatures match lib/string.h, so both
 * headers may be included by the same translation unit.
 */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

#endif /* LIBFDT_ENV_H */
