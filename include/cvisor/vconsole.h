/*
 * A zone's virtual console: an emulated UART the zone drives as if it were
 * its own. Its output reaches the physical console one whole line at a
 * time (never interleaved with cvisor's log or other zones), tagged with
 * the zone when it is not the root zone.
 *
 * The models are a table by console type (as drivers/uart/uart.c picks a
 * physical UART by compatible): each arch lists the models it links in
 * arch/<a>/devices.c, and a zone holds one `struct vconsole *`.
 */
#ifndef CVISOR_VCONSOLE_H
#define CVISOR_VCONSOLE_H

#include "cvisor/types.h"

struct zone;
struct vconsole;

/* One emulated UART model. */
struct vconsole_model {
	u32 type; /* the CV_CONSOLE_* it implements */
	/* Create it for zone (cfg->console), register its registers and
	 * interrupt; 0 or a negative CV_E* code. */
	int (*create)(struct zone *zone, struct vconsole **out);
	void (*destroy)(struct vconsole *vc);
	/* One input character; false when the receive buffer is full. */
	bool (*input)(struct vconsole *vc, char c);
	/* Should input wait in the UART rather than be dropped? True while
	 * the buffer is full and the guest takes receive interrupts, so it
	 * will read; NULL for a model without flow control. */
	bool (*must_wait)(struct vconsole *vc);
};

/* The first member of every model's state. */
struct vconsole {
	const struct vconsole_model *model;
};

/* This arch's models, NULL-terminated (arch/<a>/devices.c). */
extern const struct vconsole_model *const vconsole_models[];

/* Create the emulated UART the zone's configuration asks for (if any);
 * a type this arch has no model for is refused with -CV_ENOSYS. */
int vconsole_create(struct zone *zone);
void vconsole_destroy(struct zone *zone);
/* Console input for the zone; false when it has no console or its
 * receive buffer is full. */
bool vconsole_input(struct zone *zone, char c);
/* Should input for the zone wait rather than be dropped? */
bool vconsole_must_wait(struct zone *zone);

#endif
