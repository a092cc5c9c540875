/* What the benchmark guest's files share (main.c, ipi.c). */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stdint.h>

#define SGI_PING 1 /* vCPU 0 -> vCPU 1 */
#define SGI_PONG 2 /* vCPU 1's answer */
#define IPI_SGIS ((1U << SGI_PING) | (1U << SGI_PONG))

void print(const char *fmt, ...);
void report(const char *name, uint64_t ticks, uint64_t n);
void system_off(void) __attribute__((noreturn));
void gic_cpu_init(uint32_t bits);
long smccc_hvc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);

/* ipi.c: the IRQ handler's part (true when intid was an IPI), and the
 * measurement (nothing without a second CPU). */
bool ipi_irq(uint32_t intid);
void bench_ipi(void);
/* start.S: the second vCPU's entry, the timed ping-pong; ipi.c: its C. */
void _start_secondary(void);
uint64_t loop_ipi(uint64_t n, volatile uint32_t *pongs, uint64_t sgi1r);
void ipi_secondary_main(void);

#endif
