# riscv64: the arch sources and the drivers this arch uses.
ARCH_SRCS := $(wildcard arch/riscv64/*.c) $(wildcard arch/riscv64/*.S)
ARCH_SRCS += drivers/irqchip/plic.c drivers/irqchip/plic_vstate.c \
	     drivers/irqchip/plic_virt.c drivers/irqchip/imsic.c \
	     drivers/irqchip/imsic_hv.c \
	     drivers/irqchip/aplic.c drivers/irqchip/aplic_vstate.c \
	     drivers/irqchip/aplic_virt.c \
	     drivers/uart/ns16550.c drivers/uart/uart.c drivers/uart/vns16550.c

CLANG_TARGET := riscv64-unknown-elf
GCC_PREFIX := riscv64-linux-gnu-
# No F/D: cvisor never touches the FP registers, which belong to the
# guest (one vCPU per CPU, never switched). -mno-relax: no gp.
ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	       -mno-relax
# Debian's riscv64 glibc headers exist for lp64d only: GCC's <limits.h>
# (used by libfdt) must not chain to them.
ifeq ($(CROSS),gcc)
ARCH_CFLAGS += -D_LIBC_LIMITS_H_
endif

# make run: the default configuration (U-Boot S-mode from Debian's
# u-boot-qemu in a zone), Linux images, extra options for
# scripts/run-riscv64 (AIA=aplic-imsic for QEMU's AIA, AIA_GUESTS=n guest
# interrupt files per hart), setup groups.
# With GUEST_KERNEL=..., the Linux root zone's configuration instead.
DEFAULT_CONFIG := $(if $(GUEST_KERNEL),qemu-virt-riscv64-linux,qemu-virt-riscv64)
# Configurations built from the fetched Linux images (demo.mk), and those
# whose root zone gets every CPU of the machine.
DEMO_CONFIGS := qemu-virt-riscv64-linux qemu-virt-riscv64-zones \
	qemu-virt-riscv64-virtio
ALL_CPUS_CONFIGS := qemu-virt-riscv64-linux
LINUX_CACHE = $(CACHE)/riscv64-linux
AIA ?= none
AIA_GUESTS ?= 1
# The virtio demo: zone 1's disk is QEMU's virtio disk of the root zone.
ZONE_DISK ?=
VIRTIO_DISK = $(or $(ZONE_DISK),$(TOP)/build/riscv64-demo/zone-disk.img)
VIRTIO_QEMU_ARGS = -- -drive file=$(VIRTIO_DISK),if=none,format=raw,id=zdisk \
	-device virtio-blk-device,drive=zdisk
RUN_ARGS = --aia $(AIA) --aia-guests $(AIA_GUESTS) \
	$(if $(filter %-virtio,$(CONFIG)),$(VIRTIO_QEMU_ARGS))
SETUP_GROUPS := riscv64
