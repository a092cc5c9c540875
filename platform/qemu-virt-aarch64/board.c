/*
 * QEMU virt (aarch64): what the DTB does not say. cvisor is loaded at
 * 0x40200000 (an ELF QEMU boots at EL2, with the DTB at the RAM base
 * 0x40000000); it reserves the first 128 MiB of RAM: DTB, image, heap,
 * frame pool, and the staging area where the boot bundle is loaded.
 */
#include "cvisor/platform.h"

#define HV_BASE	     0x40000000ull
#define HV_SIZE	     0x08000000ull
#define STAGING_BASE 0x44000000ull
#define STAGING_SIZE 0x04000000ull
/* The root zone's management device: in the platform-bus window, which
 * cvisor never gives to zones. */
#define MGMT_IPA 0x0c000000ull

void platform_board_defaults(struct platform *p)
{
	p->hv = (struct mem_range){pa_init(HV_BASE), HV_SIZE};
	p->staging = (struct mem_range){pa_init(STAGING_BASE), STAGING_SIZE};
	p->mgmt_ipa = ipa_init(MGMT_IPA);
}

/* QEMU's ELF boot passes no DTB pointer; it leaves the DTB at RAM base. */
const void *platform_board_dtb(paddr_t boot_arg)
{
	return pa_to_hv(pa_addr(boot_arg) ? boot_arg : pa_init(0x40000000ull));
}
