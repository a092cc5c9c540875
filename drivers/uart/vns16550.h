/* An emulated NS16550A for a zone's console (the vconsole on riscv64). */
#ifndef CVISOR_DRIVERS_UART_VNS16550_H
#define CVISOR_DRIVERS_UART_VNS16550_H

#include "cvisor/types.h"
#include "cvisor/vconsole.h"

struct zone;

extern const struct vconsole_model vns16550_model;

/* Output that does not come through the registers (SBI console calls)
 * joins the same line buffer, so lines never interleave. */
void vns16550_write(struct zone *zone, const char *s, size_t n);
/* Input for the zone that the UART has not delivered yet, else the
 * physical console's when the zone is the root zone; -1 when none. */
int vns16550_getc(struct zone *zone);

#endif
