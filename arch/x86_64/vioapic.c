/*
 * The virtual I/O APIC (see vioapic.h). Registers (82093AA datasheet):
 * 0x00 ID [27:24], 0x01 version: version [7:0] = 0x20, max redirection
 * entry [23:16] = 23; 0x10 + 2n / 0x11 + 2n: redirection entry n, low
 * and high dword. Entry: vector [7:0], delivery mode [10:8], destination
 * mode [11] (1 logical), delivery status [12] (RO), polarity [13], remote
 * IRR [14] (RO), trigger [15] (1 level), mask [16], destination [63:56].
 */
#include "arch/x86_64/vioapic.h"

#include "cvisor/bits.h"
#include "lib/string.h"

#define REG_ID	    0x00
#define REG_VERSION 0x01
#define REG_ARB	    0x02
#define REG_REDIR   0x10
#define WIN_SEL	    0x00
#define WIN_DATA    0x10
#define WIN_EOI	    0x40
#define VERSION	    (0x20u | (VIOAPIC_PINS - 1) << 16)
#define RTE_RO	    (BIT(12) | BIT(14))
#define RTE_REMOTE  BIT(14)
#define RTE_LEVEL   BIT(15)
#define RTE_MASKED  BIT(16)

void vioapic_reset(struct vioapic *io)
{
	memset(io, 0, sizeof(*io));
	io->id = VIOAPIC_ID;
	for (u32 i = 0; i < VIOAPIC_PINS; i++)
		io->redir[i] = RTE_MASKED;
}

static u32 reg_read(const struct vioapic *io, u32 r)
{
	u32 pin = (r - REG_REDIR) / 2;

	if (r == REG_ID || r == REG_ARB)
		return io->id << 24;
	if (r == REG_VERSION)
		return VERSION;
	if (r >= REG_REDIR && pin < VIOAPIC_PINS)
		return r & 1 ? (u32)(io->redir[pin] >> 32)
			     : (u32)io->redir[pin];
	return 0;
}

u32 vioapic_read(struct vioapic *io, u32 off)
{
	if (off == WIN_SEL)
		return io->sel;
	if (off == WIN_DATA)
		return reg_read(io, io->sel);
	return 0;
}

static void message(const struct vioapic *io, u32 pin, struct vioapic_msg *m)
{
	u64 e = io->redir[pin];

	*m = (struct vioapic_msg){
	    .vector = (u8)e,
	    .mode = (u8)FIELD_GET(10, 8, e),
	    .logical = e & BIT(11),
	    .level = e & RTE_LEVEL,
	    .dest = (u8)(e >> 56),
	};
}

/* Deliver pin if it is asserted, unmasked, and (level) not in service. */
static bool fire(struct vioapic *io, u32 pin, struct vioapic_msg *m)
{
	u64 *e = &io->redir[pin];

	if (*e & RTE_MASKED || !(io->line & BIT(pin)))
		return false;
	if (*e & RTE_LEVEL) {
		if (*e & RTE_REMOTE)
			return false;
		*e |= RTE_REMOTE;
	}
	message(io, pin, m);
	return true;
}

bool vioapic_write(struct vioapic *io, u32 off, u32 v, struct vioapic_msg *msg)
{
	u32 pin;
	u64 *e;

	if (off == WIN_SEL) {
		io->sel = v & 0xff;
		return false;
	}
	if (off == WIN_EOI)
		return vioapic_eoi(io, (u8)v, msg);
	if (off != WIN_DATA)
		return false;
	if (io->sel == REG_ID) {
		io->id = (v >> 24) & 0xf;
		return false;
	}
	pin = (io->sel - REG_REDIR) / 2;
	if (io->sel < REG_REDIR || pin >= VIOAPIC_PINS)
		return false;
	e = &io->redir[pin];
	if (io->sel & 1)
		*e = (*e & 0xffffffffull) | (u64)v << 32;
	else
		*e = (*e & (0xffffffff00000000ull | RTE_RO)) | (v & ~RTE_RO);
	if (!(*e & RTE_LEVEL))
		*e &= ~RTE_REMOTE;
	/* unmasking a level pin that is still high delivers it */
	return (*e & RTE_LEVEL) && fire(io, pin, msg);
}

bool vioapic_set_level(struct vioapic *io, u32 pin, bool level,
		       struct vioapic_msg *msg)
{
	bool was;

	if (pin >= VIOAPIC_PINS)
		return false;
	was = io->line & BIT(pin);
	io->line = level ? io->line | (u32)BIT(pin) : io->line & ~(u32)BIT(pin);
	if (!level)
		return false;
	if (!(io->redir[pin] & RTE_LEVEL) && was)
		return false; /* edge-triggered: only a rising edge counts */
	return fire(io, pin, msg);
}

bool vioapic_eoi(struct vioapic *io, u8 vector, struct vioapic_msg *msg)
{
	bool found = false;

	for (u32 pin = 0; pin < VIOAPIC_PINS; pin++) {
		u64 *e = &io->redir[pin];

		if ((u8)*e != vector || !(*e & RTE_REMOTE))
			continue;
		*e &= ~RTE_REMOTE;
		if (!found)
			found = fire(io, pin, msg);
	}
	return found;
}
