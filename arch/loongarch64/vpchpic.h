/*
 * An emulated Loongson PCH-PIC (the LS7A bridge's interrupt controller,
 * MMIO, 64 input pins) for one zone. Each pin latches a request (edge) or
 * follows its input (level); an unmasked request with its HT-MSI enable
 * set asserts the EIOINTC vector in its HTVEC byte. Pure logic,
 * host-tested; virq.c feeds the pins and passes vpch_outputs() on to the
 * zone's veiointc.
 *
 * Registers (offsets from the base; 64-bit ones take 4- or 8-byte
 * accesses, the byte arrays any size):
 *   0x000 INT_ID    [31:24] 7, [32] version 1, [55:48] pins - 1 (63)
 *   0x020 MASK      1 = masked (all set out of reset)
 *   0x040 HTMSI_EN  1 = the pin sends its HTVEC to the EIOINTC
 *   0x060 EDGE      1 = edge-triggered (latched), 0 = level
 *   0x080 CLEAR     write 1: drop an edge pin's latched request
 *   0x0c0 AUTO0, 0x0e0 AUTO1 (auto bounce: stored only)
 *   0x100 ROUTE[64] (INTn line of each pin: stored only, no INTn lines)
 *   0x200 HTVEC[64] EIOINTC vector of each pin
 *   (0x140-0x1ff and 0x240-0x2ff: read 0, writes ignored)
 *   0x380 IRR       the requests (read-only)
 *   0x3a0 STATUS    requests not masked (read-only)
 *   0x3e0 POL       1 = active low (stored: pins are given as asserted)
 */
#ifndef CVISOR_ARCH_LOONGARCH64_VPCHPIC_H
#define CVISOR_ARCH_LOONGARCH64_VPCHPIC_H

#include "cvisor/types.h"

#define VPCH_PINS 64u
#define VPCH_SIZE 0x400u
#define VPCH_VECS 256u /* EIOINTC vectors an HTVEC byte can name */

#define VPCH_INT_ID   0x000u
#define VPCH_MASK     0x020u
#define VPCH_HTMSI_EN 0x040u
#define VPCH_EDGE     0x060u
#define VPCH_CLEAR    0x080u
#define VPCH_AUTO0    0x0c0u
#define VPCH_AUTO1    0x0e0u
#define VPCH_ROUTE    0x100u
#define VPCH_HTVEC    0x200u
#define VPCH_IRR      0x380u
#define VPCH_STATUS   0x3a0u
#define VPCH_POL      0x3e0u

struct vpch {
	u64 mask, htmsi_en, edge, pol, auto0, auto1;
	u64 level; /* the pins as their devices assert them */
	u64 irr;   /* requests: latched (edge) or = level (level) */
	u8 route[VPCH_PINS];
	u8 htvec[VPCH_PINS];
};

/* Out of reset: every pin masked, level-triggered, HT-MSI off, vector 0. */
void vpch_reset(struct vpch *p);
/* 0, or -CV_EINVAL (unaligned, bad size, a register not modelled). */
int vpch_read(const struct vpch *p, u64 off, u32 size, u64 *val);
int vpch_write(struct vpch *p, u64 off, u32 size, u64 val);
/* A device's line (asserted or not) on pin 0-63. */
void vpch_set_pin(struct vpch *p, u32 pin, bool asserted);
/* The EIOINTC vectors the PIC asserts now: bit v of out[v / 64]. */
void vpch_outputs(const struct vpch *p, u64 out[VPCH_VECS / 64]);

#endif
