/* The fake arch has no emulated console model (zones use "none") and no
 * UART driver: cvisor's console is whatever the test registers. */
#include "cvisor/vconsole.h"
#include "drivers/uart/uart.h"

const struct vconsole_model *const vconsole_models[] = {NULL};
const struct uart_driver *const uart_drivers[] = {NULL};
