/*
 * The ECAM host bridge: probe (reg, ranges, interrupt-map, iommu-map),
 * bus-0 scan with BAR sizing, and the per-zone ECAM emulation.
 */
#include "drivers/pci/ecam_host.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/iommu/smmuv3.h"
#include "drivers/pci/pci_host.h"
#include "drivers/pci/pci_view.h"
#include "lib/fdt_index.h"
#include "lib/fdt_util.h"
#include "lib/string.h"

#include <libfdt.h>

#define NR_DEVFN      256
#define MAX_WINDOWS   2
#define PCI_VENDOR_ID 0x00
#define PCI_HEADER    0x0c /* header type in [23:16] */
#define ID_ABSENT     0xffffu

static struct {
	paddr_t ecam;
	u64 ecam_size;
	u32 nr_windows;
	struct pci_window window[MAX_WINDOWS]; /* 32- and 64-bit memory */
	u32 sid_base; /* iommu-map: StreamID of RID 0 */
	u64 present[NR_DEVFN / 64];
	struct pci_fn_bars bars[NR_DEVFN];
	u32 intx_spi[4][4]; /* [device % 4][pin - 1], from interrupt-map */
} host;

static volatile u32 *cfg_reg(u16 bdf, u32 reg)
{
	return (volatile u32 *)pa_to_hv(
	    pa_add(host.ecam, ((u64)bdf << 12) + reg));
}

static u32 hw_read32(void *ctx, u16 bdf, u32 reg)
{
	(void)ctx;
	return *cfg_reg(bdf, reg);
}

static void hw_write32(void *ctx, u16 bdf, u32 reg, u32 v)
{
	(void)ctx;
	*cfg_reg(bdf, reg) = v;
}

/* ranges: (flags, pci addr 2 cells, cpu addr 2 cells, size 2 cells). The
 * space code is flags[25:24]: 2 = 32-bit memory, 3 = 64-bit memory. */
static void parse_ranges(const void *fdt, int node)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "ranges", &len);

	for (int i = 0; p && (i + 7) * 4 <= len; i += 7) {
		u32 space = (fdt32_to_cpu(p[i]) >> 24) & 3;
		u64 cpu =
		    (u64)fdt32_to_cpu(p[i + 3]) << 32 | fdt32_to_cpu(p[i + 4]);
		u64 size =
		    (u64)fdt32_to_cpu(p[i + 5]) << 32 | fdt32_to_cpu(p[i + 6]);

		if (space >= 2 && host.nr_windows < MAX_WINDOWS)
			host.window[host.nr_windows++] =
			    (struct pci_window){cpu, size};
	}
}

/* interrupt-map entries: child address (3 cells, device in [15:11] of the
 * first), pin (1 cell), GIC phandle, GIC address (2 cells), then the GIC
 * specifier (type, number, flags): 10 cells on QEMU virt. */
static void parse_intx(const void *fdt, int node)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupt-map", &len);

	for (int i = 0; p && (i + 10) * 4 <= len; i += 10) {
		u32 dev = (fdt32_to_cpu(p[i]) >> 11) & 0x1f;
		u32 pin = fdt32_to_cpu(p[i + 3]);

		if (pin >= 1 && pin <= 4 && fdt32_to_cpu(p[i + 7]) == 0)
			host.intx_spi[dev % 4][pin - 1] =
			    fdt32_to_cpu(p[i + 8]) + 32;
	}
}

/* iommu-map: (rid-base, iommu phandle, sid-base, length). */
static void parse_iommu_map(const void *fdt, int node)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "iommu-map", &len);

	if (p && len >= 16 && fdt32_to_cpu(p[0]) == 0)
		host.sid_base = fdt32_to_cpu(p[2]);
}

/* Size each BAR with decoding off (PCI 3.0 6.2.5.1): write all-ones, read
 * the mask back, restore. */
