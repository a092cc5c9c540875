/*
 * The loongarch64 device drivers cvisor links (objects.mk builds them): the
 * physical console UARTs, by DT compatible, and the emulated console
 * UARTs for zones, by configuration console type.
 */
#include "drivers/uart/uart.h"
#include "cvisor/vconsole.h"

const struct uart_driver *const uart_drivers[] = {
    &ns16550a_driver,
    &ns16550_driver,
    NULL,
};

const struct vconsole_model *const vconsole_models[] = {
    /* none yet: zones print through the passed-through UART */
    NULL,
};
