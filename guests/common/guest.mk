# The toolchain and build rules of every bare-metal guest that builds
# with guests/<arch>-common/common.mk, which sets, then includes this:
#
#   G_CLANG_TARGET  clang's --target (CROSS=clang)
#   G_GCC_PREFIX    the GNU cross tools' prefix (CROSS=gcc)
#   G_CFLAGS, G_ASFLAGS, G_LDFLAGS
#   OBJS            the objects, under $(OUT) (define it with `=`: OUT is
#                   set here)
#   COMMON          its folder, whose sources build into $(OUT)/common
#
# and the guest's Makefile: O, NAME and CROSS (clang or gcc). Private
# variable names (G_*) so that a CC/CFLAGS exported by a parent make for
# the hypervisor never leak into the guest build.

ifeq ($(CROSS),clang)
G_CC      := clang-19 --target=$(G_CLANG_TARGET)
G_LD      := ld.lld-19
G_OBJCOPY := llvm-objcopy-19
else ifeq ($(CROSS),gcc)
G_CC      := $(G_GCC_PREFIX)gcc
G_LD      := $(G_GCC_PREFIX)ld
G_OBJCOPY := $(G_GCC_PREFIX)objcopy
else
$(error CROSS must be clang or gcc, not '$(CROSS)')
endif

OUT  := $(abspath $(O))
ELF  := $(OUT)/$(NAME).elf
BIN  := $(OUT)/$(NAME).bin
DEPS := Makefile $(COMMON)/common.mk $(lastword $(MAKEFILE_LIST))

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
