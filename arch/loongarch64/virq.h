/*
 * A zone's interrupt controllers (virq.c): its PCH-PIC (MMIO at the
 * board's address) and EIOINTC (IOCSR), chained to the guest's HWI lines,
 * with the pins of the zone's own devices wired to the machine's
 * controllers (hwpic.c).
 */
#ifndef CVISOR_ARCH_LOONGARCH64_VIRQ_H
#define CVISOR_ARCH_LOONGARCH64_VIRQ_H

#include "cvisor/types.h"

struct zone;
struct vcpu;

/* Back to reset (all pins masked, vectors off) and the PCH-PIC's MMIO
 * registered; the zone's wired pins masked on the machine. */
int la_virq_init(struct zone *zone);
void la_virq_reset(struct zone *zone);
/* Forget the zone's wired pins (zone destroyed). */
void la_virq_release(struct zone *zone);
/* A guest's IOCSR access at an EIOINTC register or ANY_SEND. */
void la_virq_iocsr(struct vcpu *v, u64 addr, u32 size, bool write, u64 *val);
/* Root HWI0: the machine's pending pins, handed to their zones. */
void la_virq_hw_interrupt(void);
/* Wire the machine's pin to the zone (its device's line): 0, or
 * -CV_EBUSY when another zone has it. */
int la_virq_wire_pin(struct zone *zone, u32 pin);
/* The device tree: EIOINTC and PCH-PIC nodes; a device whose interrupt
 * parent is gone gets this PCH-PIC if its 2-cell pin is under 64 (that
 * pin is then wired), else loses its interrupt properties. */
int la_fdt_add_pics(void *fdt, struct zone *zone);

#endif
