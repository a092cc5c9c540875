# QEMU virt (loongarch64) board facts used by the build and the launcher.
HV_LOAD_ADDR := 0x00200000
BOARD_DTB_ADDR := 0x00100000
BOARD_STAGING_ADDR := 0x04000000
BOARD_STAGING_SIZE := 0x02000000
