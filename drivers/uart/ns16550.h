/*
 * NS16550A-compatible UART on MMIO (polled). Registers are bytes spaced
 * 1 << reg_shift apart (the DTB's "reg-shift"; 0 on QEMU's riscv64 and
 * loongarch64 virt boards).
 */
#ifndef CVISOR_DRIVERS_UART_NS16550_H
#define CVISOR_DRIVERS_UART_NS16550_H

#include "cvisor/types.h"

struct ns16550 {
	uintptr_t base;
	unsigned reg_shift;
};

void ns16550_port_init(struct ns16550 *port, paddr_t base, unsigned reg_shift);
void ns16550_port_putc(const struct ns16550 *port, char c);
/* The next received byte, or -1 when the receive buffer is empty. */
int ns16550_port_getc(const struct ns16550 *port);

#endif
