/*
 * The EFI hand-over a LoongArch Linux kernel expects from its firmware
 * (Linux Documentation/arch/loongarch/booting.rst, arch/loongarch/kernel/
 * env.c and efi.c): a0 = 1 (EFI boot), a1 = the command line's physical
 * address, a2 = an EFI system table whose configuration tables give the
 * boot memory map (LINUX_EFI_BOOT_MEMMAP_GUID), the initrd
 * (LINUX_EFI_INITRD_MEDIA_GUID) and the device tree (DEVICE_TREE_GUID).
 * No boot or runtime services: their pointers are 0.
 *
 * la_efi_build writes all of it into one buffer that the zone sees at
 * guest-physical `base` (the first 64 KiB of its RAM: Linux keeps its
 * first 2 MiB to itself, memblock_init). Pure logic, host-tested.
 */
#ifndef CVISOR_ARCH_LOONGARCH64_EFI_BOOT_H
#define CVISOR_ARCH_LOONGARCH64_EFI_BOOT_H

#include "cvisor/types.h"

#include <stddef.h>

#define LA_EFI_AREA_SIZE   0x10000u /* what la_efi_build may write */
#define LA_EFI_CMDLINE_MAX 4096u    /* Linux's COMMAND_LINE_SIZE */
#define LA_EFI_MAX_RAM	   8
#define LA_EFI_MAX_RESV	   4
#define LA_EFI_MAX_DESC	   (LA_EFI_MAX_RAM * (2 * LA_EFI_MAX_RESV + 1))

/* Offsets in the area (each part 4 KiB aligned but the small tables). */
#define LA_EFI_OFF_CMDLINE 0x0000u
#define LA_EFI_OFF_SYSTAB  0x1000u
#define LA_EFI_OFF_VENDOR  0x1100u
#define LA_EFI_OFF_TABLES  0x1200u
#define LA_EFI_OFF_INITRD  0x1300u
#define LA_EFI_OFF_MEMMAP  0x2000u

/* EFI memory types (UEFI 2.10 table 7-5) and the write-back attribute. */
#define EFI_RESERVED_TYPE	0
#define EFI_CONVENTIONAL_MEMORY 7
#define EFI_ACPI_RECLAIM_MEMORY 9
#define EFI_MEMORY_WB		0x8ull
#define EFI_PAGE_SHIFT		12

/* EFI table layout (64-bit): system table 120 bytes, configuration table
 * 24 (GUID + pointer), memory descriptor 40, Linux's efi_boot_memmap
 * header 40 (map_size, desc_size, desc_ver + pad, map_key, buff_size). */
#define EFI_SYSTAB_SIZE	   120u
#define EFI_SYSTAB_SIG	   0x5453595320494249ull /* "IBI SYST" */
#define EFI_SYSTAB_REV	   ((2u << 16) | 100u)	 /* 2.100 */
#define EFI_CFG_TABLE_SIZE 24u
#define EFI_MEMDESC_SIZE   40u
#define EFI_MEMMAP_HDR	   40u

struct la_range {
	u64 base, size;
};

struct la_efi_input {
	struct la_range ram[LA_EFI_MAX_RAM]; /* the zone's RAM, any order */
	u32 nr_ram;
	/* RAM the kernel must not take (the device tree's area, this
	 * area): described as ACPI reclaim memory (memblock adds and
	 * reserves it). */
	struct la_range resv[LA_EFI_MAX_RESV];
	u32 nr_resv;
	u64 initrd_base, initrd_size; /* size 0: no initrd table */
	u64 dtb;		      /* 0: no device tree table */
	const char *cmdline;
};

struct la_efi_regs {
	u64 a0, a1, a2;
};

/* Fill area (LA_EFI_AREA_SIZE bytes, seen by the guest at `base`).
 * Returns 0, or -CV_EINVAL with `why` naming what does not fit. */
int la_efi_build(void *area, u64 base, const struct la_efi_input *in,
		 struct la_efi_regs *out, char *why, size_t why_len);

#endif
