/* The machine's PCH-PIC (MMIO) and EIOINTC (IOCSR), see hwpic.h. */
#include "arch/loongarch64/hwpic.h"

#include "arch/loongarch64/csr.h"
#include "arch/loongarch64/veiointc.h"
#include "arch/loongarch64/vpchpic.h"
#include "cvisor/bits.h"
#include "lib/spinlock.h"

/* DMW1: VSEG 8, strongly-ordered uncached (entry.S). */
#define UNCACHED(pa)	     ((volatile void *)(0x8000000000000000ull | (pa)))
#define IOCSR_MISC_FUNC	     0x420u
#define MISC_FUNC_EXT_IOI_EN BIT(48)

static spinlock_t lock = SPINLOCK_INIT;
static bool enabled;

static volatile u32 *pch32(u32 off)
{
	return (volatile u32 *)UNCACHED(HWPIC_BASE + off);
}

static volatile u8 *pch8(u32 off)
{
	return (volatile u8 *)UNCACHED(HWPIC_BASE + off);
}

/* 32-bit read-modify-write of one pin's bit in a 64-bit PCH register. */
static void pch_bit(u32 reg, u32 pin, bool set)
{
	volatile u32 *r = pch32(reg + (pin / 32) * 4);

	*r = set ? *r | (u32)BIT(pin % 32) : *r & ~(u32)BIT(pin % 32);
}

/* EXT_IOI_EN (IOCSR MISC_FUNC bit 48), and every 32-vector group on IP0
 * (IPMAP byte = BIT(0)). */
static void enable_once(void)
{
	if (enabled)
		return;
	iocsr_write64(IOCSR_MISC_FUNC,
		      iocsr_read64(IOCSR_MISC_FUNC) | MISC_FUNC_EXT_IOI_EN);
	iocsr_write32(VEIO_IPMAP, 0x01010101u * BIT(HWPIC_HWI));
	iocsr_write32(VEIO_IPMAP + 4, 0x01010101u * BIT(HWPIC_HWI));
	enabled = true;
}

void hwpic_route(u32 pin, u32 hwid)
{
	u32 route = VEIO_ROUTE + (pin & ~3u), shift = (pin & 3) * 8;
	u32 w;

	if (pin >= HWPIC_PINS || hwid >= 4)
		return;
	spin_lock(&lock);
	enable_once();
	pch_bit(VPCH_MASK, pin, true);
	*pch8(VPCH_HTVEC + pin) = (u8)pin;
	pch_bit(VPCH_EDGE, pin, false); /* level */
	pch_bit(VPCH_POL, pin, false);	/* active high */
	pch_bit(VPCH_HTMSI_EN, pin, true);
	/* EIOINTC ROUTE byte: [3:0] core bitmap, node 0 */
	w = iocsr_read32(route) & ~(0xffu << shift);
	iocsr_write32(route, w | (u32)BIT(hwid) << shift);
	w = iocsr_read32(VEIO_ENABLE + (pin / 32) * 4);
	iocsr_write32(VEIO_ENABLE + (pin / 32) * 4, w | (u32)BIT(pin % 32));
	spin_unlock(&lock);
}

void hwpic_mask(u32 pin, bool masked)
{
	if (pin >= HWPIC_PINS)
		return;
	spin_lock(&lock);
	pch_bit(VPCH_MASK, pin, masked);
	spin_unlock(&lock);
}

u64 hwpic_take(void)
{
	u64 pins = iocsr_read64(VEIO_COREISR);

	if (pins)
		iocsr_write64(VEIO_COREISR, pins);
	/* vectors 64-255 are no pin of cvisor's: cleared, not served */
	for (u32 i = 1; i < VEIO_WORDS; i++) {
		u64 other = iocsr_read64(VEIO_COREISR + i * 8);

		if (other)
			iocsr_write64(VEIO_COREISR + i * 8, other);
	}
	return pins;
}
