/* What the riscv64 bare-metal guests share (README.md): the QEMU virt
 * addresses they use, SBI extension ids and the ecall, CSR accessors and
 * the console (console.c). */
#ifndef GUEST_RISCV64_COMMON_H
#define GUEST_RISCV64_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#define UART_BASE   0x10000000ul /* ns16550a, reg-shift 0 */
#define PLIC_BASE   0x0c000000ul
#define TIMEBASE_HZ 10000000ul /* QEMU virt */

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494d45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_HSM    0x48534d
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434e
#define SBI_EXT_CVISOR 0x0a435653

#define SIE_SSIE    (1ul << 1)
#define SIE_STIE    (1ul << 5)
#define SSTATUS_SIE (1ul << 1)

#define csr_read(csr)                                                          \
	({                                                                     \
		unsigned long v__;                                             \
		__asm__ volatile("csrr %0, " #csr : "=r"(v__)::"memory");      \
		v__;                                                           \
	})
#define csr_write(csr, v)                                                      \
	__asm__ volatile("csrw " #csr ", %0" ::"r"((unsigned long)(v))         \
			 : "memory")
#define csr_set(csr, v)                                                        \
	__asm__ volatile("csrs " #csr ", %0" ::"r"((unsigned long)(v))         \
			 : "memory")
#define csr_clear(csr, v)                                                      \
	__asm__ volatile("csrc " #csr ", %0" ::"r"((unsigned long)(v))         \
			 : "memory")

struct sbiret {
	long error;
	long value;
};

/* sbi.c: ecall with a7 = ext, a6 = fid, a0-a2 = arguments. */
struct sbiret sbi(unsigned long ext, unsigned long fid, unsigned long a0,
		  unsigned long a1, unsigned long a2);

/* console.c: whole lines under a lock, con_prefix (the program's) first. */
extern const char con_prefix[];
void gprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gvprint(const char *fmt, __builtin_va_list ap);
void legacy_puts(const char *s);

/* dt_search.c: whether the device tree's bytes hold s (a byte search). */
bool dt_mentions(const void *dtb, const char *s);

#endif
