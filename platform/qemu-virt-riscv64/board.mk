# QEMU virt (riscv64) board facts used by the build and the launcher.
HV_LOAD_ADDR := 0x80200000
BOARD_STAGING_ADDR := 0x84000000
BOARD_STAGING_SIZE := 0x04000000
