/*
 * The Linux x86 boot protocol (Documentation/arch/x86/boot.rst): a
 * bzImage's setup header, where its parts go in a zone, and the "zero
 * page" (struct boot_params) a 32-bit entry receives in ESI. Pure logic,
 * shared by tools/cvconfig (placement) and the hypervisor (zero page).
 *
 * Layout in the zone's guest-physical space (RAM must start at 0):
 *   BZ_ZERO_PAGE_IPA  the zero page (4 KiB)
 *   BZ_CMDLINE_IPA    the command line (NUL-terminated)
 *   BZ_TABLES_IPA     platform tables (ACPI), in the e820 hole
 *   1 MiB - setup     the file's real-mode setup sectors (unused)
 *   BZ_KERNEL_IPA     the protected-mode kernel (32-bit entry point)
 */
#ifndef CVISOR_BZIMAGE_H
#define CVISOR_BZIMAGE_H

#include "cvisor/types.h"

#define BZ_ZERO_PAGE_IPA 0x7000ull
#define BZ_CMDLINE_IPA	 0x8000ull
#define BZ_CMDLINE_MAX	 0x800u
#define BZ_TABLES_IPA	 0xe0000ull
#define BZ_TABLES_SIZE	 0x10000ull
#define BZ_KERNEL_IPA	 0x100000ull
/* e820 hole: the top KiB of base memory to 1 MiB (EBDA, VGA, BIOS). */
#define BZ_LOW_RAM_END 0x9fc00ull

#define BZ_MIN_PROTOCOL	  0x206 /* 2.06: cmdline_size, 32-bit entry */
#define BZ_ZERO_PAGE_SIZE 4096u
#define BZ_E820_MAX	  128u

/* e820 types */
#define E820_RAM      1
#define E820_RESERVED 2

struct bzimage_info {
	u16 protocol;	 /* 0x206: version, e.g. 0x20f */
	u32 setup_size;	 /* bytes before the protected-mode part */
	u64 kernel_size; /* bytes of the protected-mode part */
	u64 mem_end;	 /* the kernel's memory ends below this (ipa) */
	u32 cmdline_max; /* cmdline_size: longest command line */
	u32 initrd_max;	 /* initrd_addr_max: last byte of an initrd */
	u32 hdr_end;	 /* the setup header ends here (file offset) */
	bool relocatable;
};

/* Recognise a bzImage (0xAA55 at 0x1fe, "HdrS" at 0x202). Returns 1 if
 * data is one and fills *info; 0 if it is not a bzImage at all; and
 * -CV_EINVAL with `why` when it is one cvisor cannot boot. */
int bzimage_probe(const void *data, u64 size, struct bzimage_info *info,
		  char *why, size_t why_len);

/* Options an x86 Linux zone needs on its command line, which cvconfig
 * appends unless the command line sets them already:
 *  console=ttyS0    the zone's console is COM1 (there is no VGA);
 *  no_timer_check   the PIT's IRQ 0 is not emulated (the local APIC
 *                   timers are, TSC-deadline);
 *  tsc=reliable     the TSC (rate from CPUID 0x15) is the clock: no
 *                   watchdog against the emulated platform's timers;
 *  8250.nr_uarts=1  the zone has COM1 only. */
#define BZ_DEFAULT_CMDLINE                                                     \
	"console=ttyS0,115200 no_timer_check tsc=reliable 8250.nr_uarts=1"

/* Append to cmdline (a NUL-terminated string in a buffer of size bytes)
 * each option of `defaults` whose name (up to '=') it does not have.
 * Returns 0, or -CV_ERANGE (cmdline unchanged) when they do not fit. */
int bzimage_add_cmdline_defaults(char *cmdline, size_t size,
				 const char *defaults);

struct e820_entry {
	u64 addr, size;
	u32 type;
};

/* A zone's RAM as (ipa, size) pairs. */
struct bz_ram {
	u64 ipa, size;
};

/* The zone's memory map: its RAM with the legacy hole [BZ_LOW_RAM_END,
 * 1 MiB) reserved, sorted. Returns the entry count (at most max). */
u32 bzimage_e820(const struct bz_ram *ram, u32 nr_ram, struct e820_entry *out,
		 u32 max);

struct bz_boot {
	u64 cmdline_ipa; /* 0: none */
	u64 initrd_ipa, initrd_size;
	u64 rsdp_ipa; /* 0: the kernel searches the BIOS areas */
	const struct e820_entry *e820;
	u32 nr_e820;
};

/* Fill zp (BZ_ZERO_PAGE_SIZE bytes): zeroed, the setup header copied
 * from the image, then the loader's fields (type_of_loader, LOADED_HIGH,
 * cmd_line_ptr, ramdisk_image/size, acpi_rsdp_addr, e820 table). */
void bzimage_zero_page(const void *image, const struct bzimage_info *info,
		       const struct bz_boot *boot, u8 *zp);

#endif
