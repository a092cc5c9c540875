# The riscv64 demo images (included by the top Makefile): Debian's trixie
# kernel as the root zone, whose initramfs for the zones demo carries the
# management CLI, cvconfig and a zone it can start; the IVC echo guest;
# the bare-metal test guest. The Linux configurations take their images
# from DEMO_DIR.

IVC_DIR := $(TOP)/build/guest-riscv64-ivc
CLI_DIR := $(TOP)/build/cvisor-cli
DEMO_DIR := $(TOP)/build/riscv64-demo
MKINITRAMFS := /usr/bin/python3 scripts/mkinitramfs.py

# The sysroot (jansson, zlib) and busybox for the root zone's tools come
# with the same script (a cache filled by an older one lacks them).
$(LINUX_CACHE)/.sysroot-ok:
	@scripts/fetch-riscv64-linux >/dev/null

demo-images: guest $(CVCONFIG) $(LINUX_CACHE)/.ok $(LINUX_CACHE)/.sysroot-ok
	@$(MAKE) -s -C guests/riscv64-ivc O=$(IVC_DIR) CROSS=$(CROSS)
	@$(MAKE) -s -C tools/cvisor-cli O=$(CLI_DIR) $(CLI_DIR)/cvisor-riscv64
	@$(MAKE) -s -C tools/cvconfig O=$(HOSTBUILD) \
		RISCV64_SYSROOT=$(LINUX_CACHE)/sysroot/usr \
		$(HOSTBUILD)/cvconfig-riscv64
	@mkdir -p $(DEMO_DIR)
	@cp -f $(LINUX_CACHE)/Image $(LINUX_CACHE)/initrd-shell.gz \
		$(LINUX_CACHE)/initrd-test.gz $(GUEST_DIR)/guest.bin \
		$(IVC_DIR)/ivc-guest.bin $(DEMO_DIR)/
	@$(CVCONFIG) build configs/qemu-virt-riscv64-zone2.json --add-zone \
		--arch riscv64 --image-dir $(GUEST_DIR) \
		-o $(DEMO_DIR)/zone2.bundle
	@echo "  INITRD  $(DEMO_DIR)/initrd-zones.gz (busybox, cvisor, cvconfig, zone 2)"
	@$(MKINITRAMFS) --busybox $(LINUX_CACHE)/busybox \
		--init guests/riscv64/linux/init-zones \
		--add $(CLI_DIR)/cvisor-riscv64:bin/cvisor \
		--add $(HOSTBUILD)/cvconfig-riscv64:bin/cvconfig \
		--add $(DEMO_DIR)/zone2.bundle:root/zone2.bundle \
		--add configs/qemu-virt-riscv64-zone2.json:root/zone2.json \
		--add $(GUEST_DIR)/guest.bin:root/guest.bin \
		| gzip -9n > $(DEMO_DIR)/initrd-zones.gz

.PHONY: demo-images

# The virtio demo (CONFIG=qemu-virt-riscv64-virtio, docs/virtio.md), as on
# aarch64: the root zone serves zone 1's disk, console and network from
# userspace; zone 1 is the trixie kernel again. The /init scripts and the
# disk's init are aarch64's (plain busybox shell, nothing arch-specific);
# the modules come from the riscv64 kernel package (.ko.xz, some options
# built in: scripts/fetch-riscv64-modules).
MODULES_DIR = $(LINUX_CACHE)/modules
$(MODULES_DIR)/.ok: $(LINUX_CACHE)/.ok
	@scripts/fetch-riscv64-modules >/dev/null

VIRTIO_CLI := $(CLI_DIR)/cvisor-riscv64
include arch/virtio-images.mk
