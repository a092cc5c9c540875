/*
 * The fake machine's board (what platform/<board>/ gives a real build):
 * the tests describe the machine in `platform` themselves, so the
 * defaults leave it as it is, and the DTB is where the boot argument says.
 */
#include "cvisor/platform.h"

void platform_board_defaults(struct platform *p)
{
	(void)p;
}

const void *platform_board_dtb(paddr_t boot_arg)
{
	return pa_to_hv(boot_arg);
}
