/*
 * Zone consoles on loongarch64: no emulated UART yet. A zone prints
 * through the physical NS16550 passed through as a device (its page is
 * mapped into the zone), so only "console": none is accepted; an emulated
 * console type is refused at zone creation instead of being ignored.
 */
#include "cvisor/errno.h"
#include "cvisor/vconsole.h"
#include "cvisor/zone.h"

int vconsole_create(struct zone *zone)
{
	return zone->cfg->console.type == CV_CONSOLE_NONE ? 0 : -CV_ENOSYS;
}

void vconsole_destroy(struct zone *zone)
{
	(void)zone;
}

bool vconsole_input(struct zone *zone, char c)
{
	(void)zone;
	(void)c;
	return false;
}

/* No flow control: input that finds the receive buffer full is dropped
 * (the zone does not ask for backpressure). */
bool vconsole_wants_backpressure(struct zone *zone)
{
	(void)zone;
	return false;
}

bool vconsole_full(struct zone *zone)
{
	(void)zone;
	return false;
}
