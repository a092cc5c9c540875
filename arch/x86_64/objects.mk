# x86_64 (Intel VMX): the arch sources and the drivers this arch uses.
# Included before the Makefile's own defaults, so ?= here wins.
PLATFORM ?= bochs-x86_64
# The default: Debian's Linux (linux-image-cloud-amd64) on 2 vCPUs;
# CONFIG=bochs-x86_64 is the protected-mode test guest.
DEFAULT_CONFIG := bochs-x86_64-linux
SMP ?= 2
MEM ?= 512M
LINUX_CACHE = $(CACHE)/x86_64-linux
DEMO_CONFIGS := bochs-x86_64-linux
ALL_CPUS_CONFIGS := bochs-x86_64-linux
EMU ?= bochs

ARCH_SRCS := $(wildcard arch/x86_64/*.c) $(wildcard arch/x86_64/*.S)
ARCH_SRCS += drivers/irqchip/lapic.c drivers/irqchip/ioapic.c \
	     drivers/uart/uart.c drivers/uart/uart8250_pio.c \
	     drivers/uart/uart8250_pio_virt.c

CLANG_TARGET := x86_64-unknown-elf
GCC_PREFIX :=
# No red zone (interrupts and VM exits run on the same stack), no FP/SIMD
# state in the hypervisor; linked low (below 2 GiB), so the small code model.
ARCH_CFLAGS := -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-avx \
	       -mcmodel=small -fno-jump-tables

# make run: scripts/run-x86_64 boots Bochs (VMX) by default, EMU=qemu for
# the "no VMX" path.
RUN_ARGS = --emu $(EMU)
SETUP_GROUPS := x86_64
