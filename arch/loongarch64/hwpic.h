/*
 * The machine's PCH-PIC and EIOINTC, driven by cvisor only for the pins of
 * devices a zone owns (hwpic.c): pin p goes to EIOINTC vector p, to the
 * CPU that runs the zone, on its IP0 (root HWI0). A pin stays masked until
 * the zone unmasks it in its own PCH-PIC, and is masked again as soon as
 * it fires, until the zone has served it (virq.c).
 */
#ifndef CVISOR_ARCH_LOONGARCH64_HWPIC_H
#define CVISOR_ARCH_LOONGARCH64_HWPIC_H

#include "cvisor/types.h"

#define HWPIC_PINS 64u
#define HWPIC_HWI  0u		 /* root ESTAT.IS HWI0 */
#define HWPIC_BASE 0x10000000ull /* QEMU virt: VIRT_PCH_REG_BASE */
#define HWPIC_SIZE 0x400ull

/* Pin -> vector pin, level high, HT-MSI on, routed to CPU hwid; masked. */
void hwpic_route(u32 pin, u32 hwid);
void hwpic_mask(u32 pin, bool masked);
/* This CPU's pending vectors 0-63 (the pins), taken (cleared). */
u64 hwpic_take(void);

#endif
