/*
 * The physical supervisor-level APLIC domain, in MSI delivery mode. The
 * firmware's machine domain delegates every source to it (QEMU virt:
 * riscv,delegate); cvisor sets the domain up (MSI mode, IE) with every
 * source inactive, and each source becomes active only when the zone
 * that owns it configures it through its virtual domain (aplic_virt.c).
 */
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "drivers/irqchip/aplic.h"
#include "lib/fdt_util.h"

#include <libfdt.h>

static struct {
	uintptr_t base;
	u32 nr_sources; /* ids 1..nr_sources-1 */
} aplic;

static volatile u32 *reg(u64 off)
{
	return (volatile u32 *)(aplic.base + off);
}

int aplic_probe(const void *dtb, u32 imsic_phandle)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(dtb, node,
						     "riscv,aplic")) >= 0) {
		const fdt32_t *parent =
		    fdt_getprop(dtb, node, "msi-parent", NULL);
		const fdt32_t *n =
		    fdt_getprop(dtb, node, "riscv,num-sources", NULL);
		u64 base, size;

		if (!parent || fdt32_to_cpu(*parent) != imsic_phandle ||
		    fdt_get_reg(dtb, node, 0, &base, &size))
			continue;
		aplic.base = (uintptr_t)base;
		aplic.nr_sources = (n ? fdt32_to_cpu(*n) : 0) + 1;
		if (aplic.nr_sources > APLIC_MAX_SOURCES)
			aplic.nr_sources = APLIC_MAX_SOURCES;
		return 0;
	}
	return -CV_ENOENT;
}

paddr_t aplic_base(void)
{
	return pa_init(aplic.base);
}

int aplic_init(void)
{
	u32 cfg = APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM;

	*reg(APLIC_DOMAINCFG) = 0;
	for (u32 src = 1; src < aplic.nr_sources; src++)
		*reg(APLIC_SOURCECFG + 4 * (src - 1)) = APLIC_SM_INACTIVE;
	*reg(APLIC_DOMAINCFG) = cfg;
	if ((*reg(APLIC_DOMAINCFG) & cfg) != cfg) {
		pr_err("aplic: domain at 0x%llx has no MSI delivery mode",
		       (unsigned long long)aplic.base);
		return -CV_ENOENT;
	}
	return 0;
}

u32 aplic_nr_sources(void)
{
	return aplic.nr_sources;
}

static bool valid(u32 src)
{
	return src && src < aplic.nr_sources;
}

void aplic_set_sourcecfg(u32 src, u32 cfg)
{
	if (valid(src))
		*reg(APLIC_SOURCECFG + 4 * (src - 1)) = cfg & APLIC_SM_MASK;
}

void aplic_set_target(u32 src, u32 target)
{
	if (valid(src))
		*reg(APLIC_TARGET + 4 * (src - 1)) = target;
}

void aplic_enable(u32 src, bool on)
{
	if (valid(src))
		*reg(on ? APLIC_SETIENUM : APLIC_CLRIENUM) = src;
}

void aplic_setipnum(u32 src)
{
	if (valid(src))
		*reg(APLIC_SETIPNUM) = src;
}

bool aplic_input(u32 src)
{
	if (!valid(src))
		return false;
	return *reg(APLIC_IN_CLRIP + 4 * (src / 32)) & (1u << (src % 32));
}

void aplic_clripnum(u32 src)
{
	if (valid(src))
		*reg(APLIC_CLRIPNUM) = src;
}

u32 aplic_read(u64 off)
{
	return off < APLIC_SIZE && !(off & 3) ? *reg(off) : 0;
}

void aplic_write(u64 off, u32 val)
{
	if (off < APLIC_SIZE && !(off & 3))
		*reg(off) = val;
}

void aplic_release(u32 src)
{
	aplic_enable(src, false);
	aplic_set_sourcecfg(src, APLIC_SM_INACTIVE);
}
