# Build flags shared by the riscv64 bare-metal guests (guests/riscv64,
# riscv64-ivc, riscv64-hostile, riscv64-victim, ...).  A guest's Makefile
# sets
#
#   O        ?= default output directory (relative to the guest's folder)
#   NAME     := output base name: $(O)/$(NAME).elf and $(O)/$(NAME).bin
#   SRCS_C   := the guest's own C sources
#   COMMON_C := the C sources it takes from here (console.c sbi.c)
#   SMP      := 1 for secondary_entry in start.S (harts started by SBI HSM)
#   G_EXTRA_CFLAGS := more C flags (include paths)
#
# and then includes this file.  `make [O=<outdir>] [CROSS=clang|gcc]`.
# start.S and guest.lds (0x80200000, entry first) always come from here;
# the toolchain and rules are guests/common/guest.mk's.

COMMON := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CROSS  ?= clang
LDS    := $(COMMON)/guest.lds

G_CLANG_TARGET := riscv64-unknown-elf
G_GCC_PREFIX   := riscv64-linux-gnu-
G_ARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax
G_CFLAGS := -std=c11 -ffreestanding -nostdlib -fno-pic -fno-pie $(G_ARCH) \
	    -O2 -Wall -Wextra -Werror -I$(COMMON) $(G_EXTRA_CFLAGS) \
	    -fno-stack-protector -fno-common -fno-asynchronous-unwind-tables \
	    -fno-unwind-tables -MMD -MP
G_ASFLAGS := -ffreestanding -fno-pic -fno-pie $(G_ARCH) -MMD -MP
ifeq ($(SMP),1)
G_ASFLAGS += -DGUEST_SMP
endif
G_LDFLAGS := -nostdlib -static --build-id=none -T $(LDS)

OBJS = $(OUT)/common/start.o $(SRCS_C:%.c=$(OUT)/%.o) \
       $(COMMON_C:%.c=$(OUT)/common/%.o)

include $(COMMON)/../common/guest.mk
