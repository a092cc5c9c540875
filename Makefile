# cvisor - a Type-1 hypervisor in C.
#
#   make run    [ARCH=aarch64] [GIC=3|2] [SMP=4] [CONFIG=...]   boot the demo
#               [GUEST_KERNEL=path] [GUEST_INITRD=path] [GUEST_CMDLINE="..."]
#   make test                                     unit + system tests
#   make fuzz   [FUZZ_TIME=20]                    each libFuzzer target, seconds
#   make soak   [SOAK_MINUTES=30]                 the zones demo under load
#   make build  [CROSS=clang|gcc]                 the hypervisor image only
#
# Everything is built under build/; downloads are cached in .cache/.

ARCH ?= aarch64
# An arch may set its own defaults (PLATFORM, CONFIG, SMP, MEM) with ?=.
include arch/$(ARCH)/objects.mk
PLATFORM ?= qemu-virt-$(ARCH)
CROSS ?= clang
GIC ?= 3
SMP ?= 4
MEM ?= 1G
# The default demo: Debian's Linux as the root zone (CONFIG=qemu-virt-
# aarch64 is the bare-metal test guest). GUEST_* replace the root zone's
# kernel, initrd and command line (see GUEST_KERNEL_SETS below).
CONFIG ?= $(DEFAULT_CONFIG)
GUEST_KERNEL ?=
GUEST_INITRD ?=
GUEST_CMDLINE ?=
VERSION := 0.1.0

TOP := $(CURDIR)
CACHE ?= $(TOP)/.cache
BUILD := $(TOP)/build/$(ARCH)-$(CROSS)
HOSTBUILD := $(TOP)/build/host
GUEST_DIR := $(TOP)/build/guest-$(ARCH)

include platform/$(PLATFORM)/board.mk
LIBFDT_DIR := $(CACHE)/libfdt-1.7.2
include lib/fdt/fdt.mk

ifeq ($(CROSS),clang)
CC := clang-19 --target=$(CLANG_TARGET)
LD := ld.lld-19
OBJCOPY := llvm-objcopy-19
NM := llvm-nm-19
else ifeq ($(CROSS),gcc)
CC := $(GCC_PREFIX)gcc
LD := $(GCC_PREFIX)ld
OBJCOPY := $(GCC_PREFIX)objcopy
NM := $(GCC_PREFIX)nm
else
$(error CROSS must be clang or gcc)
endif

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	    -Wstrict-prototypes -Wvla -Wundef
CFLAGS := -std=c11 -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie \
	  -fno-stack-protector -fno-common -fno-asynchronous-unwind-tables \
	  -O2 -g $(ARCH_CFLAGS) $(WARNINGS) -MMD -MP \
	  -Iinclude -I. -Iarch/$(ARCH)/include $(LIBFDT_INCLUDES) \
	  -DCVISOR_VERSION='"$(VERSION)"' -DCVISOR_ARCH='"$(ARCH)"' \
	  -DCVISOR_BOARD='"$(PLATFORM)"'
# libfdt trusts the tree it walks (the bootloader's DTB and cvisor's own
# derivation of it; platform_probe checks the magic first): most of its
# per-tag bounds checks go (cvisor's boot: 5.9 M -> fewer instructions).
LIBFDT_ASSUME := -DFDT_ASSUME_MASK=0x7 # VALID_DTB | VALID_INPUT | LATEST
LIBFDT_FLAGS := $(LIBFDT_ASSUME) -std=c11 -ffreestanding -fno-builtin -nostdlib -fno-pic \
	  -fno-pie -fno-stack-protector -O2 $(ARCH_CFLAGS) -Wall -Wextra \
	  -Werror $(LIBFDT_CFLAGS)

