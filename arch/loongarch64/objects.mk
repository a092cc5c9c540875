# loongarch64 (LVZ): the arch sources and the drivers this arch uses.
ARCH_SRCS := $(wildcard arch/loongarch64/*.c) $(wildcard arch/loongarch64/*.S)
ARCH_SRCS += drivers/irqchip/loongarch_ipi.c \
	     drivers/uart/ns16550.c drivers/uart/uart.c

# clang-19 only: the plain -unknown-elf triple warns on every file, and
# Debian 12 has no GCC for loongarch64 (ld.lld-19 links; lld-16 cannot).
CLANG_TARGET := loongarch64-unknown-none-gnusf
ifeq ($(CROSS),gcc)
$(error ARCH=loongarch64 builds with CROSS=clang only: Debian 12 has no GCC cross compiler for loongarch64)
endif
GCC_PREFIX :=
ARCH_CFLAGS := -msoft-float -mcmodel=normal -fno-jump-tables
# LA_WIRED_IRQS=1: zones' device pins wired through cvisor's PCH-PIC and
# EIOINTC (experimental: arch/loongarch64/fdt_pics.c says why it is off).
ifeq ($(LA_WIRED_IRQS),1)
ARCH_CFLAGS += -DLA_WIRED_IRQS=1
endif

# make run: EMU=lvz (default) runs the QEMU-LVZ build from
# ../shared/tools/qemu-lvz (guests run), EMU=qemu runs Debian's QEMU (no
# LVZ: cvisor says so and powers off).
EMU ?= lvz
RUN_ARGS = --emu $(EMU)
SETUP_GROUPS := loongarch64
# make run's default zone configuration: Debian's loong64 Linux as the root
# zone on 2 vCPUs (CONFIG=qemu-virt-loongarch64: the bare-metal test guest).
DEFAULT_CONFIG := qemu-virt-loongarch64-linux
SMP ?= 2
LINUX_CACHE = $(CACHE)/loongarch64-linux
DEMO_CONFIGS := qemu-virt-loongarch64-linux
ALL_CPUS_CONFIGS := qemu-virt-loongarch64-linux
