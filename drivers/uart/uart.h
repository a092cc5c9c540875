/* Console UART drivers, chosen by the DTB's compatible string. */
#ifndef CVISOR_DRIVERS_UART_H
#define CVISOR_DRIVERS_UART_H

#include "cvisor/log.h"

struct uart_driver {
	const char *compatible;
	void (*putc)(void *ctx, char c);
	int (*getc)(void *ctx);
	/* Raise (or stop raising) the UART's interrupt when data arrives;
	 * may be NULL. */
	void (*set_rx_irq)(void *ctx, bool on);
};

/* Register the console for the UART at base with this compatible. */
int uart_console_init(const char *compatible, paddr_t base);

#endif
