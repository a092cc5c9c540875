/*
 * The guest timer across a guest exit on QEMU-LVZ. The fork stops the
 * guest's timer at every exit and saves what is left in TVAL as
 * (expiry - now) / period; when the expiry has passed but QEMU's timer
 * callback has not run yet (it runs in QEMU's main loop, apart from the
 * vCPU), that is negative: TVAL becomes a huge count, and the next entry
 * re-arms the timer that far ahead. A one-shot tick (Linux's clockevent)
 * is then lost for good: the vCPU idles with no timer until an IPI.
 * cvisor sees it at the exit: an enabled timer whose TVAL is above its
 * initial value is overdue, and is re-armed to fire after one tick
 * (gcsrwr TVAL, which the fork lets root write). On hardware the case
 * does not arise (TVAL never exceeds the initial value).
 */
#ifndef CVISOR_ARCH_LOONGARCH64_VTIMER_H
#define CVISOR_ARCH_LOONGARCH64_VTIMER_H

#include "cvisor/types.h"

/* TCFG: En [0], Periodic [1], InitVal [n-1:2] (the count, low bits 0). */
static inline bool la_timer_overdue(u64 tcfg, u64 tval)
{
	u64 init = tcfg & ~3ull;

	return (tcfg & 1) && tval > init;
}

#endif
