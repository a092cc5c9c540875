/* LoongArch Linux zones: the EFI hand-over for vCPU 0 (linux_boot.c). */
#ifndef CVISOR_ARCH_LOONGARCH64_LINUX_BOOT_H
#define CVISOR_ARCH_LOONGARCH64_LINUX_BOOT_H

#include "arch/loongarch64/efi_boot.h"

struct zone;

/* The zone's kernel carries the LoongArch Image header. */
bool la_zone_boots_linux(const struct zone *zone);
/* Write the EFI boot tables into the zone and say a0-a2; dtb is the
 * device tree's ipa. 0, or -1 (logged). */
int la_linux_boot_prepare(struct zone *zone, u64 dtb, struct la_efi_regs *regs);

#endif
