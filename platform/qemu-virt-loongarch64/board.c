/*
 * QEMU virt (loongarch64, "Loongson-3A5000 LS7A1000 machine"): what the
 * DTB does not say. QEMU puts the DTB at 1 MiB (no register carries it);
 * cvisor is linked at 2 MiB and reserves the first 96 MiB of low RAM:
 * DTB, image, heap, frame pool, and the staging area of the boot bundle.
 * Power: the ACPI GED registers at 0x100e001c (sleep control, reset).
 * RAM: from the DTB's memory nodes, else the low 256 MiB (see below).
 */
#include "arch/loongarch64/board.h"
#include "cvisor/platform.h"

#define HV_BASE	     0x00000000ull
#define HV_SIZE	     0x06000000ull
#define STAGING_BASE 0x04000000ull
#define STAGING_SIZE 0x02000000ull
#define DTB_ADDR     0x00100000ull
#define GED_BASE     0x100e001cull
#define LOW_RAM_SIZE 0x10000000ull /* 256 MiB at 0 whatever -m says */

void platform_board_defaults(struct platform *p)
{
	p->hv = (struct mem_range){pa_init(HV_BASE), HV_SIZE};
	p->staging = (struct mem_range){pa_init(STAGING_BASE), STAGING_SIZE};
	/* QEMU 7.2's DTB lists no memory (QEMU 9's does): then the low
	 * RAM every loongarch64 virt machine has is what cvisor uses. */
	if (!p->nr_ram)
		p->ram[p->nr_ram++] =
		    (struct mem_range){pa_init(0), LOW_RAM_SIZE};
}

const void *platform_board_dtb(paddr_t boot_arg)
{
	return pa_to_hv(pa_addr(boot_arg) ? boot_arg : pa_init(DTB_ADDR));
}

paddr_t board_ged_base(void)
{
	return pa_init(GED_BASE);
}

/* SLP_EN [5] | SLP_TYP [4:2] = 5 (S5): QEMU exits with status 0. */
void board_power_off(void)
{
	*(volatile u8 *)(uintptr_t)(GED_BASE + BOARD_GED_SLEEP_CTL) =
	    (5 << 2) | 0x20;
}

void board_reset(void)
{
	*(volatile u8 *)(uintptr_t)(GED_BASE + BOARD_GED_RESET) = 0x42;
}
