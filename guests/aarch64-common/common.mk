# Build rules shared by the aarch64 bare-metal guests (guests/aarch64,
# aarch64-ivc, aarch64-hostile, aarch64-victim).  A guest's Makefile sets
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
# Private variable names (G_*) so that a CC/CFLAGS exported by a parent
# make for the hypervisor never leak into the guest build.

COMMON := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CROSS  ?= clang
LDS    ?= $(COMMON)/guest.lds

ifeq ($(CROSS),clang)
G_CC      := clang-19 --target=aarch64-none-elf
G_LD      := ld.lld-19
G_OBJCOPY := llvm-objcopy-19
else ifeq ($(CROSS),gcc)
G_CC      := aarch64-linux-gnu-gcc
G_LD      := aarch64-linux-gnu-ld
G_OBJCOPY := aarch64-linux-gnu-objcopy
else
$(error CROSS must be clang or gcc, not '$(CROSS)')
endif

OUT := $(abspath $(O))

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

OBJS := $(SRCS_S:%.S=$(OUT)/%.o) $(COMMON_S:%.S=$(OUT)/common/%.o) \
	$(SRCS_C:%.c=$(OUT)/%.o) $(COMMON_C:%.c=$(OUT)/common/%.o)
ELF  := $(OUT)/$(NAME).elf
BIN  := $(OUT)/$(NAME).bin
DEPS := Makefile $(COMMON)/common.mk

# Switching toolchains in the same O= rebuilds everything.
STAMP := $(OUT)/.cross-$(CROSS)

.PHONY: all clean
all: $(BIN) $(ELF)

$(STAMP):
	@mkdir -p $(OUT)
	@rm -f $(OUT)/.cross-*
	@touch $@

$(OUT)/%.o: %.c $(STAMP) $(DEPS)
	$(G_CC) $(G_CFLAGS) -c $< -o $@

$(OUT)/%.o: %.S $(STAMP) $(DEPS)
	$(G_CC) $(G_ASFLAGS) -c $< -o $@

$(OUT)/common/%.o: $(COMMON)/%.c $(STAMP) $(DEPS)
	@mkdir -p $(@D)
	$(G_CC) $(G_CFLAGS) -c $< -o $@

$(OUT)/common/%.o: $(COMMON)/%.S $(STAMP) $(DEPS)
	@mkdir -p $(@D)
	$(G_CC) $(G_ASFLAGS) -c $< -o $@

$(ELF): $(OBJS) $(LDS)
	$(G_LD) $(G_LDFLAGS) -o $@ $(OBJS)

$(BIN): $(ELF)
	$(G_OBJCOPY) -O binary $< $@

clean::
	rm -f $(OUT)/*.o $(OUT)/*.d $(OUT)/common/*.o $(OUT)/common/*.d \
	      $(ELF) $(BIN) $(OUT)/.cross-*

-include $(OBJS:.o=.d)
