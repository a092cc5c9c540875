# The hostile virtio test (CONFIG=qemu-virt-aarch64-virtio-bad,
# guests/aarch64-virtio-bad/README.md): the root zone serves zone 1's disk
# as in the virtio demo; zone 1 is the bare-metal guest that attacks it.
# Its disk holds the pattern the guest checks (scripts/mkvbaddisk).
VBAD_DIR := $(TOP)/build/guest-aarch64-virtio-bad
VBAD_DISK := $(DEMO_DIR)/vbad-disk.img

virtio-bad-images: virtio-images
	@$(MAKE) -s -C guests/aarch64-virtio-bad O=$(VBAD_DIR) CROSS=$(CROSS)
	@cp -f $(VBAD_DIR)/vbad.bin $(DEMO_DIR)/
	@echo "  INITRD  $(DEMO_DIR)/initrd-virtio-bad.gz (root: daemon, modules)"
	@$(MKINITRAMFS) --busybox $(LINUX_CACHE)/busybox \
		--init guests/aarch64-linux/init-virtio-bad \
		--add $(CLI_DIR)/cvisor:bin/cvisor $(VIRTIO_MODS) \
		$(call pci_mods,lib/cvisor-modules-pci) \
		| gzip -9n > $(DEMO_DIR)/initrd-virtio-bad.gz
	@scripts/mkvbaddisk $(VBAD_DISK)

.PHONY: virtio-bad-images
