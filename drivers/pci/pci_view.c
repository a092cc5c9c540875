/*
 * The ECAM view of one zone (see pci_view.h). BAR emulation (PCI 3.0
 * 6.2.5.1): a BAR reads back what the zone wrote, masked to the BAR's size,
 * with the type bits of the hardware; writing all-ones and reading back is
 * how software sizes a BAR, so such a value stays in the emulation only.
 * The hardware BAR is written only when the whole BAR lies inside one of
 * the zone's windows (its share of the host bridge's MMIO windows).
 */
#include "drivers/pci/pci_view.h"

#include "cvisor/errno.h"

#define ALL_ONES 0xffffffffu

int pci_view_add(struct pci_view *v, u16 bdf, const struct pci_fn_bars *b)
{
	struct pci_view_fn *f;

	if (v->nr_fns == CV_MAX_PCI)
		return -CV_ENOMEM;
	f = &v->fn[v->nr_fns++];
	*f = (struct pci_view_fn){.bdf = bdf, .bars = *b};
	return 0;
}

int pci_view_add_window(struct pci_view *v, u64 base, u64 size)
{
	if (v->nr_windows == PCI_VIEW_MAX_WINDOWS)
		return -CV_ENOMEM;
	v->window[v->nr_windows++] = (struct pci_window){base, size};
	return 0;
}

bool pci_view_in_window(const struct pci_view *v, u64 base, u64 size)
{
	if (!size || base + size < base)
		return false;
	for (u32 i = 0; i < v->nr_windows; i++) {
		if (range_within(base, size, v->window[i].base,
				 v->window[i].size))
			return true;
	}
	return false;
}

static struct pci_view_fn *owned(struct pci_view *v, u16 bdf)
{
	for (u32 i = 0; i < v->nr_fns; i++) {
		if (v->fn[i].bdf == bdf)
			return &v->fn[i];
	}
	return NULL;
}

/* The BAR holding the 64-bit address for index i (itself, or the MEM64
 * below an UPPER). */
static u32 bar_base_index(const struct pci_view_fn *f, u32 i)
{
	return f->bars.kind[i] == PCI_BAR_UPPER ? i - 1 : i;
}

static u32 read_bar(const struct pci_view_fn *f, u32 i)
{
	u32 b = bar_base_index(f, i);
	u64 value = f->bar[b].value & ~(f->bars.size[b] - 1);

	switch (f->bars.kind[i]) {
	case PCI_BAR_MEM32:
		return (u32)value | f->bars.flags[i];
	case PCI_BAR_MEM64:
		return (u32)value | f->bars.flags[i];
	case PCI_BAR_UPPER:
		return (u32)(value >> 32);
	default:
		return 0; /* absent, or an I/O BAR: hidden */
	}
}

static void program_bar(struct pci_view *v, struct pci_view_fn *f, u32 b,
			u64 addr)
{
	u32 reg = PCI_REG_BAR0 + 4 * b;

	v->ops.write32(v->ops.ctx, f->bdf, reg, (u32)addr | f->bars.flags[b]);
	if (f->bars.kind[b] == PCI_BAR_MEM64)
		v->ops.write32(v->ops.ctx, f->bdf, reg + 4, (u32)(addr >> 32));
	f->bar[b].placed = addr;
}

/* A value with every address bit of a half set: the zone is sizing the
 * BAR (a 64-bit BAR is sized, and restored, one half at a time). */
static bool sizing(const struct pci_view_fn *f, u32 b)
{
	u64 mask = ~(f->bars.size[b] - 1), v = f->bar[b].value;
	bool low = (v & mask & ALL_ONES) == (mask & ALL_ONES);

	if (f->bars.kind[b] != PCI_BAR_MEM64)
		return low;
	return low || (v >> 32) == ALL_ONES;
}

