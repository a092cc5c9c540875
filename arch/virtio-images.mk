# The virtio demo's initramfs images and zone disk (docs/virtio.md), the
# same on every arch that has it: the root zone's initramfs carries the
# daemon (the CLI) and the virtio modules, zone 1's the modules, both with
# aarch64's plain busybox /init scripts; the disk is ZONE_DISK, or a fresh
# default built by scripts/mkzonedisk. An arch's demo.mk sets
#
#   DEMO_DIR, MKINITRAMFS, LINUX_CACHE (as for its demo-images)
#   MODULES_DIR          the virtio modules and their load order
#   VIRTIO_CLI           the root's CLI binary (becomes bin/cvisor)
#   VIRTIO_ROOT_ADD      more --add arguments for the root's initramfs
#
# and a rule for $(MODULES_DIR)/.ok, then includes this.

ZONE_DISK_DEFAULT := $(DEMO_DIR)/zone-disk.img
VIRTIO_MODS = $(foreach m,$(shell cat $(MODULES_DIR)/order 2>/dev/null),\
	--add $(MODULES_DIR)/$(m):lib/cvisor-modules/$(m)) \
	--add $(MODULES_DIR)/order:lib/cvisor-modules/order

virtio-images: demo-images $(MODULES_DIR)/.ok
	@echo "  INITRD  $(DEMO_DIR)/initrd-virtio.gz (root: daemon, modules)"
	@$(MKINITRAMFS) --busybox $(LINUX_CACHE)/busybox \
		--init guests/aarch64-linux/init-virtio \
		--add $(VIRTIO_CLI):bin/cvisor $(VIRTIO_MODS) $(VIRTIO_ROOT_ADD) \
		| gzip -9n > $(DEMO_DIR)/initrd-virtio.gz
	@echo "  INITRD  $(DEMO_DIR)/initrd-virtio-zone.gz (zone 1: modules)"
	@$(MKINITRAMFS) --busybox $(LINUX_CACHE)/busybox \
		--init guests/aarch64-linux/init-virtio-zone $(VIRTIO_MODS) \
		| gzip -9n > $(DEMO_DIR)/initrd-virtio-zone.gz
ifeq ($(ZONE_DISK),)
	@echo "  DISK    $(ZONE_DISK_DEFAULT) (ext4, mke2fs -d)"
	@scripts/mkzonedisk $(LINUX_CACHE)/busybox $(ZONE_DISK_DEFAULT) >/dev/null
endif

.PHONY: virtio-images
