/* The machine description, read from the DTB with libfdt. */
#include "cvisor/platform.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "lib/fdt_index.h"
#include "lib/fdt_util.h"
#include "lib/string.h"

#include <libfdt.h>

struct platform platform;

static int probe_cpus(const void *fdt)
{
	int cpus = cv_fdt_path(fdt, "/cpus");
	int node = -1;

	if (cpus < 0)
		return -CV_ENOENT;
	while ((node = cv_fdt_by_device_type(fdt, node, "cpu")) >= 0) {
		u64 hwid, unused;

		if (cv_fdt_parent(fdt, node) != cpus)
			continue;
		if (platform.nr_cpus == MAX_CPUS) {
			pr_warn("more than %d CPUs in the DTB: using %d",
				MAX_CPUS, MAX_CPUS);
			break;
		}
		if (fdt_get_reg_in(fdt, cpus, node, 0, &hwid, &unused))
			return -CV_EINVAL;
		platform.cpu_hwid[platform.nr_cpus++] = hwid;
	}
	return platform.nr_cpus ? 0 : -CV_ENOENT;
}

/* The root's children of device_type "memory". */
static void probe_memory(const void *fdt)
{
	int node = -1;

	while ((node = cv_fdt_by_device_type(fdt, node, "memory")) >= 0) {
		u64 base, size;

		if (cv_fdt_parent(fdt, node) != 0)
			continue;
		for (int i = 0; !fdt_get_reg_in(fdt, 0, node, i, &base, &size);
		     i++) {
			if (platform.nr_ram == MAX_RAM_RANGES)
				break;
			platform.ram[platform.nr_ram++] =
			    (struct mem_range){pa_init(base), size};
		}
	}
}

/* /chosen/stdout-path: "serial0:115200n8" or a path; aliases resolved. */
static int probe_console(const void *fdt)
{
	int chosen = cv_fdt_path(fdt, "/chosen");
	const char *path, *compat;
	char name[64];
	int node, len;
	u64 base, size;

	path =
	    chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;
	if (!path)
		return -CV_ENOENT;
	len = (int)strnlen(path, sizeof(name) - 1);
	if (strchr(path, ':'))
		len = (int)(strchr(path, ':') - path);
	memcpy(name, path, (size_t)len);
	name[len] = '\0';
	node = cv_fdt_path(fdt, name);
	if (node < 0 || fdt_get_reg(fdt, node, 0, &base, &size))
		return -CV_ENOENT;
	platform.uart_base = pa_init(base);
	platform.uart_irq = 0;
	platform.uart_irq_err =
	    arch_irqchip_fdt_irq(fdt, node, &platform.uart_irq);
	compat = fdt_getprop(fdt, node, "compatible", NULL);
	if (compat)
		memcpy(platform.uart_compatible, compat,
		       strnlen(compat, sizeof(platform.uart_compatible) - 1));
	return 0;
}

int platform_probe(const void *dtb)
{
	int err;

	/* libfdt is built to trust the tree (FDT_ASSUME_MASK): check that
	 * this is one, and of a version it reads, before walking it. */
	if (fdt_magic(dtb) != FDT_MAGIC || fdt_version(dtb) < 17 ||
	    fdt_check_header(dtb))
		return -CV_EINVAL;
	/* QEMU pads its device tree to 1 MiB (totalsize); packed, every
	 * zone's copy (fdt_open_into) moves a few KiB instead. The blob is
	 * in cvisor's own memory. */
	if (fdt_pack((void *)(uintptr_t)dtb))
		return -CV_EINVAL;
	platform.dtb = dtb;
	/* Every lookup below and in the drivers' probes uses this table;
	 * without it (a huge tree) they are slower, not wrong. */
	if (fdt_index_build(dtb))
		pr_warn("platform DTB: more than %d nodes, not indexed",
			FDT_INDEX_MAX);
	err = probe_console(dtb);
	if (!err)
		err = probe_cpus(dtb);
	if (!err)
		probe_memory(dtb); /* none is fine if the board knows its RAM */
	platform_board_defaults(&platform);
	if (!err && !platform.nr_ram)
		err = -CV_ENOENT;
	return err;
}

void platform_limits(struct cv_platform_limits *lim, u32 nr_irqs, u32 first_spi)
{
	*lim = (struct cv_platform_limits){
	    .nr_cpus = platform.nr_cpus,
	    .nr_irqs = nr_irqs,
	    .first_spi = first_spi,
	    .irq_kind = arch_irqchip_irq_kind(),
	    .nr_ram = platform.nr_ram < ARRAY_SIZE(lim->ram)
			  ? platform.nr_ram
			  : (u32)ARRAY_SIZE(lim->ram),
	    .hv_base = pa_addr(platform.hv.base),
	    .hv_size = platform.hv.size,
	    .has_iommu = platform.has_iommu,
	    .has_pci = platform.has_pci,
	};
	for (u32 i = 0; i < ARRAY_SIZE(lim->pci_bus0); i++)
		lim->pci_bus0[i] = platform.pci_bus0[i];
	lim->nr_hv_mmio = platform.nr_hv_mmio;
	for (u32 i = 0; i < platform.nr_hv_mmio; i++)
		lim->hv_mmio[i] = platform.hv_mmio[i];
	for (u32 i = 0; i < platform.nr_ram && i < ARRAY_SIZE(lim->ram); i++) {
		lim->ram[i].base = pa_addr(platform.ram[i].base);
		lim->ram[i].size = platform.ram[i].size;
	}
}

void platform_claim_mmio(paddr_t base, u64 size, const char *what)
{
	if (platform.nr_hv_mmio < ARRAY_SIZE(platform.hv_mmio))
		platform.hv_mmio[platform.nr_hv_mmio++] =
		    (struct cv_hv_mmio){pa_addr(base), size, what};
	else /* a board with more: raise CV_MAX_HV_MMIO */
		pr_warn("platform: %s not recorded as cvisor's: "
			"CV_MAX_HV_MMIO is %u",
			what, CV_MAX_HV_MMIO);
}

int platform_cpu_by_hwid(u64 hwid)
{
	for (u32 i = 0; i < platform.nr_cpus; i++) {
		if (platform.cpu_hwid[i] == hwid)
			return (int)i;
	}
	return -1;
}
