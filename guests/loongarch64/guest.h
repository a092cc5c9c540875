/* cvisor loongarch64 test guest: shared helpers. */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#define UART_BASE    0x1fe001e0UL /* passed through by cvisor */
#define GED_SLEEP    0x100e001cUL /* emulated by cvisor */
#define ILLEGAL_ADDR 0x0c000000UL /* outside the zone's memory */

#define CSR_CRMD  0x0
#define CSR_ECFG  0x4
#define CSR_ESTAT 0x5
#define CSR_ERA	  0x6
#define CSR_BADV  0x7
#define CSR_CPUID 0x20
#define CSR_TCFG  0x41
#define CSR_TICLR 0x44

#define INT_TI	(1UL << 11)
#define INT_IPI (1UL << 12)
#define CRMD_IE (1UL << 2)

#define STR1(x) #x
#define STR(x)	STR1(x)
#define csr_read(c)                                                            \
	({                                                                     \
		unsigned long __v;                                             \
		__asm__ volatile("csrrd %0, " STR(c) : "=r"(__v)::"memory");   \
		__v;                                                           \
	})
#define csr_write(c, v)                                                        \
	do {                                                                   \
		unsigned long __v = (v);                                       \
		__asm__ volatile("csrwr %0, " STR(c) : "+r"(__v)::"memory");   \
	} while (0)
#define csr_xchg(c, v, m)                                                      \
	do {                                                                   \
		unsigned long __v = (v);                                       \
		__asm__ volatile("csrxchg %0, %1, " STR(c)                     \
				 : "+r"(__v)                                   \
				 : "r"((unsigned long)(m))                     \
				 : "memory");                                  \
	} while (0)

static inline unsigned int cpucfg(unsigned int w)
{
	unsigned int v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(w));
	return v;
}

static inline uint32_t iocsr_read32(unsigned long a)
{
	uint32_t v;

	__asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline uint64_t iocsr_read64(unsigned long a)
{
	uint64_t v;

	__asm__ volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void iocsr_write32(unsigned long a, uint32_t v)
{
	__asm__ volatile("iocsrwr.w %0, %1" ::"r"(v), "r"(a) : "memory");
}

static inline void iocsr_write64(unsigned long a, uint64_t v)
{
	__asm__ volatile("iocsrwr.d %0, %1" ::"r"(v), "r"(a) : "memory");
}

void gprint(const char *fmt, ...);
void guest_trap(void);
void guest_main(void);

#endif
