# Build flags shared by the aarch64 bare-metal guests (guests/aarch64,
# aarch64-ivc, aarch64-hostile, aarch64-victim, ...).  A guest's Makefile
# sets
#
#   O        ?= default output directory (relative to the guest's folder)
#   NAME     := output base name: $(O)/$(NAME).elf and $(O)/$(NAME).bin
#   SRCS_C   := the guest's own C sources;  SRCS_S := its own .S sources
#   COMMON_C := the C sources it takes from here (console.c trap.c ...)
#   COMMON_S := the .S sources it takes from here (entry.S, up.S)
#   UP_MAIN, UP_STACK := C entry and stack size for up.S (one vCPU)
#   LDS      := linker script (default: guest.lds here)
#
# and then includes this file.  `make [O=<outdir>] [CROSS=clang|gcc]`.
# The toolchain and rules are guests/common/guest.mk's.

COMMON := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CROSS  ?= clang
LDS    ?= $(COMMON)/guest.lds

G_CLANG_TARGET := aarch64-none-elf
G_GCC_PREFIX   := aarch64-linux-gnu-
G_CFLAGS := -std=c11 -ffreestanding -nostdlib -fno-pic -fno-pie \
	    -mgeneral-regs-only -mstrict-align -O2 -Wall -Wextra -Werror \
	    -fno-stack-protector -fno-common -fno-asynchronous-unwind-tables \
	    -fno-unwind-tables -mbranch-protection=none -MMD -MP \
	    -I$(COMMON)
G_ASFLAGS := -ffreestanding -fno-pic -fno-pie -MMD -MP -I$(COMMON)
ifneq ($(UP_MAIN),)
G_ASFLAGS += -DGUEST_MAIN=$(UP_MAIN) -DSTACK_SIZE=$(UP_STACK)
endif
G_LDFLAGS := -nostdlib -static --build-id=none -T $(LDS)

OBJS = $(SRCS_S:%.S=$(OUT)/%.o) $(COMMON_S:%.S=$(OUT)/common/%.o) \
       $(SRCS_C:%.c=$(OUT)/%.o) $(COMMON_C:%.c=$(OUT)/common/%.o)

include $(COMMON)/../common/guest.mk
