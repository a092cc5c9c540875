/* A guest's IDLE as wait-for-interrupt (vidle.c). */
#ifndef CVISOR_ARCH_LOONGARCH64_VIDLE_H
#define CVISOR_ARCH_LOONGARCH64_VIDLE_H

#include "cvisor/types.h"

struct vcpu;

/* The guest executed IDLE (a GSPR exit, on its own CPU): return when it
 * has an interrupt to take, its timer ran out or cvisor has an event. */
void la_guest_idle(struct vcpu *v);
/* Pure: would the guest take one of these lines at once? (IS: guest
 * ESTAT.IS with the injected HWIs, lie: guest ECFG.LIE) */
static inline bool la_guest_irq_ready(u64 is, u64 lie)
{
	return (is & lie & 0x1fffull) != 0;
}

#endif