SRCS := $(wildcard core/*.c) $(wildcard mm/*.c) $(wildcard lib/*.c) \
	$(ARCH_SRCS) $(wildcard platform/$(PLATFORM)/*.c)
OBJS := $(patsubst %,$(BUILD)/%.o,$(SRCS))
FDT_OBJS := $(patsubst $(LIBFDT_DIR)/%.c,$(BUILD)/libfdt/%.o,$(LIBFDT_SRCS))

HV_ELF := $(BUILD)/cvisor.elf
BUNDLE := $(BUILD)/$(CONFIG).bundle
CVCONFIG := $(HOSTBUILD)/cvconfig

# The configurations the arch lists in DEMO_CONFIGS (objects.mk) take their
# images from the demo's (demo-images), the others from the bare-metal test
# guest's build; those in ALL_CPUS_CONFIGS give the root zone every CPU of
# the machine (SMP).
IS_DEMO := $(filter $(DEMO_CONFIGS),$(CONFIG))
IMAGE_DIR = $(if $(IS_DEMO),$(DEMO_DIR),$(GUEST_DIR))
comma := ,
BUNDLE_SETS = \
	$(if $(filter $(ALL_CPUS_CONFIGS),$(CONFIG)),--set root.cpus=$(subst $(eval) ,$(comma),$(shell seq 0 $$(($(SMP)-1))))) \
	$(if $(GUEST_KERNEL),$(GUEST_KERNEL_SETS),$(GUEST_DEMO_SETS))
# GUEST_KERNEL given: the kernel gets exactly GUEST_INITRD and
# GUEST_CMDLINE, none when unset (as QEMU's -kernel). Without it the demo
# keeps its initrd and command line unless GUEST_INITRD / GUEST_CMDLINE
# are given, even empty (GUEST_CMDLINE="" clears the command line).
given = $(filter command line environment override,$(origin $(1)))
guest_initrd = --set root.initrd=$(if $(GUEST_INITRD),$(abspath $(GUEST_INITRD)))
guest_cmdline = --set "root.cmdline=$(GUEST_CMDLINE)"
GUEST_KERNEL_SETS = --set root.kernel=$(abspath $(GUEST_KERNEL)) \
	$(guest_initrd) $(guest_cmdline)
GUEST_DEMO_SETS = $(if $(call given,GUEST_INITRD),$(guest_initrd)) \
	$(if $(call given,GUEST_CMDLINE),$(guest_cmdline))

.PHONY: all build run test unit-test system-test check-gcc clean setup \
	guest tools bundle format bench fuzz fuzz-replay analyze analyze-info \
	soak FORCE
all: build

build: $(HV_ELF)

$(BUILD)/%.c.o: %.c | $(LIBFDT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(BUILD)/libfdt/%.o: $(LIBFDT_DIR)/%.c Makefile | $(LIBFDT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      libfdt/$*.c"
	@$(CC) $(LIBFDT_FLAGS) -c $< -o $@

$(HV_ELF): $(OBJS) $(FDT_OBJS) arch/$(ARCH)/linker.ld
	@echo "  LD      $@"
	@$(LD) -nostdlib -static --build-id=none --fatal-warnings --defsym=HV_LOAD_ADDR=$(HV_LOAD_ADDR) \
		-T arch/$(ARCH)/linker.ld -o $@ $(OBJS) $(FDT_OBJS)
	@# The arch contract has no defaults: a weak symbol would hide a hook
	@# an arch forgot (include/cvisor/arch.h).
	@! $(NM) $@ | grep ' [wWvV] ' || { rm -f $@; \
		echo "error: weak symbols in $@ (see above)"; exit 1; }

-include $(OBJS:.o=.d)

guest:
	@$(MAKE) -s -C guests/$(ARCH) O=$(GUEST_DIR) CROSS=$(CROSS)

# Asked every time: the sub-make tracks all of cvconfig's sources and
# headers (-MMD, shared core/ files included) and does nothing when none
# changed.
tools: $(CVCONFIG)
$(CVCONFIG): FORCE
	@$(MAKE) -s -C tools/cvconfig O=$(HOSTBUILD)

FORCE:

$(LINUX_CACHE)/.ok:
	@scripts/fetch-$(ARCH)-linux >/dev/null

# Rebuilt every time: GUEST_* and SMP change what goes in.
bundle: $(CVCONFIG) guest $(if $(IS_DEMO),demo-images) \
	$(if $(filter %-virtio,$(CONFIG)),virtio-images) \
	$(if $(filter %-virtio-bad,$(CONFIG)),virtio-bad-images)
	@echo "  BUNDLE  configs/$(CONFIG).json -> $(BUNDLE)"
	@$(CVCONFIG) build configs/$(CONFIG).json --arch $(ARCH) \
		--image-dir $(IMAGE_DIR) $(BUNDLE_SETS) -o $(BUNDLE)

-include arch/$(ARCH)/demo.mk

setup:
	@scripts/setup run $(SETUP_GROUPS)

# scripts/run-$(ARCH) boots the image; RUN_ARGS (arch/$(ARCH)/objects.mk)
# adds the arch's own options (GIC=, EMU=...). Exits with the emulator's
# status.
run: setup
	@$(MAKE) -s build bundle
	@scripts/run-$(ARCH) --smp $(SMP) --mem $(MEM) --hv $(HV_ELF) \
		--bundle $(BUNDLE) --bundle-addr $(BOARD_STAGING_ADDR) $(RUN_ARGS)

test:
	@scripts/setup test
	@scripts/run-tests

# Not part of make test: every libFuzzer harness (tests/fuzz/) for
# FUZZ_TIME seconds each (12 targets: 4 minutes by default). make test
# replays the seed corpora and every crash found (fuzz-replay).
FUZZ_TIME ?= 20
fuzz:
	@scripts/setup test
	@$(MAKE) -s -C tests/fuzz O=$(TOP)/build/fuzz fuzz FUZZ_TIME=$(FUZZ_TIME)

fuzz-replay:
	@$(MAKE) -s -C tests/fuzz O=$(TOP)/build/fuzz replay

# Not part of make test: the aarch64 zones demo for SOAK_MINUTES minutes of
# zone restarts, IVC traffic and zone starts from the root zone; cvisor's
# free frames and heap must end where they started (tests/soak/).
SOAK_MINUTES ?= 30
soak: setup
	@SOAK_MINUTES=$(SOAK_MINUTES) /usr/bin/python3 -m pytest \
		tests/soak/test_soak_aarch64.py -v -s -p no:cacheprovider

# Static analysis (scripts/analyze, a step of make test): clang's analyzer
# and cppcheck over every architecture's hypervisor sources and the tools.
analyze:
	@scripts/analyze

# For scripts/analyze: how this ARCH compiles its C sources.
analyze-info:
	@echo 'CC=$(CC)'
	@echo 'CFLAGS=$(filter-out -MMD -MP -DCVISOR_%,$(CFLAGS))'
	@echo 'SRCS=$(filter %.c,$(SRCS))'

# Not part of make test: QEMU boots measured against no hypervisor,
# written to docs/bench.md and docs/bench.png (scripts/bench/bench.py).
bench:
	@scripts/setup bench
	@/usr/bin/python3 scripts/bench/bench.py

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
