/* The machine description on x86: the board's embedded DTB, corrected
 * from what the bootloader and the firmware report. */
#ifndef CVISOR_ARCH_X86_64_BOOT_DTB_H
#define CVISOR_ARCH_X86_64_BOOT_DTB_H

#include "cvisor/platform.h"

/*
 * From the multiboot2 information at mbi (0: none): move the boot bundle
 * (the first module) to staging, replace the DTB's memory node with the
 * memory map, drop CPUs the ACPI MADT does not list as enabled, and take
 * the ACPI power-off port. Returns the corrected copy of dtb.
 */
const void *x86_boot_dtb(const void *dtb, paddr_t mbi,
			 struct mem_range staging);

#endif
