/* Arm PL011 UART (DDI 0183): polled transmit and receive. */
#include "drivers/uart/uart.h"

#define UARTDR	    0x00
#define UARTFR	    0x18
#define UARTIMSC    0x38
#define UARTIMSC_RX (1u << 4) /* receive */
#define UARTIMSC_RT (1u << 6) /* receive timeout: data waits, FIFO idle */
#define UARTFR_RXFE (1u << 4) /* receive FIFO empty */
#define UARTFR_TXFF (1u << 5) /* transmit FIFO full */

static volatile u32 *reg(void *ctx, u32 off)
{
	return (volatile u32 *)((uintptr_t)ctx + off);
}

static void pl011_putc(void *ctx, char c)
{
	while (*reg(ctx, UARTFR) & UARTFR_TXFF)
		;
	*reg(ctx, UARTDR) = (u8)c;
}

static int pl011_getc(void *ctx)
{
	if (*reg(ctx, UARTFR) & UARTFR_RXFE)
		return -1;
	return (int)(*reg(ctx, UARTDR) & 0xff);
}

static void pl011_set_rx_irq(void *ctx, bool on)
{
	if (on)
		*reg(ctx, UARTIMSC) |= UARTIMSC_RX | UARTIMSC_RT;
	else
		*reg(ctx, UARTIMSC) &= ~(UARTIMSC_RX | UARTIMSC_RT);
}

const struct uart_driver pl011_driver = {
    .compatible = "arm,pl011",
    .putc = pl011_putc,
    .getc = pl011_getc,
    .set_rx_irq = pl011_set_rx_irq,
};
