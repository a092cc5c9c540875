/*
 * Booting a LoongArch Linux kernel in a zone: when the zone's kernel image
 * carries the LoongArch Image header, vCPU 0 starts with the EFI
 * hand-over of efi_boot.h instead of a0 = the device tree: the command
 * line, a system table and the memory map go into the first 64 KiB of the
 * zone's first RAM region (Linux never takes its first 2 MiB), the device
 * tree cvisor derived is named by the DEVICE_TREE_GUID table, the initrd
 * by the LINUX_EFI_INITRD_MEDIA_GUID one. Secondary vCPUs are started the
 * way the firmware's boot ROM would: by an IPI after the entry address was
 * written to their mailbox 0 (virt.c).
 */
#include "arch/loongarch64/efi_boot.h"
#include "arch/loongarch64/linux_boot.h"
#include "cvisor/config.h"
#include "cvisor/image.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

bool la_zone_boots_linux(const struct zone *zone)
{
	const struct cv_image *k = &zone->cfg->kernel;

	return k->size && image_is_loongarch(zone->bundle + k->offset, k->size);
}

static void describe_zone(const struct zone *zone, u64 area, u64 dtb,
			  struct la_efi_input *in)
{
	const struct cv_zone_config *cfg = zone->cfg;

	*in = (struct la_efi_input){0};
	for (u32 i = 0; i < cfg->nr_mem && i < LA_EFI_MAX_RAM; i++)
		in->ram[in->nr_ram++] =
		    (struct la_range){cfg->mem[i].ipa, cfg->mem[i].size};
	in->resv[in->nr_resv++] = (struct la_range){area, LA_EFI_AREA_SIZE};
	if (dtb)
		in->resv[in->nr_resv++] =
		    (struct la_range){dtb, CV_DTB_AREA_SIZE};
	in->initrd_base = cfg->initrd.load_ipa;
	in->initrd_size = cfg->initrd.size;
	in->dtb = dtb;
	in->cmdline = cfg->cmdline;
}

int la_linux_boot_prepare(struct zone *zone, u64 dtb, struct la_efi_regs *regs)
{
	const struct cv_zone_config *cfg = zone->cfg;
	u64 area = cfg->mem[0].ipa;
	struct la_efi_input in;
	char why[96];
	paddr_t pa;

	if (cfg->kernel.load_ipa < area + LA_EFI_AREA_SIZE ||
	    !zone_ipa_to_pa(zone, ipa_init(area), LA_EFI_AREA_SIZE, &pa)) {
		pr_err("zone %u: no room for the EFI boot tables at ipa 0x%llx "
		       "(below the kernel at 0x%llx)",
		       zone->id, (unsigned long long)area,
		       (unsigned long long)cfg->kernel.load_ipa);
		return -1;
	}
	describe_zone(zone, area, dtb, &in);
	if (la_efi_build(pa_to_hv(pa), area, &in, regs, why, sizeof(why))) {
		pr_err("zone %u: EFI boot tables: %s", zone->id, why);
		return -1;
	}
	pr_info("zone %u: Linux EFI boot: a1 (cmdline) = 0x%llx, a2 (system "
		"table) = 0x%llx, device tree 0x%llx, initrd 0x%llx+0x%llx",
		zone->id, (unsigned long long)regs->a1,
		(unsigned long long)regs->a2, (unsigned long long)dtb,
		(unsigned long long)in.initrd_base,
		(unsigned long long)in.initrd_size);
	return 0;
}
