/*
 * The management device of the root zone (see cvisor/hypercall.h): an
 * emulated MMIO page through which root-zone userspace makes cvisor's
 * hypercalls, and the reserved window of root RAM it passes data in.
 */
#ifndef CVISOR_MGMT_H
#define CVISOR_MGMT_H

#include "cvisor/types.h"

struct zone;

/* Register the device in the (root) zone's MMIO table. */
int mgmt_device_create(struct zone *zone);
/* The window's guest-physical range in the zone; false when the zone's
 * first RAM region is too small to spare it. */
bool mgmt_window(const struct zone *zone, ipa_t *ipa, u64 *size);

#endif
