# The toolchain and flags of the x86_64 bare-metal guests (this folder's
# test and hostile guests, ../x86_64-bench): 32-bit protected-mode code
# built for i686. A guest's Makefile sets O and CROSS (clang or gcc), then
# includes this, which sets G_CC, G_LD, G_OBJCOPY, OUT, G_CFLAGS, the
# common G_LDFLAGS (the guest adds its -T), G_DEPS (what every object
# depends on: the Makefile and this file) and the $(STAMP) rule:
# switching toolchains in the same O= rebuilds everything. Private
# variable names (G_*) so the hypervisor's CC/CFLAGS never leak in.

ifeq ($(CROSS),clang)
G_CC      := clang-19 --target=i386-unknown-elf
G_LD      := ld.lld-19
G_OBJCOPY := llvm-objcopy-19
else ifeq ($(CROSS),gcc)
G_CC      := gcc -m32
G_LD      := ld
G_OBJCOPY := objcopy
else
$(error CROSS must be clang or gcc, not '$(CROSS)')
endif

OUT := $(abspath $(O))

G_CFLAGS := -std=c11 -ffreestanding -nostdlib -fno-pic -fno-pie -march=i686 \
	    -mno-sse -mno-mmx -O2 -Wall -Wextra -Werror -fno-stack-protector \
	    -fno-common -fno-asynchronous-unwind-tables -fno-unwind-tables \
	    -MMD -MP
G_LDFLAGS := -m elf_i386 -nostdlib -static --build-id=none

G_DEPS := Makefile $(lastword $(MAKEFILE_LIST))
STAMP  := $(OUT)/.cross-$(CROSS)

# The guest's Makefile names its targets in `all`.
.DEFAULT_GOAL := all

$(STAMP):
	@mkdir -p $(OUT)
	@rm -f $(OUT)/.cross-*
	@touch $@
