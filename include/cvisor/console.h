/*
 * Console input: cvisor owns the physical UART. Received characters go to
 * the zone that has the focus (its emulated UART), or to cvisor's shell.
 * Ctrl-] (0x1d) moves the focus: zone, next zone, ..., shell, first zone.
 */
#ifndef CVISOR_CONSOLE_H
#define CVISOR_CONSOLE_H

#include "cvisor/types.h"

#define CONSOLE_SWITCH_KEY 0x1d /* Ctrl-] */

/* Start taking console input (init_late): needs the UART's interrupt and
 * no zone with the physical UART passed through. */
void console_input_init(void);
/* Does cvisor take the UART's input by its interrupt (so nobody else may
 * read the UART: a zone's emulated console gets what cvisor routes)? */
bool console_input_active(void);
/* One received character (from the UART interrupt, or tests). */
void console_input_char(char c);

/* cvisor's shell (core/shell.c). */
void shell_input(char c);
void shell_prompt(void);

/* Interrupts cvisor handles itself (core/irq.c). */
typedef void (*hv_irq_handler_t)(void *ctx);
int hv_irq_register(u32 irq, hv_irq_handler_t fn, void *ctx);
/* Run the handler of irq if cvisor registered one; false otherwise. */
bool hv_irq_handle(u32 irq);

/* The UART driver's receive interrupt (drivers/uart/uart.c). */
int uart_set_rx_irq(bool on);
/* A zone's console took characters out of a full receive buffer: input
 * held back in the UART may flow again. */
void console_input_resume(void);

#endif
