/*
 * The x86_64 device drivers cvisor links (objects.mk builds them): the
 * physical console UARTs, by DT compatible, and the emulated console
 * UARTs for zones, by configuration console type.
 */
#include "drivers/uart/uart.h"
#include "drivers/uart/uart8250_pio_virt.h"
#include "cvisor/vconsole.h"

const struct uart_driver *const uart_drivers[] = {
    &uart8250_pio_driver,
    NULL,
};

const struct vconsole_model *const vconsole_models[] = {
    &v8250_model,
    NULL,
};
