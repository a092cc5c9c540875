/* The I/O APIC (82093AA): device interrupts, all masked by cvisor. */
#ifndef CVISOR_DRIVERS_IOAPIC_H
#define CVISOR_DRIVERS_IOAPIC_H

#include "cvisor/types.h"

/* Probe the IOAPIC at base and mask every pin; returns its pin count or
 * a negative CV_E* code. */
int ioapic_init(paddr_t base);
/* Deliver pin to the CPU with apic_id as vector: fixed, physical
 * destination, edge-triggered, active high (ISA interrupts). */
void ioapic_route(u32 pin, u32 apic_id, u8 vector);
/* Mask pin (a zone that owned its device is stopped). */
void ioapic_mask(u32 pin);

#endif
