/*
 * QEMU virt (riscv64) with OpenSBI's fw_jump: what the DTB does not say.
 * OpenSBI occupies the start of RAM (0x80000000, PMP-protected) and
 * enters cvisor at 0x80200000 in HS-mode with the DTB at 0x82200000.
 * cvisor reserves the first 128 MiB of RAM: firmware, image, heap, frame
 * pool (which covers the firmware's DTB: cvisor keeps its own copy) and
 * the staging area where the boot bundle is loaded.
 */
#include "cvisor/platform.h"

#include <libfdt.h>

#define HV_BASE	     0x80000000ull
#define HV_SIZE	     0x08000000ull
#define STAGING_BASE 0x84000000ull
#define STAGING_SIZE 0x04000000ull
#define DTB_MAX	     0x10000u
/* The root zone's management device: in the platform-bus window
 * (0x04000000, 32 MiB: no device of the virt board lives there unless
 * QEMU is given dynamic sysbus devices), which cvisor gives no zone. */
#define MGMT_IPA 0x04000000ull
/* The virtual PCI host bridge of virtio backends (docs/virtio.md): ECAM
 * and the 32-bit window after the management device, in the same
 * platform-bus window; the 64-bit window at 64 GiB, above any RAM of the
 * board and QEMU's own high PCIe window (RAM's end rounded up to 16 GiB,
 * 16 GiB long), within the 41-bit guest-physical space of Sv39x4; INTx as
 * PLIC/APLIC sources 56-63 (QEMU virt has 95; its devices use 1-11 and
 * 32-35). */
#define VPCI_ECAM      0x04100000ull
#define VPCI_MEM32     0x04200000ull
#define VPCI_MEM32_LEN 0x00100000ull
#define VPCI_MEM64     0x1000000000ull
#define VPCI_MEM64_LEN 0x1000000000ull
#define VPCI_FIRST_IRQ 56u

static u8 dtb_copy[DTB_MAX] __attribute__((aligned(8)));

void platform_board_defaults(struct platform *p)
{
	p->hv = (struct mem_range){pa_init(HV_BASE), HV_SIZE};
	p->staging = (struct mem_range){pa_init(STAGING_BASE), STAGING_SIZE};
	p->mgmt_ipa = ipa_init(MGMT_IPA);
	p->vpci_ecam = ipa_init(VPCI_ECAM);
	p->vpci_mem32 = ipa_init(VPCI_MEM32);
	p->vpci_mem32_size = VPCI_MEM32_LEN;
	p->vpci_mem64 = ipa_init(VPCI_MEM64);
	p->vpci_mem64_size = VPCI_MEM64_LEN;
	p->vpci_first_irq = VPCI_FIRST_IRQ;
}

/* The firmware's DTB (a1 at entry) is copied into cvisor's image before
 * anything can overwrite it; a DTB that does not fit is used in place. */
const void *platform_board_dtb(paddr_t boot_arg)
{
	const void *dtb = pa_to_hv(boot_arg);

	if (!pa_addr(boot_arg) || fdt_check_header(dtb) ||
	    fdt_totalsize(dtb) > DTB_MAX)
		return dtb;
	if (fdt_move(dtb, dtb_copy, DTB_MAX))
		return dtb;
	return dtb_copy;
}