static enum pci_view_result write_bar(struct pci_view *v, struct pci_view_fn *f,
				      u32 i, u32 w)
{
	u32 b = bar_base_index(f, i);
	struct pci_bar_state *s = &f->bar[b];
	u64 mask = ~(f->bars.size[b] - 1);

	if (f->bars.kind[i] == PCI_BAR_NONE || f->bars.kind[i] == PCI_BAR_IO)
		return PCI_VIEW_READ_ONLY;
	if (f->bars.kind[i] == PCI_BAR_UPPER)
		s->value = (s->value & ALL_ONES) | ((u64)w << 32);
	else
		s->value = (s->value & ~(u64)ALL_ONES) | (w & ~0xfu);
	if (f->bars.kind[b] == PCI_BAR_MEM32)
		s->value &= ALL_ONES;
	s->value &= mask;
	if (sizing(f, b))
		return PCI_VIEW_OK;
	if (!pci_view_in_window(v, s->value, f->bars.size[b]))
		return s->value ? PCI_VIEW_BAR_REFUSED : PCI_VIEW_OK;
	program_bar(v, f, b, s->value);
	return PCI_VIEW_OK;
}

static u32 read_reg(struct pci_view *v, struct pci_view_fn *f, u32 reg)
{
	if (reg >= PCI_REG_BAR0 && reg < PCI_REG_BAR0 + 4 * PCI_NR_BARS)
		return read_bar(f, (reg - PCI_REG_BAR0) / 4);
	if (reg == PCI_REG_ROM)
		return 0;
	return v->ops.read32(v->ops.ctx, f->bdf, reg);
}

static enum pci_view_result write_reg(struct pci_view *v, struct pci_view_fn *f,
				      u32 reg, u32 w)
{
	if (reg >= PCI_REG_BAR0 && reg < PCI_REG_BAR0 + 4 * PCI_NR_BARS)
		return write_bar(v, f, (reg - PCI_REG_BAR0) / 4, w);
	if (reg == PCI_REG_COMMAND) {
		/* Status [31:16] is write-one-to-clear: passed on. */
		w = (w & 0xffff0000u) | (w & PCI_COMMAND_ZONE_MASK);
		v->ops.write32(v->ops.ctx, f->bdf, reg, w);
		return PCI_VIEW_OK;
	}
	/* Identity, class, header type and the ROM BAR stay as they are;
	 * the rest (cache line size, latency, interrupt line, capabilities:
	 * an MSI write is DMA, translated like any other) goes through. */
	if (reg < 0x0c || reg == PCI_REG_ROM ||
	    (reg >= 0x24 && reg < PCI_REG_INTX))
		return PCI_VIEW_READ_ONLY;
	v->ops.write32(v->ops.ctx, f->bdf, reg, w);
	return PCI_VIEW_OK;
}

static u32 lane_shift(u64 off)
{
	return (u32)(off & 3) * 8;
}

static u32 size_mask(u32 size)
{
	return size >= 4 ? ALL_ONES : (1u << (size * 8)) - 1;
}

u32 pci_view_read(struct pci_view *v, u64 off, u32 size)
{
	struct pci_view_fn *f = owned(v, pci_ecam_bdf(off));
	u32 reg = (u32)(off & 0xffc);

	if (!f)
		return size_mask(size);
	return (read_reg(v, f, reg) >> lane_shift(off)) & size_mask(size);
}

enum pci_view_result pci_view_write(struct pci_view *v, u64 off, u32 size,
				    u32 value)
{
	struct pci_view_fn *f = owned(v, pci_ecam_bdf(off));
	u32 reg = (u32)(off & 0xffc), w, mask;

	if (!f)
		return PCI_VIEW_FOREIGN;
	w = value;
	if (size < 4) {
		mask = size_mask(size) << lane_shift(off);
		w = (read_reg(v, f, reg) & ~mask) |
		    ((value << lane_shift(off)) & mask);
	}
	return write_reg(v, f, reg, w);
}
