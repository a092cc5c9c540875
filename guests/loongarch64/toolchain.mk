# The toolchain and flags of the loongarch64 bare-metal guests (this
# folder's test and hostile guests, ../loongarch64-bench): clang-19 and
# ld.lld-19 only (Debian 12 has no loongarch64 GCC), soft-float. A guest's
# Makefile sets O and CROSS, then includes this, which sets G_CC, G_LD,
# G_OBJCOPY, OUT, G_CFLAGS, G_ASFLAGS, the common G_LDFLAGS (the guest
# adds its -T) and G_DEPS (what every object depends on: the Makefile and
# this file). Private variable names (G_*) so that a parent make's CC
# and CFLAGS never leak in.

ifneq ($(CROSS),clang)
$(error the loongarch64 guests build with CROSS=clang only: Debian 12 has no loongarch64 GCC)
endif

G_CC      := clang-19 --target=loongarch64-unknown-none-gnusf
G_LD      := ld.lld-19
G_OBJCOPY := llvm-objcopy-19
OUT := $(abspath $(O))

G_CFLAGS := -std=c11 -ffreestanding -nostdlib -fno-pic -fno-pie -msoft-float \
	    -O2 -Wall -Wextra -Werror -fno-stack-protector -fno-common \
	    -fno-asynchronous-unwind-tables -fno-unwind-tables -MMD -MP
G_ASFLAGS := -ffreestanding -fno-pic -fno-pie -msoft-float -MMD -MP
G_LDFLAGS := -nostdlib -static --build-id=none
G_DEPS    := Makefile $(lastword $(MAKEFILE_LIST))
