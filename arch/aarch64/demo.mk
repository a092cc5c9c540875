# The aarch64 demo images (included by the top Makefile): Debian's Linux as
# the root zone, whose initramfs carries the management CLI and a bundle of
# a zone it can start; the IVC echo guest; the bare-metal test guest. The
# Linux configurations take their images from DEMO_DIR.

IVC_DIR := $(TOP)/build/guest-aarch64-ivc
CLI_DIR := $(TOP)/build/cvisor-cli
DEMO_DIR := $(TOP)/build/aarch64-demo
MKINITRAMFS := /usr/bin/python3 scripts/mkinitramfs.py

# The root zone's disk and network in the zones demo are virtio-pci
# functions behind the SMMU (docs/iommu.md): its initramfs loads the
# modules (modules-pci/), its disk is ROOT_DISK (scripts/mkrootdisk, built
# once: what the root writes there stays).
PCI_MODULES_DIR = $(LINUX_CACHE)/modules-pci
# pci_mods(folder in the initramfs)
pci_mods = $(foreach m,$(shell cat $(PCI_MODULES_DIR)/order 2>/dev/null),\
	--add $(PCI_MODULES_DIR)/$(m):$(1)/$(m)) \
	--add $(PCI_MODULES_DIR)/order:$(1)/order

$(PCI_MODULES_DIR)/.ok: $(LINUX_CACHE)/.ok
	@scripts/fetch-aarch64-modules pci >/dev/null

$(ROOT_DISK): scripts/mkrootdisk
	@mkdir -p $(dir $@)
	@echo "  DISK    $@ (ext4, mke2fs -d)"
	@scripts/mkrootdisk $@ >/dev/null

demo-images: guest $(CVCONFIG) $(LINUX_CACHE)/.ok $(PCI_MODULES_DIR)/.ok \
	$(ROOT_DISK)
	@$(MAKE) -s -C guests/aarch64-ivc O=$(IVC_DIR) CROSS=$(CROSS)
	@$(MAKE) -s -C tools/cvisor-cli O=$(CLI_DIR) $(CLI_DIR)/cvisor
	@$(MAKE) -s -C tools/cvconfig O=$(HOSTBUILD) $(HOSTBUILD)/cvconfig-arm64
	@mkdir -p $(DEMO_DIR)
	@cp -f $(LINUX_CACHE)/Image $(LINUX_CACHE)/initrd-shell.gz \
		$(LINUX_CACHE)/initrd-test.gz $(GUEST_DIR)/guest.bin \
		$(IVC_DIR)/ivc-guest.bin $(DEMO_DIR)/
	@$(CVCONFIG) build configs/qemu-virt-aarch64-zone2.json --add-zone \
		--image-dir $(GUEST_DIR) -o $(DEMO_DIR)/zone2.bundle
	@echo "  INITRD  $(DEMO_DIR)/initrd-zones.gz (busybox, cvisor, cvconfig, zone 2, modules)"
	@$(MKINITRAMFS) --busybox $(LINUX_CACHE)/busybox \
		--init guests/aarch64-linux/init-zones \
		$(call pci_mods,lib/cvisor-modules) \
		--add $(CLI_DIR)/cvisor:bin/cvisor \
		--add $(HOSTBUILD)/cvconfig-arm64:bin/cvconfig \
		--add $(DEMO_DIR)/zone2.bundle:root/zone2.bundle \
		--add configs/qemu-virt-aarch64-zone2.json:root/zone2.json \
		--add $(GUEST_DIR)/guest.bin:root/guest.bin \
		| gzip -9n > $(DEMO_DIR)/initrd-zones.gz

.PHONY: demo-images

# The virtio demo (CONFIG=qemu-virt-aarch64-virtio, docs/virtio.md): the
# root zone serves zone 1's disk, console and network from userspace; zone
# 1 is Debian's kernel again, whose initramfs loads the virtio modules and
# switches root to the disk. The disk is the root zone's virtio-blk-pci
# behind the SMMU (with a virtio-net-pci, as in the zones demo; the root's
# initramfs also loads modules-pci/): ZONE_DISK, or a fresh default built
# by scripts/mkzonedisk.
MODULES_DIR = $(LINUX_CACHE)/modules
$(MODULES_DIR)/.ok: $(LINUX_CACHE)/.ok
	@scripts/fetch-aarch64-modules virtio >/dev/null

VIRTIO_CLI := $(CLI_DIR)/cvisor
VIRTIO_ROOT_ADD = $(call pci_mods,lib/cvisor-modules-pci)
include arch/virtio-images.mk

-include arch/aarch64/virtio-bad.mk
