# QEMU virt (aarch64) board facts used by the build and the launcher.
HV_LOAD_ADDR := 0x40200000
BOARD_DTB_ADDR := 0x40000000
BOARD_STAGING_ADDR := 0x44000000
BOARD_STAGING_SIZE := 0x04000000
