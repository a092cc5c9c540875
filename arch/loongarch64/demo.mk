# The loongarch64 Linux images (included by the top Makefile): Debian's sid
# kernel (EFI zboot vmlinuz; cvconfig unwraps it) and the busybox initramfs
# images scripts/fetch-loongarch64-linux builds, taken from the cache. A
# Linux zone's user space needs the QEMU-LVZ fork with cvisor's guest-ASID
# fix: without QEMU_LVZ, the first `make run` builds it into the cache
# (scripts/build-qemu-lvz, about 11 minutes on 2 cores).
DEMO_DIR = $(LINUX_CACHE)
QEMU_LVZ_FIXED := $(CACHE)/qemu-lvz/PATCHES

demo-images: $(LINUX_CACHE)/.ok $(if $(QEMU_LVZ)$(filter-out lvz,$(EMU)),,$(QEMU_LVZ_FIXED))

$(QEMU_LVZ_FIXED):
	@echo "  QEMU-LVZ  building the fork with cvisor's fixes into $(CACHE)/qemu-lvz (once, ~11 min)"
	@scripts/build-qemu-lvz --out $(CACHE)/qemu-lvz

.PHONY: demo-images
