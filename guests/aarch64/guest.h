/*
 * cvisor aarch64 test guest: shared definitions.
 *
 * The guest runs at EL1 with the MMU off, so every data access is
 * Device-nGnRnE: no unaligned accesses, no exclusives.  MMIO goes through
 * the single-register ldr/str accessors of mmio.h so that a hypervisor
 * trapping the access gets a valid ESR_ELx.ISS (ISV=1: no writeback, no
 * pairs).  The helpers shared with the other bare-metal guests are in
 * ../aarch64-common/.
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

/* QEMU virt memory map (also what cvisor gives the test zone). */
#define ILLEGAL_ADDR 0x48000000UL /* first byte past 128 MiB of RAM */

#define NR_CPUS	    2
#define TIMER_INTID 27 /* EL1 virtual timer PPI */
#define TIMER_TICKS 10
#define TIMER_HZ    100

/* CPU index (0 or 1), stored in TPIDR_EL1 by start.S. */
static inline unsigned int this_cpu(void)
{
	return read_sysreg(tpidr_el1) & 1;
}

/* start.S */
void secondary_entry(void);

/* main.c; the first two are called from start.S */
void primary_main(void);
void secondary_main(void);
void irq_handler(void);

#endif /* GUEST_H */
