/*
 * cvconfig --place-root-images: the root zone's kernel and initrd are not
 * stored in the bundle but loaded by the boot loader where they run
 * (CV_IMAGE_PLACED, cvisor/config.h), so cvisor neither copies nor reads
 * them (beyond each one's first 4 KiB, its head sum). Next to the bundle
 * go one file per placed image and <bundle>.loads, one line per image:
 * "<host-physical address in hex> <file>", which scripts/run-aarch64 turns
 * into QEMU -device loader options.
 */
#ifndef CVCONFIG_PLACE_H
#define CVCONFIG_PLACE_H

#include "cvisor/config.h"

/* Image k (0 kernel, 1 initrd, 2 dtb) of zone zc may be placed. */
bool place_allowed(const struct cv_zone_config *zc, u32 k);

/* The host-physical address of [ipa, ipa+size) in the zone's memory:
 * 0 and *pa set, or -1 when no memory region holds all of it. */
int place_pa(const struct cv_zone_config *zc, u64 ipa, u64 size, u64 *pa);

/* Remove <bundle>.loads (a bundle built without placement: a stale list
 * would load old images over the zone's memory). */
void place_forget(const char *bundle_path);

/* One placed image: write <bundle>.<name> and add its line to
 * <bundle>.loads (created by the first call of a build: first true).
 * 0, or -1 with the reason on stderr. */
int place_write(const char *bundle_path, const char *name, bool first, u64 pa,
		const u8 *data, u64 size);

#endif
