#include "drivers/uart/uart.h"

#include "cvisor/errno.h"
#include "lib/string.h"

extern const struct uart_driver pl011_driver;

static const struct uart_driver *const drivers[] = {&pl011_driver};
static struct console_ops ops;

int uart_console_init(const char *compatible, paddr_t base)
{
	for (u32 i = 0; i < ARRAY_SIZE(drivers); i++) {
		if (strcmp(drivers[i]->compatible, compatible))
			continue;
		ops = (struct console_ops){drivers[i]->putc, drivers[i]->getc,
					   (void *)(uintptr_t)base};
		console_register(&ops);
		return 0;
	}
	return -CV_ENOENT;
}
