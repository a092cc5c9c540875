/*
 * The riscv64 device drivers cvisor links (objects.mk builds them): the
 * physical console UARTs, by DT compatible, and the emulated console
 * UARTs for zones, by configuration console type.
 */
#include "drivers/uart/uart.h"
#include "drivers/uart/vns16550.h"
#include "cvisor/vconsole.h"

const struct uart_driver *const uart_drivers[] = {
    &ns16550a_driver,
    &ns16550_driver,
    NULL,
};

const struct vconsole_model *const vconsole_models[] = {
    &vns16550_model,
    NULL,
};
