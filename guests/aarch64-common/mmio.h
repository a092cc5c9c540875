/*
 * MMIO accessors: single-register ldr/str, so that a hypervisor trapping
 * the access gets a valid ESR_ELx.ISS (ISV=1: no writeback, no pairs).
 */
#ifndef AARCH64_COMMON_MMIO_H
#define AARCH64_COMMON_MMIO_H

#include <stdint.h>

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint32_t val;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return (uint8_t)val;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t val;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	uint64_t val;

	__asm__ volatile("ldr %0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
}

static inline void mmio_write8(uintptr_t addr, uint8_t val)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static inline void mmio_write64(uintptr_t addr, uint64_t val)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

#endif /* AARCH64_COMMON_MMIO_H */
