/*
 * cvisor aarch64 IVC demo guest: shared definitions.
 *
 * One vCPU at EL1 with the MMU off: every data access is Device-nGnRnE, so
 * the code builds with -mstrict-align and uses no exclusives. MMIO goes
 * through single-register ldr/str so that a trapped access has a valid
 * syndrome (ESR_ELx.ISV=1). The shared page is plain memory to cvisor but
 * Device memory to us, which is what makes it coherent with the root zone's
 * uncached /dev/mem mapping of the same page. The helpers shared with the
 * other bare-metal guests are in ../aarch64-common/.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "exc.h"
#include "gic.h"
#include "mmio.h"
#include "probe.h"
#include "smccc.h"
#include "sysreg.h"

/* Unmask IRQs and take a pending one right here. */
static inline void irq_unmask_sync(void)
{
	irq_unmask();
	isb(); /* a pending interrupt is taken here */
}

/* main.c; primary_main is called from ../aarch64-common/up.S */
void primary_main(void);
void irq_handler(void);
extern volatile uint32_t ivc_doorbells; /* doorbell interrupts taken */

#endif /* GUEST_H */
