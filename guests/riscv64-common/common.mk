# Build rules shared by the riscv64 bare-metal guests (guests/riscv64,
# riscv64-ivc, riscv64-hostile, riscv64-victim).  A guest's Makefile sets
#
#   O        ?= default output directory (relative to the guest's folder)
#   NAME     := output base name: $(O)/$(NAME).elf and $(O)/$(NAME).bin
#   SRCS_C   := the guest's own C sources
#   COMMON_C := the C sources it takes from here (console.c sbi.c)
#   SMP      := 1 for secondary_entry in start.S (harts started by SBI HSM)
#   G_EXTRA_CFLAGS := more C flags (include paths)
#
# and then includes this file.  `make [O=<outdir>] [CROSS=clang|gcc]`.
# start.S and guest.lds (0x80200000, entry first) always come from here.
# Private variable names (G_*) so that a CC/CFLAGS exported by a parent
# make for the hypervisor never leak into the guest build.

COMMON := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CROSS  ?= clang
LDS    := $(COMMON)/guest.lds

ifeq ($(CROSS),clang)
G_CC      := clang-19 --target=riscv64-unknown-elf
G_LD      := ld.lld-19
G_OBJCOPY := llvm-objcopy-19
else ifeq ($(CROSS),gcc)
G_CC      := riscv64-linux-gnu-gcc
G_LD      := riscv64-linux-gnu-ld
G_OBJCOPY := riscv64-linux-gnu-objcopy
else
$(error CROSS must be clang or gcc, not '$(CROSS)')
endif

OUT := $(abspath $(O))

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

OBJS := $(OUT)/common/start.o $(SRCS_C:%.c=$(OUT)/%.o) \
	$(COMMON_C:%.c=$(OUT)/common/%.o)
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
