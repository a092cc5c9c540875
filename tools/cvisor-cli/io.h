/*
 * Accesses to uncached physical memory mapped from /dev/mem.
 *
 * On arm64 Linux maps memory that is not System RAM as Device-nGnRnE:
 * every access must be naturally aligned, and DC ZVA (which glibc's memset
 * uses) faults on it. The management registers also trap to cvisor, which
 * decodes the access from the syndrome, so each one must be a single
 * ldr/str without writeback or pairing: inline assembly guarantees that.
 * On riscv64 the trapped access is decoded from the instruction (htinst
 * or a fetch by cvisor): each is one uncompressed ld/sd/lw/sw (.option
 * norvc), and "fence iorw, iorw" orders them.
 * The host build (for tests against a plain file) uses volatile accesses.
 */
#ifndef CVISOR_CLI_IO_H
#define CVISOR_CLI_IO_H

#include <stddef.h>

#include "cvisor/types.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "cvisor's ABI is little-endian; this CLI reads it natively"
#endif

static inline void io_barrier(void)
{
#if defined(__aarch64__)
	__asm__ volatile("dsb sy" : : : "memory");
#elif defined(__riscv)
	__asm__ volatile("fence iorw, iorw" : : : "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

static inline u64 io_read64(const volatile void *addr)
{
#if defined(__aarch64__)
	u64 val;

	__asm__ volatile("ldr %x0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
#elif defined(__riscv)
	u64 val;

	__asm__ volatile(".option push\n.option norvc\nld %0, 0(%1)\n"
			 ".option pop"
			 : "=r"(val)
			 : "r"(addr)
			 : "memory");
	return val;
#else
	return *(const volatile u64 *)addr;
#endif
}

static inline void io_write64(volatile void *addr, u64 val)
{
#if defined(__aarch64__)
	__asm__ volatile("str %x0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
#elif defined(__riscv)
	__asm__ volatile(".option push\n.option norvc\nsd %0, 0(%1)\n"
			 ".option pop"
			 :
			 : "r"(val), "r"(addr)
			 : "memory");
#else
	*(volatile u64 *)addr = val;
#endif
}

static inline u32 io_read32(const volatile void *addr)
{
#if defined(__aarch64__)
	u32 val;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
#elif defined(__riscv)
	u32 val;

	__asm__ volatile(".option push\n.option norvc\nlw %0, 0(%1)\n"
			 ".option pop"
			 : "=r"(val)
			 : "r"(addr)
			 : "memory");
	return val;
#else
	return *(const volatile u32 *)addr;
#endif
}

static inline void io_write32(volatile void *addr, u32 val)
{
#if defined(__aarch64__)
	__asm__ volatile("str %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
#elif defined(__riscv)
	__asm__ volatile(".option push\n.option norvc\nsw %0, 0(%1)\n"
			 ".option pop"
			 :
			 : "r"(val), "r"(addr)
			 : "memory");
#else
	*(volatile u32 *)addr = val;
#endif
}

/* dst is 8-byte aligned; the last word is padded with zeros. */
void io_copy_to(volatile void *dst, const void *src, size_t len);
/* src is 8-byte aligned; reads whole words only. */
void io_copy_from(void *dst, const volatile void *src, size_t len);

#endif
