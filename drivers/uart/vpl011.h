/* An emulated PL011 as a zone's console (the vconsole on aarch64). */
#ifndef CVISOR_DRIVERS_UART_VPL011_H
#define CVISOR_DRIVERS_UART_VPL011_H

#include "cvisor/vconsole.h"

extern const struct vconsole_model vpl011_model;

#endif
