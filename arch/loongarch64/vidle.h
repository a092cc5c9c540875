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

/* Pure: the guest timer's ticks left as root reads them (TCFG: En [0],
 * Periodic [1], InitVal [n-1:2]; TVAL as the fork saved it at the exit):
 * LA_TIMER_OFF when disabled, 0 when it has run out (fewer than 4 ticks,
 * or more than InitVal: a count wrapped by an expiry just before the
 * exit), else the ticks rounded down to InitVal's granule of 4. */
#define LA_TIMER_OFF (~0ull)
static inline u64 la_guest_timer_left(u64 tcfg, u64 tval)
{
	u64 init = tcfg & ~3ull;

	if (!(tcfg & 1))
		return LA_TIMER_OFF;
	return tval < 4 || tval > init ? 0 : tval & ~3ull;
}

/* Pure: what the guest's timer has left after a wait that armed the root
 * timer with left ticks and ended with rest on it (0 when the root timer
 * fired): a root count above left is a wrap (it ran out), and a rest
 * below the granule of 4 is run out too. */
static inline u64 la_guest_timer_rest(u64 left, u64 rest)
{
	return rest > left || rest < 4 ? 0 : rest & ~3ull;
}

#endif
