/* An emulated 16550A on I/O ports: a zone's console on x86. */
#ifndef CVISOR_DRIVERS_UART8250_PIO_VIRT_H
#define CVISOR_DRIVERS_UART8250_PIO_VIRT_H

#include "cvisor/types.h"
#include "cvisor/vconsole.h"

struct v8250;
struct zone;

extern const struct vconsole_model v8250_model;

/* The zone's COM1, or NULL. */
struct v8250 *v8250_of(const struct zone *zone);

/* The first of its 8 ports (0 when the zone has none). */
u16 v8250_port(const struct v8250 *u);
/* An access of `size` bytes at port base + offset; `*value` is written
 * (OUT) or filled (IN). */
void v8250_io(struct v8250 *u, u16 offset, bool in, u32 *value);

#endif
