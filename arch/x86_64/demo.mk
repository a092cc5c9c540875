# The x86_64 Linux images (included by the top Makefile): Debian's
# linux-image-cloud-amd64 and the busybox initramfs images that
# scripts/fetch-x86_64-linux builds, taken from the cache as they are.
DEMO_DIR = $(LINUX_CACHE)

demo-images: $(LINUX_CACHE)/.ok

.PHONY: demo-images
