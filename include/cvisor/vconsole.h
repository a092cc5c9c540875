/*
 * A zone's virtual console: an emulated UART the zone drives as if it were
 * its own. Its output reaches the physical console one whole line at a
 * time (never interleaved with cvisor's log or other zones), tagged with
 * the zone when it is not the root zone.
 */
#ifndef CVISOR_VCONSOLE_H
#define CVISOR_VCONSOLE_H

#include "cvisor/types.h"

struct zone;

/* Create the emulated UART the zone's configuration asks for (if any). */
int vconsole_create(struct zone *zone);
void vconsole_destroy(struct zone *zone);
/* Console input for the zone; false when its receive buffer is full. */
bool vconsole_input(struct zone *zone, char c);
/* Should input wait (rather than be dropped) while the buffer is full?
 * True while the guest takes receive interrupts, so it will read. */
bool vconsole_wants_backpressure(struct zone *zone);
bool vconsole_full(struct zone *zone);

#endif
