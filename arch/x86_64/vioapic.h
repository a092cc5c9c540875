/*
 * A virtual I/O APIC (82093AA): 24 pins, register window IOREGSEL at
 * 0x00 / IOWIN at 0x10, EOI register at 0x40 (version 0x20). Pure state
 * machine, host unit-tested; vapic.c delivers what it returns.
 */
#ifndef CVISOR_ARCH_X86_64_VIOAPIC_H
#define CVISOR_ARCH_X86_64_VIOAPIC_H

#include "cvisor/types.h"

#define VIOAPIC_BASE 0xfec00000ull
#define VIOAPIC_SIZE 0x1000u
#define VIOAPIC_PINS 24u
#define VIOAPIC_ID   0xfu /* above any vCPU's APIC id */

/* A message to local APICs. */
struct vioapic_msg {
	u8 vector;
	u8 mode; /* delivery mode [10:8]: 0 fixed, 1 lowest priority */
	bool logical;
	bool level;
	u8 dest;
};

struct vioapic {
	u32 id, sel;
	u64 redir[VIOAPIC_PINS];
	u32 line; /* current input levels, one bit a pin */
};

void vioapic_reset(struct vioapic *io);
u32 vioapic_read(struct vioapic *io, u32 off);
/* A register write; returns true and fills *msg when an unmasked
 * level-triggered pin that is still asserted must be (re)delivered. */
bool vioapic_write(struct vioapic *io, u32 off, u32 v, struct vioapic_msg *msg);
/* Drive input pin `pin`; true and *msg when it must be delivered (a
 * rising edge on an edge pin, or a high level pin without remote IRR). */
bool vioapic_set_level(struct vioapic *io, u32 pin, bool level,
		       struct vioapic_msg *msg);
/* A local APIC EOI'd level-triggered vector: remote IRR clears; true and
 * *msg for the first pin still asserted (redelivered). */
bool vioapic_eoi(struct vioapic *io, u8 vector, struct vioapic_msg *msg);

#endif
