# aarch64: the arch sources and the drivers this arch uses.
ARCH_SRCS := $(wildcard arch/aarch64/*.c) $(wildcard arch/aarch64/*.S)
ARCH_SRCS += drivers/irqchip/gicv2.c drivers/irqchip/gicv3.c \
	     drivers/irqchip/gic_fdt.c drivers/irqchip/vgic.c \
	     drivers/irqchip/vgic_lr.c drivers/irqchip/vgicd.c drivers/irqchip/vgic_virtual.c \
	     drivers/irqchip/vgicr.c drivers/irqchip/vgic_zone.c \
	     drivers/irqchip/vgic_phys.c drivers/irqchip/vgic_regs.c \
	     drivers/irqchip/vgic_sgi.c \
	     drivers/irqchip/gic_trigger.c \
	     drivers/uart/pl011.c drivers/uart/uart.c drivers/uart/vpl011.c \
	     drivers/iommu/smmuv3.c drivers/iommu/smmuv3_desc.c \
	     drivers/iommu/smmuv3_s1fmt.c drivers/iommu/smmuv3_zone.c \
	     drivers/pci/ecam_host.c drivers/pci/pci_fdt.c drivers/pci/pci_view.c \
	     drivers/pci/pci_zone.c

CLANG_TARGET := aarch64-none-elf
GCC_PREFIX := aarch64-linux-gnu-
ARCH_CFLAGS := -mgeneral-regs-only -mno-outline-atomics -march=armv8-a

# make run: the default configuration, Linux images, extra options for
# scripts/run-aarch64, extra setup groups.
DEFAULT_CONFIG := qemu-virt-aarch64-zones
# Configurations built from the demo's images (demo.mk), and those whose
# root zone gets every CPU of the machine.
DEMO_CONFIGS := qemu-virt-aarch64-linux qemu-virt-aarch64-zones \
	qemu-virt-aarch64-virtio qemu-virt-aarch64-virtio-bad
ALL_CPUS_CONFIGS := qemu-virt-aarch64-linux
LINUX_CACHE = $(CACHE)/aarch64-linux
# The zones demo: the root zone's disk and network on PCI behind the SMMU.
# The virtio demo: the same, its disk being zone 1's disk.
ZONE_DISK ?=
VIRTIO_DISK = $(or $(ZONE_DISK),$(TOP)/build/aarch64-demo/zone-disk.img)
ROOT_DISK = $(TOP)/build/aarch64-demo/root-disk.img
# The hostile virtio test: the same, its disk the guest's pattern disk.
VBAD_DISK_IMG = $(TOP)/build/aarch64-demo/vbad-disk.img
RUN_ARGS = --gic $(GIC) \
	$(if $(filter qemu-virt-aarch64-zones,$(CONFIG)),--root-pci $(ROOT_DISK)) \
	$(if $(filter %-virtio,$(CONFIG)),--root-pci $(VIRTIO_DISK)) \
	$(if $(filter %-virtio-bad,$(CONFIG)),--root-pci $(VBAD_DISK_IMG))
SETUP_GROUPS :=
