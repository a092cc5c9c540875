/*
 * Bochs PC (x86_64): what the machine description cannot say. GRUB loads
 * cvisor at 0x01000000; cvisor reserves 0x01000000-0x04000000: image,
 * heap, frame pool, and the staging area 0x03000000 (16 MiB) where the
 * boot bundle (GRUB's first module2) is moved to. Zones own RAM from
 * 0x04000000 up.
 */
#include "platform/bochs-x86_64/dtb.h"

#include "arch/x86_64/boot_dtb.h"
#include "cvisor/platform.h"

#define HV_BASE	     0x01000000ull
#define HV_SIZE	     0x03000000ull
#define STAGING_BASE 0x03000000ull
#define STAGING_SIZE 0x01000000ull

void platform_board_defaults(struct platform *p)
{
	p->hv = (struct mem_range){pa_init(HV_BASE), HV_SIZE};
	p->staging = (struct mem_range){pa_init(STAGING_BASE), STAGING_SIZE};
}

/* boot_arg: the multiboot2 information from GRUB. */
const void *platform_board_dtb(paddr_t boot_arg)
{
	return x86_boot_dtb(
	    board_dtb, boot_arg,
	    (struct mem_range){pa_init(STAGING_BASE), STAGING_SIZE});
}
