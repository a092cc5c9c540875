# The x86_64 Linux images (included by the top Makefile): Debian's
# linux-image-cloud-amd64 (fetched with apt into the cache, used as
# shipped) and busybox initramfs images built from guests/x86_64-linux/
# (rebuilt here, so an edited /init is always the one that boots).

DEMO_DIR := $(TOP)/build/x86_64-demo
MKINITRAMFS := /usr/bin/python3 scripts/mkinitramfs.py

demo-images: $(LINUX_CACHE)/.ok
	@mkdir -p $(DEMO_DIR)
	@cp -f $(LINUX_CACHE)/bzImage $(DEMO_DIR)/
	@for f in shell test; do \
		$(MKINITRAMFS) --busybox $(LINUX_CACHE)/busybox \
			--init guests/x86_64-linux/init-$$f \
			| gzip -9n > $(DEMO_DIR)/initrd-$$f.gz; \
	done

.PHONY: demo-images
