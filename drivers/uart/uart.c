#include "drivers/uart/uart.h"

#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "lib/string.h"

/* Each arch links only the UART drivers it lists in objects.mk: the
 * others are weak references that resolve to NULL and are skipped. */
extern const struct uart_driver pl011_driver __attribute__((weak));
extern const struct uart_driver ns16550a_driver __attribute__((weak));
extern const struct uart_driver ns16550_driver __attribute__((weak));
extern const struct uart_driver uart8250_pio_driver __attribute__((weak));

static const struct uart_driver *const drivers[] = {
    &pl011_driver, &ns16550a_driver, &ns16550_driver, &uart8250_pio_driver};
static struct console_ops ops;
static const struct uart_driver *console_driver;

int uart_console_init(const char *compatible, paddr_t base)
{
	for (u32 i = 0; i < ARRAY_SIZE(drivers); i++) {
		if (!drivers[i] || strcmp(drivers[i]->compatible, compatible))
			continue;
		ops = (struct console_ops){drivers[i]->putc, drivers[i]->getc,
					   (void *)(uintptr_t)base};
		console_driver = drivers[i];
		console_register(&ops);
		return 0;
	}
	return -CV_ENOENT;
}

int uart_set_rx_irq(bool on)
{
	if (!console_driver || !console_driver->set_rx_irq)
		return -CV_ENOSYS;
	console_driver->set_rx_irq(ops.ctx, on);
	return 0;
}
