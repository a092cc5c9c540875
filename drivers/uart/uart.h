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

/* The drivers, one per compatible string (drivers/uart/<name>.c). */
extern const struct uart_driver pl011_driver;
extern const struct uart_driver ns16550a_driver;
extern const struct uart_driver ns16550_driver;
extern const struct uart_driver uart8250_pio_driver;

/* This arch's drivers, NULL-terminated (arch/<a>/devices.c). */
extern const struct uart_driver *const uart_drivers[];

/* Register the console for the UART at base with this compatible. */
int uart_console_init(const char *compatible, paddr_t base);

#endif
