/*
 * The I/O APIC: an index/data register pair (IOREGSEL at +0x00, IOWIN at
 * +0x10). Register 1 (IOAPICVER) gives the last redirection entry in bits
 * 23:16; entry n is registers 0x10 + 2n (low) and 0x11 + 2n (high), with
 * the mask in low bit 16. cvisor gives no device interrupt to a zone yet,
 * so every pin stays masked.
 */
#include "drivers/irqchip/ioapic.h"

#include "cvisor/bits.h"
#include "cvisor/errno.h"

#define IOREGSEL     0x00
#define IOWIN	     0x10
#define IOAPICVER    0x01
#define IOREDTBL(n)  (0x10 + 2 * (n))
#define REDIR_MASKED BIT(16)

static volatile u32 *ioapic;

static u32 read_reg(u32 idx)
{
	ioapic[IOREGSEL / 4] = idx;
	return ioapic[IOWIN / 4];
}

static void write_reg(u32 idx, u32 v)
{
	ioapic[IOREGSEL / 4] = idx;
	ioapic[IOWIN / 4] = v;
}

int ioapic_init(paddr_t base)
{
	u32 pins;

	ioapic = pa_to_hv(base);
	pins = (u32)FIELD_GET(23, 16, read_reg(IOAPICVER)) + 1;
	if (pins < 16 || pins > 240)
		return -CV_EIO; /* nothing (or not an IOAPIC) answers there */
	for (u32 n = 0; n < pins; n++) {
		write_reg(IOREDTBL(n), (u32)REDIR_MASKED);
		write_reg(IOREDTBL(n) + 1, 0);
	}
	return (int)pins;
}

/* Redirection entry: vector [7:0], delivery mode [10:8] = 0 (fixed),
 * destination mode [11] = 0 (physical), polarity [13] = 0 (high),
 * trigger [15] = 0 (edge), mask [16]; destination APIC id [63:56]. */
void ioapic_route(u32 pin, u32 apic_id, u8 vector)
{
	if (!ioapic)
		return;
	write_reg(IOREDTBL(pin) + 1, (u32)FIELD_PREP(31, 24, apic_id));
	write_reg(IOREDTBL(pin), vector);
}

void ioapic_mask(u32 pin)
{
	if (ioapic)
		write_reg(IOREDTBL(pin), (u32)REDIR_MASKED);
}
