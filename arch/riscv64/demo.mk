# The riscv64 Linux images (included by the top Makefile): Debian's trixie
# kernel and the busybox initramfs images scripts/fetch-riscv64-linux
# builds, taken from the cache as they are.
DEMO_DIR = $(LINUX_CACHE)

demo-images: $(LINUX_CACHE)/.ok

.PHONY: demo-images
