/*
 * Bundles built by hand for the validator's tests (test_config.c,
 * test_config_pci.c): the header, the zone table (zeroed, for the test
 * to fill) and room for images after it; the zone-record helpers both
 * use; and the check of a rejection. Include after <cmocka.h>.
 */
#ifndef CVISOR_TESTS_UNIT_CONFIG_BUNDLE_H
#define CVISOR_TESTS_UNIT_CONFIG_BUNDLE_H

#include <stdlib.h>
#include <string.h>

#include "cvisor/config.h"
#include "cvisor/errno.h"
#include "tests/unit/seal.h"

#define TEST_BUNDLE_MAX_ZONES 4u

struct bundle {
	u8 *data;
	u64 size;
	struct cv_bundle_header *hdr;
	struct cv_zone_config *zone[TEST_BUNDLE_MAX_ZONES];
};

/* Where the images start in a bundle of nr_zones zones. */
static inline u64 test_bundle_images(u32 nr_zones)
{
	return ALIGN_UP(sizeof(struct cv_bundle_header) +
			    nr_zones * sizeof(struct cv_zone_config),
			CV_IMAGE_ALIGN);
}

/* nr_zones empty zones and image_bytes of (zeroed) images; not sealed. */
static inline struct bundle *test_bundle_new(u32 nr_zones, u64 image_bytes)
{
	struct bundle *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	assert_true(nr_zones <= TEST_BUNDLE_MAX_ZONES);
	b->size = test_bundle_images(nr_zones) + image_bytes;
	b->data = calloc(1, b->size);
	assert_non_null(b->data);
	b->hdr = (struct cv_bundle_header *)b->data;
	*b->hdr = (struct cv_bundle_header){
	    .magic = CV_BUNDLE_MAGIC,
	    .version = CV_BUNDLE_VERSION,
	    .total_size = b->size,
	    .header_size = sizeof(struct cv_bundle_header),
	    .zone_size = sizeof(struct cv_zone_config),
	    .zones_offset = sizeof(struct cv_bundle_header),
	    .nr_zones = nr_zones,
	};
	for (u32 z = 0; z < nr_zones; z++)
		b->zone[z] = (struct cv_zone_config *)cv_bundle_zone(b->hdr, z);
	return b;
}

/* A cmocka teardown for a test whose *state is a test_bundle_new(). */
static inline int test_bundle_free(void **state)
{
	struct bundle *b = *state;

	free(b->data);
	free(b);
	return 0;
}

static inline void add_device(struct cv_zone_config *zc, const char *name,
			      u64 base, u64 size)
{
	struct cv_device *d = &zc->devices[zc->nr_devices++];

	strcpy(d->name, name);
	d->base = base;
	d->size = size;
}

/* A rejection: EINVAL, naming that zone and field, the reason containing
 * keyword. */
static inline void assert_error(int ret, const struct cv_config_error *err,
				int zone, const char *field,
				const char *keyword)
{
	assert_int_equal(ret, -CV_EINVAL);
	assert_int_equal(err->zone, zone);
	assert_string_equal(err->field, field);
	if (!strstr(err->reason, keyword))
		fail_msg("reason \"%s\" lacks \"%s\"", err->reason, keyword);
}

#endif
