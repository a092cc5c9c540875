/* A virtual PCI function's configuration space (cvisor/vpci.h). */
#include "cvisor/vpci.h"

#define BAR0_SIZE 0x1000u

static u64 pow2_at_least(u64 v)
{
	u64 p = 1;

	while (p < v && p)
		p <<= 1;
	return p;
}

void vpci_fn_init(struct vpci_fn *f, u64 ram_size)
{
	*f = (struct vpci_fn){0};
	f->bar2_size = pow2_at_least(ram_size < 0x1000 ? 0x1000 : ram_size);
}

/* The 32-bit register at `reg` (4-aligned). */
static u32 read_dword(const struct vpci_fn *f, u32 reg, bool int_status)
{
	u32 status = int_status ? PCI_STATUS_INTERRUPT : 0;

	switch (reg) {
	case 0x00:
		return VPCI_VENDOR_ID | VPCI_DEVICE_ID << 16;
	case PCI_COMMAND:
		return f->command | status << 16;
	case 0x08: /* revision 1 */
		return VPCI_CLASS << 8 | 1;
	case PCI_BAR0:
		return f->bar0;
	case PCI_BAR2:
		return (u32)f->bar2 | PCI_BAR_MEM_64 | PCI_BAR_PREFETCH;
	case PCI_BAR3:
		return (u32)(f->bar2 >> 32);
	case 0x2c:
		return VPCI_VENDOR_ID | VPCI_SUBSYS_ID << 16;
	case PCI_INTERRUPT_LINE: /* pin A */
		return f->int_line | 1u << 8;
	default:
		return 0;
	}
}

static void write_dword(struct vpci_fn *f, u32 reg, u32 v, u32 mask)
{
	switch (reg) {
	case PCI_COMMAND: /* the status half is read-only here */
		mask &= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
			PCI_COMMAND_INTX_DIS;
		f->command = (u16)((f->command & ~mask) | (v & mask));
		break;
	case PCI_BAR0: /* size the BAR: low bits read back as zero */
		mask &= ~(BAR0_SIZE - 1);
		f->bar0 = (f->bar0 & ~mask) | (v & mask);
		break;
	case PCI_BAR2:
		mask &= ~(u32)(f->bar2_size - 1) & ~0xfu;
		f->bar2 = (f->bar2 & ~(u64)mask) | (v & mask);
		break;
	case PCI_BAR3:
		mask &= ~(u32)((f->bar2_size - 1) >> 32);
		f->bar2 = (f->bar2 & ~((u64)mask << 32)) | (u64)(v & mask)
							       << 32;
		break;
	case PCI_INTERRUPT_LINE:
		mask &= 0xff;
		f->int_line = (u8)((f->int_line & ~mask) | (v & mask));
		break;
	default:
		break;
	}
}

static bool access_ok(u32 reg, u32 size)
{
	return (size == 1 || size == 2 || size == 4) && !(reg % size) &&
	       reg < VPCI_CFG_SIZE;
}

u32 vpci_fn_read(const struct vpci_fn *f, u32 reg, u32 size, bool int_status)
{
	u32 shift = (reg % 4) * 8;

	if (!access_ok(reg, size))
		return 0xffffffffu;
	return (read_dword(f, reg & ~3u, int_status) >> shift) &
	       (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
}

void vpci_fn_write(struct vpci_fn *f, u32 reg, u32 size, u32 value)
{
	u32 shift = (reg % 4) * 8;
	u32 mask = size == 4 ? 0xffffffffu : ((1u << (8 * size)) - 1) << shift;

	if (access_ok(reg, size))
		write_dword(f, reg & ~3u, value << shift, mask);
}

bool vpci_fn_bar0(const struct vpci_fn *f, u64 *addr)
{
	*addr = f->bar0;
	return (f->command & PCI_COMMAND_MEMORY) && f->bar0;
}

bool vpci_fn_bar2(const struct vpci_fn *f, u64 *addr)
{
	*addr = f->bar2;
	return (f->command & PCI_COMMAND_MEMORY) && f->bar2;
}

bool vpci_fn_intx(const struct vpci_fn *f, bool int_status)
{
	return int_status && !(f->command & PCI_COMMAND_INTX_DIS);
}
