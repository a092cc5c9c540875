/* The board DTB corrected from multiboot2 and ACPI (see boot_dtb.h). */
#include "arch/x86_64/boot_dtb.h"

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/multiboot2.h"
#include "arch/x86_64/power.h"
#include "cvisor/log.h"
#include "lib/string.h"

#include <libfdt.h>

#define DTB_BUF_SIZE 16384
#define MBI_MAX_SIZE KiB(64)
#define LOW_MEMORY   MiB(1) /* BIOS, trampoline: never offered as RAM */

static u8 dtb_buf[DTB_BUF_SIZE] __attribute__((aligned(8)));

static void stage_bundle(const struct mb2_info *mb, struct mem_range staging)
{
	u64 size = mb->module_end - mb->module_start;

	if (!mb->module_end) {
		pr_warn("multiboot2: no module: no boot bundle");
		return;
	}
	if (size > staging.size) {
		pr_err(
		    "multiboot2: bundle of %llu bytes exceeds staging 0x%llx",
		    (unsigned long long)size, (unsigned long long)staging.size);
		return;
	}
	memmove(pa_to_hv(staging.base),
		(const void *)(uintptr_t)mb->module_start, size);
	pr_info("multiboot2: boot bundle 0x%llx+0x%llx moved to staging 0x%llx",
		(unsigned long long)mb->module_start, (unsigned long long)size,
		(unsigned long long)pa_addr(staging.base));
}

/* The memory node's reg = the available ranges above 1 MiB, cells 2+2. */
static int fix_memory(void *fdt, const struct mb2_info *mb)
{
	int node =
	    fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
	fdt64_t reg[2 * MB2_MAX_RAM];
	u32 n = 0;

	if (node < 0)
		return node;
	for (u32 i = 0; i < mb->nr_ram; i++) {
		u64 base = mb->ram[i].base, end = base + mb->ram[i].size;

		if (end <= LOW_MEMORY)
			continue;
		if (base < LOW_MEMORY)
			base = LOW_MEMORY;
		reg[n++] = cpu_to_fdt64(base);
		reg[n++] = cpu_to_fdt64(end - base);
		pr_info("platform: RAM 0x%llx-0x%llx (multiboot2 memory map)",
			(unsigned long long)base, (unsigned long long)end);
	}
	if (!n)
		return -FDT_ERR_NOTFOUND;
	return fdt_setprop(fdt, node, "reg", reg, (int)(n * sizeof(reg[0])));
}

static bool madt_has(const struct acpi_info *acpi, u32 apic_id)
{
	for (u32 i = 0; i < acpi->nr_cpus; i++) {
		if (acpi->apic_id[i] == apic_id)
			return true;
	}
	return false;
}

/* Delete the first CPU node the MADT does not list; false when none. */
static bool drop_one_absent_cpu(void *fdt, const struct acpi_info *acpi)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	fdt_for_each_subnode(node, fdt, cpus)
	{
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);

		if (reg && !madt_has(acpi, fdt32_to_cpu(*reg))) {
			fdt_del_node(fdt, node);
			return true;
		}
	}
	return false;
}

static void fix_cpus(void *fdt, const void *rsdp)
{
	struct acpi_info acpi;

	if (acpi_probe(rsdp, &acpi)) {
		pr_warn("platform: no ACPI MADT: CPUs as the board DTB says");
		return;
	}
	if (acpi.pm1a_cnt)
		x86_pm1a_cnt = acpi.pm1a_cnt;
	while (drop_one_absent_cpu(fdt, &acpi))
		;
	pr_info("platform: ACPI MADT: %u enabled CPU(s); FADT PM1a_CNT 0x%x",
		acpi.nr_cpus, x86_pm1a_cnt);
}

const void *x86_boot_dtb(const void *dtb, paddr_t mbi, struct mem_range staging)
{
	struct mb2_info mb;

	if (fdt_open_into(dtb, dtb_buf, sizeof(dtb_buf)))
		return dtb; /* platform_probe reports the broken DTB */
	if (!pa_addr(mbi) || mb2_parse(pa_to_hv(mbi), MBI_MAX_SIZE, &mb)) {
		pr_warn("platform: no multiboot2 information: board DTB as is");
		return dtb_buf;
	}
	if (fix_memory(dtb_buf, &mb))
		pr_warn("platform: memory map unusable: board DTB's RAM kept");
	fix_cpus(dtb_buf, mb.rsdp);
	stage_bundle(&mb, staging); /* last: it may overwrite the MBI */
	return dtb_buf;
}
