/* What cvisor reads from the multiboot2 boot information (GRUB). */
#ifndef CVISOR_ARCH_X86_64_MULTIBOOT2_H
#define CVISOR_ARCH_X86_64_MULTIBOOT2_H

#include "cvisor/types.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289u
#define MB2_MAX_RAM	     8

struct mb2_info {
	u32 nr_ram;
	struct {
		u64 base, size;
	} ram[MB2_MAX_RAM]; /* "available" (type 1) memory map entries */
	u64 module_start, module_end; /* the first module2: the boot bundle */
	const void *rsdp;	      /* copy of the ACPI RSDP, or NULL */
};

/* Parse the information at mbi (total_size bytes at most max_size).
 * Returns 0 or -CV_EINVAL for a malformed structure. */
int mb2_parse(const void *mbi, u64 max_size, struct mb2_info *out);

#endif
