/*
 * A PC COM port (8250/16550A) on I/O ports, as cvisor's console: transmit
 * when the Line Status Register (base + 5) says THRE (bit 5); receive when
 * it says DR (bit 0). The bootloader (GRUB) has set the line up already.
 * The DTB names it "pnpPNP,501" (a 16550A-compatible COM port) with reg in
 * I/O space.
 */
#include "arch_hw.h"
#include "drivers/uart/uart.h"

#define UART_DATA 0
#define UART_IER  1
#define UART_MCR  4
#define UART_LSR  5
#define IER_ERBFI BIT(0) /* received data available interrupt */
#define MCR_DTR	  BIT(0)
#define MCR_RTS	  BIT(1)
#define MCR_OUT2  BIT(3) /* gates the UART's IRQ line on a PC */
#define LSR_DR	  BIT(0)
#define LSR_THRE  BIT(5)

static u16 port_of(void *ctx)
{
	return (u16)(uintptr_t)ctx;
}

static void uart8250_pio_putc(void *ctx, char c)
{
	while (!(inb(port_of(ctx) + UART_LSR) & LSR_THRE))
		cpu_pause();
	outb(port_of(ctx) + UART_DATA, (u8)c);
}

static int uart8250_pio_getc(void *ctx)
{
	if (!(inb(port_of(ctx) + UART_LSR) & LSR_DR))
		return -1;
	return inb(port_of(ctx) + UART_DATA);
}

static void uart8250_pio_set_rx_irq(void *ctx, bool on)
{
	outb(port_of(ctx) + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	outb(port_of(ctx) + UART_IER, on ? IER_ERBFI : 0);
}

const struct uart_driver uart8250_pio_driver = {
    .compatible = "pnpPNP,501",
    .putc = uart8250_pio_putc,
    .getc = uart8250_pio_getc,
    .set_rx_irq = uart8250_pio_set_rx_irq,
};
