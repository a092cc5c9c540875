/*
 * Booting a Linux bzImage in a zone (Documentation/arch/x86/boot.rst,
 * "32-bit boot protocol"): cvconfig placed the file so that its
 * protected-mode part is at 1 MiB (cvisor/bzimage.h); here, each time
 * vCPU 0 starts, cvisor writes the command line, the zone's ACPI tables
 * (acpi_build.c) and the zero page (core/bzimage.c, e820 from the zone's
 * RAM), and vCPU 0 enters at 1 MiB in flat protected mode with
 * CS = __BOOT_CS, DS = ES = SS = __BOOT_DS, ESI = the zero page and EBP,
 * EDI, EBX zero.
 */
#include "arch/x86_64/acpi_build.h"
#include "arch/x86_64/vioapic.h"
#include "arch/x86_64/vlapic.h"
#include "arch/x86_64/vmx_internal.h"
#include "cvisor/bzimage.h"
#include "cvisor/config.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/string.h"

static bool probe(const struct zone *zone, struct bzimage_info *info)
{
	const struct cv_zone_config *cfg = zone->cfg;
	char why[96];

	if (!cfg->kernel.size)
		return false;
	return bzimage_probe(zone->bundle + cfg->kernel.offset,
			     cfg->kernel.size, info, why, sizeof(why)) > 0;
}

bool x86_zone_is_linux(const struct zone *zone)
{
	struct bzimage_info info;

	return probe(zone, &info);
}

static void *guest_ptr(const struct zone *zone, u64 ipa, u64 size)
{
	paddr_t pa;

	if (!zone_ipa_to_pa(zone, ipa_init(ipa), size, &pa))
		return NULL;
	return pa_to_hv(pa);
}

static u32 build_e820(const struct zone *zone, struct e820_entry *e)
{
	const struct cv_zone_config *cfg = zone->cfg;
	struct bz_ram ram[CV_MAX_MEM_REGIONS];

	for (u32 i = 0; i < cfg->nr_mem; i++)
		ram[i] = (struct bz_ram){cfg->mem[i].ipa, cfg->mem[i].size};
	return bzimage_e820(ram, cfg->nr_mem, e, BZ_E820_MAX);
}

static int write_tables(const struct zone *zone)
{
	struct acpi_zone az = {.nr_cpus = zone->nr_vcpus,
			       .lapic = VLAPIC_BASE,
			       .ioapic = VIOAPIC_BASE,
			       .ioapic_id = VIOAPIC_ID};
	u8 *t = guest_ptr(zone, BZ_TABLES_IPA, BZ_TABLES_SIZE);

	if (!t || !acpi_build_tables(t, BZ_TABLES_SIZE, BZ_TABLES_IPA, &az))
		return -CV_ERANGE;
	return 0;
}

int x86_linux_boot_prepare(struct vcpu *vcpu)
{
	const struct zone *zone = vcpu->zone;
	const struct cv_zone_config *cfg = zone->cfg;
	static struct e820_entry e820[BZ_E820_MAX]; /* vCPU 0 at a time */
	struct bzimage_info info;
	struct bz_boot b = {.cmdline_ipa = BZ_CMDLINE_IPA,
			    .initrd_ipa = cfg->initrd.load_ipa,
			    .initrd_size = cfg->initrd.size,
			    .rsdp_ipa = BZ_TABLES_IPA,
			    .e820 = e820};
	char *cmdline = guest_ptr(zone, BZ_CMDLINE_IPA, BZ_CMDLINE_MAX);
	u8 *zp = guest_ptr(zone, BZ_ZERO_PAGE_IPA, BZ_ZERO_PAGE_SIZE);

	if (!probe(zone, &info) || !cmdline || !zp || write_tables(zone)) {
		pr_err("zone %u: no room for the Linux boot data below 1 MiB "
		       "(the zone's RAM must start at 0)",
		       zone->id);
		return -CV_ERANGE;
	}
	memset(cmdline, 0, BZ_CMDLINE_MAX);
	memcpy(cmdline, cfg->cmdline, CV_CMDLINE_LEN);
	b.nr_e820 = build_e820(zone, e820);
	bzimage_zero_page(zone->bundle + cfg->kernel.offset, &info, &b, zp);
	vcpu->arch.regs.r[REG_RSI] = BZ_ZERO_PAGE_IPA;
	pr_info("zone %u: Linux boot protocol %u.%02u: zero page 0x%llx, "
		"%u e820 entries, ACPI tables at 0x%llx, %u vCPU(s)",
		zone->id, info.protocol >> 8, info.protocol & 0xff,
		(unsigned long long)BZ_ZERO_PAGE_IPA, b.nr_e820,
		(unsigned long long)BZ_TABLES_IPA, zone->nr_vcpus);
	return 0;
}