static void size_bars(u16 bdf, struct pci_fn_bars *b)
{
	*cfg_reg(bdf, PCI_REG_COMMAND) = 0;
	for (u32 i = 0; i < PCI_NR_BARS; i++) {
		u32 reg = PCI_REG_BAR0 + 4 * i, old = *cfg_reg(bdf, reg), m;
		u64 mask;

		*cfg_reg(bdf, reg) = 0xffffffffu;
		m = *cfg_reg(bdf, reg);
		*cfg_reg(bdf, reg) = old;
		if (!m)
			continue;
		if (old & 1) {
			b->kind[i] = PCI_BAR_IO;
			continue;
		}
		b->flags[i] = old & 0xf;
		mask = m & ~0xfull;
		if (((old >> 1) & 3) == 2 && i + 1 < PCI_NR_BARS) {
			u32 hi_old = *cfg_reg(bdf, reg + 4);

			*cfg_reg(bdf, reg + 4) = 0xffffffffu;
			mask |= (u64)*cfg_reg(bdf, reg + 4) << 32;
			*cfg_reg(bdf, reg + 4) = hi_old;
			b->kind[i] = PCI_BAR_MEM64;
			b->kind[i + 1] = PCI_BAR_UPPER;
			b->size[i] = ~mask + 1;
			i++;
			continue;
		}
		b->kind[i] = PCI_BAR_MEM32;
		b->size[i] = (~mask + 1) & 0xffffffffull;
	}
}

static void scan_bus0(void)
{
	for (u32 devfn = 0; devfn < NR_DEVFN; devfn++) {
		u32 id = *cfg_reg((u16)devfn, PCI_VENDOR_ID);

		if ((id & 0xffff) == ID_ABSENT)
			continue;
		host.present[devfn / 64] |= 1ull << (devfn % 64);
		/* Type-0 headers only: bridges are never assigned. */
		if (((*cfg_reg((u16)devfn, PCI_HEADER) >> 16) & 0x7f) == 0)
			size_bars((u16)devfn, &host.bars[devfn]);
		pr_info("pci: 00:%02x.%u [%04x:%04x]", devfn >> 3, devfn & 7,
			id & 0xffff, id >> 16);
	}
}

int pci_host_probe(const void *fdt)
{
	int node = cv_fdt_by_compatible(fdt, -1, "pci-host-ecam-generic");
	u64 ecam;
	int err;

	if (node < 0)
		return 0;
	if (fdt_get_reg(fdt, node, 0, &ecam, &host.ecam_size) || !ecam ||
	    host.ecam_size < (1u << 20))
		return -CV_EINVAL;
	err = arch_map_hv_memory(pa_init(ecam), host.ecam_size, true);
	if (err)
		return err;
	host.ecam = pa_init(ecam);
	parse_ranges(fdt, node);
	parse_intx(fdt, node);
	parse_iommu_map(fdt, node);
	scan_bus0();
	return 0;
}

void pci_host_publish(void)
{
	platform.has_pci = pa_addr(host.ecam) != 0;
	if (platform.has_pci)
		platform_claim_mmio(host.ecam, host.ecam_size,
				    "the PCI host bridge's ECAM");
	platform.has_iommu = smmu_present();
	for (u32 i = 0; i < NR_DEVFN / 64; i++)
		platform.pci_bus0[i] = host.present[i];
}

/* ---- For the zone half (pci_zone.c) ---- */

struct pci_view_ops pci_host_ops(void)
{
	return (struct pci_view_ops){hw_read32, hw_write32, NULL};
}

bool pci_host_window(u32 i, struct pci_window *w)
{
	if (i >= host.nr_windows)
		return false;
	*w = host.window[i];
	return true;
}

void pci_host_ecam(paddr_t *base, u64 *size)
{
	*base = host.ecam;
	*size = host.ecam_size;
}

const struct pci_fn_bars *pci_host_bars(u16 bdf)
{
	return CV_PCI_BUS(bdf) == 0 ? &host.bars[bdf & 0xff] : NULL;
}

u32 pci_host_sid(u16 bdf)
{
	return host.sid_base + bdf;
}

/* Interrupt pin (config 0x3d, 1 = INTA) swizzled by the device number. */
u32 pci_host_intx_spi(u16 bdf)
{
	u32 pin = (hw_read32(NULL, bdf, PCI_REG_INTX) >> 8) & 0xff;

	return pin >= 1 && pin <= 4
		   ? host.intx_spi[CV_PCI_DEV(bdf) % 4][pin - 1]
		   : 0;
}
