# The loongarch64 Linux images (included by the top Makefile): Debian's sid
# kernel (EFI zboot vmlinuz; cvconfig unwraps it) and the busybox initramfs
# images scripts/fetch-loongarch64-linux builds, taken from the cache.
DEMO_DIR = $(LINUX_CACHE)

demo-images: $(LINUX_CACHE)/.ok

.PHONY: demo-images
