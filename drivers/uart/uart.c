#include "drivers/uart/uart.h"

#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "lib/string.h"

static struct console_ops ops;
static const struct uart_driver *console_driver;

int uart_console_init(const char *compatible, paddr_t base)
{
	for (u32 i = 0; uart_drivers[i]; i++) {
		const struct uart_driver *d = uart_drivers[i];

		if (strcmp(d->compatible, compatible))
			continue;
		ops = (struct console_ops){d->putc, d->getc, pa_to_hv(base)};
		console_driver = d;
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
