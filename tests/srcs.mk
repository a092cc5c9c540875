# Source groups that the unit tests (tests/unit) and the fuzz targets
# (tests/fuzz) both build, named once: a file that joins one of these
# pieces of cvisor is added here, not in each Makefile. Paths are
# relative to the top of the tree.

# Zone configuration: the schema table and the validator.
CONFIG_SRCS := core/config_check.c core/config_schema.c core/config_pci.c

# Kernel image probing (arm64 Image, ELF, raw, bzImage, LoongArch Image).
IMAGE_SRCS := core/image.c core/image_loongarch.c core/bzimage.c

# A zone's device tree derived from the platform's (aarch64 fixups).
FDT_ZONE_SRCS := core/fdt_zone.c core/vpci_fdt.c lib/fdt_copy.c \
		 lib/fdt_raw.c lib/fdt_index.c lib/fdt_util.c core/mmio.c \
		 arch/aarch64/fdt_fixup.c drivers/pci/pci_fdt.c

# cvisor's core as the hypervisor links it (the top Makefile takes every
# core/*.c, mm/*.c and lib/*.c), without the boot entry (core/main.c) and
# the freestanding string functions the host's libc has: a file added
# there joins here by itself. Users set ROOT (an absolute path) first.
HV_CORE_SRCS := $(filter-out core/main.c lib/string.c,\
		$(patsubst $(ROOT)/%,%,$(sort $(wildcard \
		$(ROOT)/core/*.c $(ROOT)/mm/*.c $(ROOT)/lib/*.c))))

# The host's arch/fake (cvisor/arch.h for unit tests): all of it, and the
# console's UART layer (arch/fake lists no UART driver).
FAKE_ARCH_SRCS := $(patsubst $(ROOT)/%,%,$(sort $(wildcard \
		  $(ROOT)/arch/fake/*.c))) drivers/uart/uart.c
