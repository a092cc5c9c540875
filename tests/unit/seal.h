/* For the tests that build bundles by hand: the sums cvconfig writes. */
#ifndef CVISOR_TESTS_UNIT_SEAL_H
#define CVISOR_TESTS_UNIT_SEAL_H

#include "cvisor/config.h"

/* Each in-bundle image's head sum, then the header's checksum (over the
 * header and the zone table); images outside the bundle are left alone
 * (the validator names them). */
static inline void test_seal_bundle(void *bundle, u64 size)
{
	struct cv_bundle_header *h = bundle;

	/* Zone records only where this build's layout has them (a damaged
	 * header's are refused before any image is looked at). */
	bool table = h->zones_offset % 8 == 0 &&
		     h->zone_size == sizeof(struct cv_zone_config);

	for (u32 z = 0; table && z < h->nr_zones; z++) {
		struct cv_zone_config *zc =
		    (struct cv_zone_config *)cv_bundle_zone(h, z);
		struct cv_image *img[3] = {&zc->kernel, &zc->initrd, &zc->dtb};

		if ((u8 *)(zc + 1) > (u8 *)bundle + size)
			break;
		for (u32 k = 0; k < 3; k++) {
			if (!img[k]->size ||
			    (img[k]->flags & CV_IMAGE_PLACED) ||
			    img[k]->offset > size ||
			    img[k]->size > size - img[k]->offset)
				continue;
			img[k]->head_sum = cv_image_head_sum(
			    (u8 *)bundle + img[k]->offset, img[k]->size);
		}
	}
	h->checksum = cv_bundle_checksum(bundle, cv_bundle_meta_size(h, size));
}

#endif
