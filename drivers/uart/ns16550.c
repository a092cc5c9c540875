/*
 * NS16550A UART (polled): THR/RBR at register 0, LSR at register 5 with
 * DR (bit 0, data ready) and THRE (bit 5, transmit holding register
 * empty). The firmware has programmed the baud rate; cvisor only polls.
 */
#include "drivers/uart/ns16550.h"

#include "cvisor/bits.h"
#include "drivers/uart/uart.h"

#define UART_RBR       0      /* receive buffer (read) */
#define UART_THR       0      /* transmit holding (write) */
#define UART_IER       1      /* interrupt enable */
#define UART_IER_ERBFI BIT(0) /* received data available */
#define UART_MCR       4
#define UART_MCR_OUT2  BIT(3) /* gates the interrupt line on PC UARTs */
#define UART_LSR       5
#define UART_LSR_DR    BIT(0)
#define UART_LSR_THRE  BIT(5)

static volatile u8 *reg(const struct ns16550 *port, unsigned r)
{
	return (volatile u8 *)(port->base + ((uintptr_t)r << port->reg_shift));
}

void ns16550_port_init(struct ns16550 *port, paddr_t base, unsigned reg_shift)
{
	port->base = (uintptr_t)pa_to_hv(base);
	port->reg_shift = reg_shift;
}

void ns16550_port_putc(const struct ns16550 *port, char c)
{
	while (!(*reg(port, UART_LSR) & UART_LSR_THRE))
		;
	*reg(port, UART_THR) = (u8)c;
}

int ns16550_port_getc(const struct ns16550 *port)
{
	if (!(*reg(port, UART_LSR) & UART_LSR_DR))
		return -1;
	return *reg(port, UART_RBR);
}

/* The console driver: ctx is the UART's base, registers 1 byte apart. */
static void uart_putc(void *ctx, char c)
{
	struct ns16550 port = {(uintptr_t)ctx, 0};

	ns16550_port_putc(&port, c);
}

static int uart_getc(void *ctx)
{
	struct ns16550 port = {(uintptr_t)ctx, 0};

	return ns16550_port_getc(&port);
}

/* The receive interrupt: IER.ERBFI raises the line while RBR holds
 * data; MCR.OUT2 must be set for the line to leave the chip on boards
 * that wire it like a PC (QEMU's model ignores it). */
static void uart_set_rx_irq(void *ctx, bool on)
{
	struct ns16550 port = {(uintptr_t)ctx, 0};

	if (on)
		*reg(&port, UART_MCR) |= UART_MCR_OUT2;
	*reg(&port, UART_IER) = on ? UART_IER_ERBFI : 0;
}

const struct uart_driver ns16550a_driver = {
    .compatible = "ns16550a",
    .putc = uart_putc,
    .getc = uart_getc,
    .set_rx_irq = uart_set_rx_irq,
};

const struct uart_driver ns16550_driver = {
    .compatible = "ns16550",
    .putc = uart_putc,
    .getc = uart_getc,
    .set_rx_irq = uart_set_rx_irq,
};
