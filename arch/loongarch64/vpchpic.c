/* The emulated PCH-PIC (vpchpic.h). */
#include "arch/loongarch64/vpchpic.h"

#include "arch/loongarch64/regbytes.h"
#include "cvisor/errno.h"

#define INT_ID_LO 0x07000000ull			   /* [31:24] = 7 */
#define INT_ID_HI ((u64)(VPCH_PINS - 1) << 16 | 1) /* pins - 1, version 1 */

void vpch_reset(struct vpch *p)
{
	*p = (struct vpch){0};
	p->mask = ~0ull;
}

/* The 64-bit register at base that off falls in, or NULL. */
static u64 *reg64(struct vpch *p, u64 base)
{
	switch (base) {
	case VPCH_MASK:
		return &p->mask;
	case VPCH_HTMSI_EN:
		return &p->htmsi_en;
	case VPCH_EDGE:
		return &p->edge;
	case VPCH_AUTO0:
		return &p->auto0;
	case VPCH_AUTO1:
		return &p->auto1;
	case VPCH_POL:
		return &p->pol;
	default:
		return NULL;
	}
}

static bool read64(const struct vpch *p, u64 base, u64 *word)
{
	u64 *r = reg64((struct vpch *)p, base);

	if (r)
		*word = *r;
	else if (base == VPCH_INT_ID)
		*word = INT_ID_HI << 32 | INT_ID_LO;
	else if (base == VPCH_IRR)
		*word = p->irr;
	else if (base == VPCH_STATUS)
		*word = p->irr & ~p->mask;
	else if (base == VPCH_CLEAR)
		*word = 0; /* write-only */
	else
		return false;
	return true;
}

/* The ROUTE and HTVEC windows are 256 bytes; past pin 63 they hold
 * nothing (Linux 6.x+ writes HTVEC[255], its "no vector yet", at reset). */
static bool past_pins(u64 off)
{
	return (off >= VPCH_ROUTE + VPCH_PINS && off < VPCH_ROUTE + 0x100) ||
	       (off >= VPCH_HTVEC + VPCH_PINS && off < VPCH_HTVEC + 0x100);
}

int vpch_read(const struct vpch *p, u64 off, u32 size, u64 *val)
{
	u64 word;

	if (!regb_size_ok(off, size) || off >= VPCH_SIZE)
		return -CV_EINVAL;
	if (past_pins(off)) {
		*val = 0;
		return 0;
	}
	if (off >= VPCH_ROUTE && off < VPCH_ROUTE + VPCH_PINS) {
		*val = regb_array_get(&p->route[off - VPCH_ROUTE], size);
		return 0;
	}
	if (off >= VPCH_HTVEC && off < VPCH_HTVEC + VPCH_PINS) {
		*val = regb_array_get(&p->htvec[off - VPCH_HTVEC], size);
		return 0;
	}
	if (!read64(p, off & ~7ull, &word))
		return -CV_EINVAL;
	*val = regb_get(word, (u32)(off & 7), size);
	return 0;
}

/* A pin switched between edge and level keeps no stale request: a level
 * pin's request is its input, an edge pin waits for the next rise. */
static void set_edge(struct vpch *p, u64 edge)
{
	p->edge = edge;
	p->irr = (p->irr & edge) | (p->level & ~edge);
}

int vpch_write(struct vpch *p, u64 off, u32 size, u64 val)
{
	u32 byte = (u32)(off & 7);
	u64 base = off & ~7ull;
	u64 *r;

	if (!regb_size_ok(off, size) || off >= VPCH_SIZE)
		return -CV_EINVAL;
	if (past_pins(off))
		return 0;
	if (off >= VPCH_ROUTE && off < VPCH_ROUTE + VPCH_PINS) {
		regb_array_put(&p->route[off - VPCH_ROUTE], size, val);
		return 0;
	}
	if (off >= VPCH_HTVEC && off < VPCH_HTVEC + VPCH_PINS) {
		regb_array_put(&p->htvec[off - VPCH_HTVEC], size, val);
		return 0;
	}
	if (base == VPCH_CLEAR) {
		p->irr &= ~(regb_put(0, byte, size, val) & p->edge);
		return 0;
	}
	if (base == VPCH_EDGE) {
		set_edge(p, regb_put(p->edge, byte, size, val));
		return 0;
	}
	r = reg64(p, base);
	if (!r)
		return base == VPCH_INT_ID || base == VPCH_IRR ||
			       base == VPCH_STATUS
			   ? 0 /* read-only: writes ignored */
			   : -CV_EINVAL;
	*r = regb_put(*r, byte, size, val);
	return 0;
}

void vpch_set_pin(struct vpch *p, u32 pin, bool asserted)
{
	u64 bit;

	if (pin >= VPCH_PINS)
		return;
	bit = BIT(pin);
	if (asserted && !(p->level & bit))
		p->irr |= bit; /* a rise: edge and level pins request */
	else if (!asserted && !(p->edge & bit))
		p->irr &= ~bit; /* a level pin's request follows its input */
	p->level = asserted ? p->level | bit : p->level & ~bit;
}

void vpch_outputs(const struct vpch *p, u64 out[VPCH_VECS / 64])
{
	u64 active = p->irr & ~p->mask & p->htmsi_en;

	for (u32 i = 0; i < VPCH_VECS / 64; i++)
		out[i] = 0;
	for (u32 pin = 0; active; pin++, active >>= 1) {
		if (active & 1)
			out[p->htvec[pin] / 64] |= BIT(p->htvec[pin] % 64);
	}
}
