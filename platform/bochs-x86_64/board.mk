# Bochs PC (x86_64) board facts used by the build and the launcher.
# GRUB loads cvisor (multiboot2) at HV_LOAD_ADDR and the boot bundle
# (module2) wherever it likes; cvisor moves the bundle to the staging area.
HV_LOAD_ADDR := 0x01000000
BOARD_STAGING_ADDR := 0x03000000
BOARD_STAGING_SIZE := 0x01000000

# The board's device tree, compiled here and embedded (dtb.S).
BOARD_DTS := platform/$(PLATFORM)/board.dts
BOARD_DTB := $(BUILD)/platform/$(PLATFORM)/board.dtb
ARCH_SRCS += platform/$(PLATFORM)/dtb.S

board_saved_goal := $(.DEFAULT_GOAL)
$(BOARD_DTB): $(BOARD_DTS)
	@mkdir -p $(dir $@)
	@echo "  DTC     $<"
	@dtc -q -I dts -O dtb -o $@ $<
$(BUILD)/platform/$(PLATFORM)/dtb.S.o: $(BOARD_DTB)
$(BUILD)/platform/$(PLATFORM)/dtb.S.o: CFLAGS += -DBOARD_DTB_FILE='"$(BOARD_DTB)"'
.DEFAULT_GOAL := $(board_saved_goal)
