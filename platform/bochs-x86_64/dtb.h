/* The board's device tree, compiled from board.dts and linked in (dtb.S). */
#ifndef CVISOR_PLATFORM_BOCHS_X86_64_DTB_H
#define CVISOR_PLATFORM_BOCHS_X86_64_DTB_H

extern const char board_dtb[];

#endif
