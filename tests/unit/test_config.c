/*
 * Unit tests for core/config_check.c: a valid two-zone bundle is built in
 * memory before every test (for the shared-memory tests, with a link between
 * the two zones); each test breaks exactly one rule and checks the error
 * code, the zone index, the field and a key word of the reason.
 *
 * cc -std=c11 -g -fsanitize=address,undefined -Iinclude -I. \
 *    tests/unit/test_config.c core/config_check.c -lcmocka \
 *    -o build/unit/test_config
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/config_bundle.h"

#define KERNEL_SIZE   0x2000u
#define INITRD_SIZE   0x1000u
#define NR_TEST_ZONES 2u
#define SHM_IPA	      0x7f000000u
#define SHM_PA	      0x54000000u
#define SHM_SIZE      KiB(64)

/* The bundle under test (config_bundle.h): zone[0] is "root", zone[1] is
 * "linux". */

static const struct cv_platform_limits test_platform = {
    .nr_cpus = 4,
    .nr_irqs = 288,
    .first_spi = 32,
    .irq_kind = "SPI",
    .nr_ram = 1,
    .ram = {{.base = 0x40000000, .size = GiB(2)}},
    .hv_base = 0x40000000,
    .hv_size = MiB(128),
};

static u64 images_start(void)
{
	return test_bundle_images(NR_TEST_ZONES);
}

static void add_mem(struct cv_zone_config *zc, u64 ipa, u64 pa, u64 size)
{
	zc->mem[zc->nr_mem++] = (struct cv_mem_region){
	    .ipa = ipa, .pa = pa, .size = size, .flags = CV_MEM_RWX};
}

static void add_irq(struct cv_zone_config *zc, u32 irq)
{
	zc->irqs[zc->nr_irqs++] = irq;
}

static void set_image(struct cv_image *img, u64 offset, u64 size, u64 load_ipa)
{
	*img = (struct cv_image){
	    .offset = offset, .size = size, .load_ipa = load_ipa};
}

static void set_console(struct cv_zone_config *zc, u64 base, u32 irq)
{
	zc->console = (struct cv_console){
	    .type = CV_CONSOLE_PL011, .base = base, .irq = irq};
}

static void add_shm(struct cv_zone_config *zc, u64 ipa, u64 pa, u64 size,
		    u32 peer, u32 doorbell_irq)
{
	zc->shm[zc->nr_shm++] = (struct cv_shm){.ipa = ipa,
						.pa = pa,
						.size = size,
						.peer = peer,
						.doorbell_irq = doorbell_irq};
}

static void fill_root_zone(struct cv_zone_config *zc, u64 images)
{
	strcpy(zc->name, "root");
	zc->id = 0;
	zc->flags = CV_ZONE_ROOT | CV_ZONE_AUTOSTART;
	zc->cpus = 0x3;
	add_mem(zc, 0x40000000, 0x50000000, MiB(16));
	add_device(zc, "uart", 0x09000000, 0x1000);
	add_irq(zc, 33);
	set_image(&zc->kernel, images, KERNEL_SIZE, 0x40080000);
	zc->entry_ipa = 0x40080000;
	strcpy(zc->cmdline, "console=ttyAMA0");
}

static void fill_linux_zone(struct cv_zone_config *zc, u64 images)
{
	strcpy(zc->name, "linux");
	zc->id = 1;
	zc->cpus = 0x4;
	add_mem(zc, 0x40000000, 0x52000000, MiB(16));
	add_mem(zc, 0x80000000, 0x53000000, MiB(1));
	add_device(zc, "rtc", 0x09010000, 0x1000);
	add_irq(zc, 34);
	add_irq(zc, 35);
	set_image(&zc->kernel, images + KERNEL_SIZE, KERNEL_SIZE, 0x40080000);
	set_image(&zc->initrd, images + 2 * KERNEL_SIZE, INITRD_SIZE,
		  0x40800000);
}

static void fill_image_bytes(struct bundle *b)
{
	for (u64 i = images_start(); i < b->size; i++)
		b->data[i] = (u8)(i * 7 + 1);
}

static void seal(struct bundle *b)
{
	test_seal_bundle(b->data, b->size);
}

static int setup_bundle(void **state)
{
	struct bundle *b =
	    test_bundle_new(NR_TEST_ZONES, 2 * KERNEL_SIZE + INITRD_SIZE);
	u64 images = images_start();

	fill_root_zone(b->zone[0], images);
	fill_linux_zone(b->zone[1], images);
	fill_image_bytes(b);
	seal(b);
	*state = b;
	return 0;
}

/* The same bundle with a shared-memory link between "root" and "linux". */
static int setup_linked_bundle(void **state)
{
	struct bundle *b;

	setup_bundle(state);
	b = *state;
	add_shm(b->zone[0], SHM_IPA, SHM_PA, SHM_SIZE, 1, 40);
	add_shm(b->zone[1], SHM_IPA, SHM_PA, SHM_SIZE, 0, 41);
	seal(b);
	return 0;
}

/* Validate the bundle exactly as it is (checksum not recomputed). */
static void assert_rejected_as_is(struct bundle *b,
				  const struct cv_platform_limits *plat,
				  int zone, const char *field,
				  const char *keyword)
{
	struct cv_config_error err;
	int ret = cv_config_validate(b->data, b->size, plat, &err);

	assert_error(ret, &err, zone, field, keyword);
}

/* Reseal the modified bundle, then validate it. */
static void assert_rejected(void **state, const struct cv_platform_limits *plat,
			    int zone, const char *field, const char *keyword)
{
	struct bundle *b = *state;

	seal(b);
	assert_rejected_as_is(b, plat, zone, field, keyword);
}

static struct cv_zone_config *zone(void **state, u32 z)
{
	return ((struct bundle *)*state)->zone[z];
}

static struct cv_bundle_header *header(void **state)
{
	return ((struct bundle *)*state)->hdr;
}

/* ---- Bundles that add one zone to a running system ---- */

/* Turn the linked bundle into one that adds zone "linux" alone: its link
 * names zone 0, which is not in the bundle (it runs already). */
static void make_add_zone(void **state)
{
	memcpy(zone(state, 0), zone(state, 1), sizeof(struct cv_zone_config));
	header(state)->nr_zones = 1;
	header(state)->flags = CV_BUNDLE_ADD_ZONE;
	seal(*state);
}

static void test_add_zone_bundle_passes(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	make_add_zone(state);
	assert_int_equal(
	    cv_config_validate(b->data, b->size, &test_platform, &err), 0);
}

static void test_add_zone_bundle_with_root_refused(void **state)
{
	make_add_zone(state);
	zone(state, 0)->flags |= CV_ZONE_ROOT;
	zone(state, 0)->id = 0;
	zone(state, 0)->shm[0].peer = 1;
	assert_rejected(state, NULL, 0, "flags", "adds a zone");
}

static void test_add_zone_bundle_with_two_zones_refused(void **state)
{
	header(state)->flags = CV_BUNDLE_ADD_ZONE;
	assert_rejected(state, NULL, -1, "header.nr_zones", "exactly one");
}

static void test_boot_bundle_peer_must_exist(void **state)
{
	make_add_zone(state);
	header(state)->flags = 0;
	zone(state, 0)->flags |= CV_ZONE_ROOT;
	zone(state, 0)->id = 0;
	zone(state, 0)->shm[0].peer = 5;
	assert_rejected(state, NULL, 0, "shm[0].peer", "not the id");
}

/* ---- Valid bundles ---- */

static void test_valid_bundle_passes(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err), 0);
	assert_int_equal(err.zone, -1);
	assert_string_equal(err.field, "");
}

static void test_valid_bundle_passes_on_platform(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	assert_int_equal(
	    cv_config_validate(b->data, b->size, &test_platform, &err), 0);
}

static void test_valid_pl011_console_passes(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	set_console(b->zone[1], 0x09000000, 40);
	seal(b);
	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err), 0);
	assert_int_equal(
	    cv_config_validate(b->data, b->size, &test_platform, &err), 0);
}

/* Each zone has its own virtual console: the same base and irq are fine. */
static void test_same_console_in_two_zones_passes(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	set_console(b->zone[0], 0x09040000, 40);
	set_console(b->zone[1], 0x09040000, 40);
	seal(b);
	assert_int_equal(
	    cv_config_validate(b->data, b->size, &test_platform, &err), 0);
}

static void test_null_error_pointer_is_allowed(void **state)
{
	struct bundle *b = *state;

	assert_int_equal(cv_config_validate(b->data, b->size, NULL, NULL), 0);
	b->hdr->magic = 0;
	assert_int_equal(cv_config_validate(b->data, b->size, NULL, NULL),
			 -CV_EINVAL);
}

/* ---- Checksum ---- */

/* Reference values of the documented algorithm, computed by hand from
 * docs/config.md: FNV-1a 64 over little-endian words, folded. */
static u32 reference_checksum(const u8 *p, u64 n)
{
	u64 hash = 0xcbf29ce484222325ull;

	for (u64 off = 0; off < n; off += 8) {
		u64 w = 0;

		for (u64 i = 0; i < 8 && off + i < n; i++)
			if (off + i < 32 || off + i >= 36)
				w |= (u64)p[off + i] << (8 * i);
		hash = (hash ^ w) * 0x00000100000001b3ull;
	}
	return (u32)(hash ^ (hash >> 32));
}

static void test_checksum_is_word_fnv1a_64_folded(void **state)
{
	static const u8 odd[13] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
	struct bundle *b = *state;

	(void)state;
	/* Empty input: the offset basis folded. */
	assert_int_equal(
	    cv_bundle_checksum("", 0),
	    (u32)(0xcbf29ce484222325ull ^ (0xcbf29ce484222325ull >> 32)));
	/* "a": one word 0x61. */
	assert_int_equal(cv_bundle_checksum("a", 1),
			 reference_checksum((const u8 *)"a", 1));
	/* A partial last word, and an unaligned start. */
	assert_int_equal(cv_bundle_checksum(odd, 13),
			 reference_checksum(odd, 13));
	assert_int_equal(cv_bundle_checksum(odd + 1, 12),
			 reference_checksum(odd + 1, 12));
	/* A whole bundle. */
	assert_int_equal(cv_bundle_checksum(b->data, b->size),
			 reference_checksum(b->data, b->size));
	/* Every byte matters (but the checksum field's). */
	b->data[b->size - 1] ^= 1;
	assert_int_not_equal(cv_bundle_checksum(b->data, b->size),
			     b->hdr->checksum);
}

static void test_checksum_ignores_checksum_field(void **state)
{
	struct bundle *b = *state;
	u32 sum = cv_bundle_checksum(b->data, b->size);

	b->hdr->checksum = 0xdeadbeef;
	assert_int_equal(cv_bundle_checksum(b->data, b->size), sum);
}

/* ---- Header ---- */

static void test_null_bundle(void **state)
{
	struct cv_config_error err;
	int ret = cv_config_validate(NULL, 4096, NULL, &err);

	(void)state;
	assert_error(ret, &err, -1, "header", "NULL");
}

static void test_bundle_smaller_than_header(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;
	int ret = cv_config_validate(b->data, 16, NULL, &err);

	assert_error(ret, &err, -1, "header", "smaller");
}

static void test_misaligned_bundle(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;
	u8 *copy = malloc(b->size + 8);
	int ret;

	memcpy(copy + 1, b->data, b->size);
	ret = cv_config_validate(copy + 1, b->size, NULL, &err);
	free(copy);
	assert_error(ret, &err, -1, "header", "aligned");
}

static void test_bad_magic(void **state)
{
	header(state)->magic = 0x12345678;
	assert_rejected(state, NULL, -1, "header.magic", "CVBN");
}

static void test_bad_version(void **state)
{
	header(state)->version = 2;
	assert_rejected(state, NULL, -1, "header.version", "reads version 1");
}

static void test_header_size_drift(void **state)
{
	header(state)->header_size += 8;
	assert_rejected(state, NULL, -1, "header.header_size", "layout drift");
}

static void test_zone_size_drift(void **state)
{
	header(state)->zone_size -= 8;
	assert_rejected(state, NULL, -1, "header.zone_size", "layout drift");
}

static void test_total_size_mismatch(void **state)
{
	header(state)->total_size += 4096;
	assert_rejected(state, NULL, -1, "header.total_size", "bundle is");
}

/* The header's checksum covers the header and the zone table. */
static void test_checksum_mismatch(void **state)
{
	struct bundle *b = *state;

	b->data[sizeof(struct cv_bundle_header) + CV_NAME_LEN] ^= 0x40;
	assert_rejected_as_is(b, NULL, -1, "header.checksum", "corrupt");
}

/* An image's first 4 KiB and size against its head sum (the last byte of
 * the bundle is zone 1's 4 KiB initrd's). */
static void test_image_head_mismatch(void **state)
{
	struct bundle *b = *state;

	b->data[b->size - 1] ^= 0x40;
	assert_rejected_as_is(b, NULL, 1, "initrd.head_sum", "corrupt");
	b->data[b->size - 1] ^= 0x40;
	zone(state, 1)->initrd.size -= 8; /* the table resealed, not the sum */
	b->hdr->checksum =
	    cv_bundle_checksum(b->data, cv_bundle_meta_size(b->hdr, b->size));
	assert_rejected_as_is(b, NULL, 1, "initrd.head_sum", "corrupt");
}

/* What is not checked: an image's bytes past its first 4 KiB (zone 0's
 * kernel is 8 KiB), which only its guest reads. */
static void test_image_past_its_head_is_not_summed(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	b->data[zone(state, 0)->kernel.offset + CV_IMAGE_HEAD + 8] ^= 0x40;
	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err), 0);
}

/* ---- Images the boot loader placed (cvconfig --place-root-images) ---- */

static void place(struct cv_image *img)
{
	img->flags = CV_IMAGE_PLACED;
	img->offset = 0;
}

static void test_placed_root_images_pass(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	place(&zone(state, 0)->kernel);
	seal(b);
	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err), 0);
}

static void test_placed_image_of_another_zone_is_refused(void **state)
{
	place(&zone(state, 1)->initrd);
	assert_rejected(state, NULL, 1, "initrd.flags", "only the root");
}

static void test_placed_dtb_is_refused(void **state)
{
	struct cv_image *dtb = &zone(state, 0)->dtb;

	*dtb = zone(state, 0)->kernel;
	dtb->load_ipa = 0x40c00000;
	place(dtb);
	assert_rejected(state, NULL, 0, "dtb.flags", "only the root");
}

static void test_placed_image_with_offset_is_refused(void **state)
{
	struct cv_image *k = &zone(state, 0)->kernel;
	u64 offset = k->offset;

	place(k);
	k->offset = offset;
	assert_rejected(state, NULL, 0, "kernel.offset", "not in the bundle");
}

static void test_placed_image_outside_memory_is_refused(void **state)
{
	struct cv_image *k = &zone(state, 0)->kernel;

	place(k);
	k->load_ipa = 0x40000000 + MiB(16) - 0x1000; /* 8 KiB: past the end */
	assert_rejected(state, NULL, 0, "kernel.load_ipa", "not inside");
	k->load_ipa = 0;
	assert_rejected(state, NULL, 0, "kernel.load_ipa", "placed");
}

static void test_image_flags_unknown_or_on_absent_image(void **state)
{
	zone(state, 0)->kernel.flags = 2;
	assert_rejected(state, NULL, 0, "kernel.flags", "unknown bits");
	zone(state, 0)->kernel.flags = 0;
	zone(state, 0)->initrd.flags = CV_IMAGE_PLACED;
	assert_rejected(state, NULL, 0, "initrd.flags", "absent");
}

static void test_header_unknown_flags(void **state)
{
	header(state)->flags = 0x10;
	assert_rejected(state, NULL, -1, "header.flags", "unknown bits");
}

static void test_no_zones(void **state)
{
	header(state)->nr_zones = 0;
	assert_rejected(state, NULL, -1, "header.nr_zones", "1..8");
}

static void test_too_many_zones(void **state)
{
	header(state)->nr_zones = CV_MAX_ZONES + 1;
	assert_rejected(state, NULL, -1, "header.nr_zones", "is 9");
}

static void test_zones_offset_inside_header(void **state)
{
	header(state)->zones_offset = 8;
	assert_rejected(state, NULL, -1, "header.zones_offset", "inside");
}

static void test_zones_offset_misaligned(void **state)
{
	header(state)->zones_offset += 4;
	assert_rejected(state, NULL, -1, "header.zones_offset", "aligned");
}

static void test_zone_table_beyond_bundle(void **state)
{
	struct bundle *b = *state;

	b->hdr->zones_offset = b->size - sizeof(struct cv_zone_config);
	assert_rejected(state, NULL, -1, "header.zones_offset", "beyond");
}

/* ---- Zones on their own ---- */

static void test_name_not_terminated(void **state)
{
	memset(zone(state, 1)->name, 'x', CV_NAME_LEN);
	assert_rejected(state, NULL, 1, "name", "NUL-terminated");
}

static void test_name_empty(void **state)
{
	zone(state, 1)->name[0] = '\0';
	assert_rejected(state, NULL, 1, "name", "empty");
}

static void test_zone_flags_unknown(void **state)
{
	zone(state, 1)->flags |= 1u << 7;
	assert_rejected(state, NULL, 1, "flags", "unknown bits 0x80");
}

static void test_root_zone_id_not_zero(void **state)
{
	zone(state, 0)->id = 5;
	assert_rejected(state, NULL, 0, "id", "must have id 0");
}

static void test_zone_reserved(void **state)
{
	zone(state, 1)->reserved = 1;
	assert_rejected(state, NULL, 1, "reserved", "must be 0");
}

static void test_no_cpus(void **state)
{
	zone(state, 1)->cpus = 0;
	assert_rejected(state, NULL, 1, "cpus", "empty");
}

static void test_no_memory(void **state)
{
	zone(state, 1)->nr_mem = 0;
	assert_rejected(state, NULL, 1, "nr_mem", "at least one");
}

static void test_too_many_mem_regions(void **state)
{
	zone(state, 1)->nr_mem = CV_MAX_MEM_REGIONS + 1;
	assert_rejected(state, NULL, 1, "nr_mem", "at most 8");
}

static void test_too_many_devices(void **state)
{
	zone(state, 1)->nr_devices = CV_MAX_DEVICES + 1;
	assert_rejected(state, NULL, 1, "nr_devices", "at most 16");
}

static void test_too_many_irqs(void **state)
{
	zone(state, 1)->nr_irqs = CV_MAX_IRQS + 1;
	assert_rejected(state, NULL, 1, "nr_irqs", "at most 128");
}

static void test_mem_size_zero(void **state)
{
	zone(state, 1)->mem[1].size = 0;
	assert_rejected(state, NULL, 1, "mem[1].size", "is 0");
}

static void test_mem_size_misaligned(void **state)
{
	zone(state, 1)->mem[1].size += 0x800;
	assert_rejected(state, NULL, 1, "mem[1].size", "4 KiB");
}

static void test_mem_ipa_misaligned(void **state)
{
	zone(state, 1)->mem[1].ipa += 0x10;
	assert_rejected(state, NULL, 1, "mem[1].ipa", "4 KiB");
}

static void test_mem_pa_misaligned(void **state)
{
	zone(state, 1)->mem[1].pa += 0x10;
	assert_rejected(state, NULL, 1, "mem[1].pa", "4 KiB");
}

static void test_mem_ipa_wraps(void **state)
{
	zone(state, 1)->mem[1].ipa = ~(u64)0 - MiB(1) + 1;
	assert_rejected(state, NULL, 1, "mem[1].ipa", "wraps");
}

static void test_mem_pa_wraps(void **state)
{
	zone(state, 1)->mem[1].pa = 0xfffffffffff80000;
	assert_rejected(state, NULL, 1, "mem[1].pa", "wraps");
}

static void test_mem_flags_unknown(void **state)
{
	zone(state, 1)->mem[1].flags |= 1u << 4;
	assert_rejected(state, NULL, 1, "mem[1].flags", "unknown bits 0x10");
}

static void test_mem_reserved(void **state)
{
	zone(state, 1)->mem[1].reserved = 3;
	assert_rejected(state, NULL, 1, "mem[1].reserved", "must be 0");
}

static void test_mem_ipa_overlap_in_zone(void **state)
{
	zone(state, 1)->mem[1].ipa = 0x40fff000;
	assert_rejected(state, NULL, 1, "mem[1].ipa",
			"overlaps mem[0] 0x40000000+0x1000000");
}

static void test_device_name_not_terminated(void **state)
{
	memset(zone(state, 1)->devices[0].name, 'd', CV_NAME_LEN);
	assert_rejected(state, NULL, 1, "devices[0].name", "NUL-terminated");
}

static void test_device_name_empty(void **state)
{
	zone(state, 1)->devices[0].name[0] = '\0';
	assert_rejected(state, NULL, 1, "devices[0].name", "empty");
}

static void test_device_size_zero(void **state)
{
	zone(state, 1)->devices[0].size = 0;
	assert_rejected(state, NULL, 1, "devices[0].size", "is 0");
}

static void test_device_size_misaligned(void **state)
{
	zone(state, 1)->devices[0].size = 0x100;
	assert_rejected(state, NULL, 1, "devices[0].size", "4 KiB");
}

static void test_device_base_misaligned(void **state)
{
	zone(state, 1)->devices[0].base += 0x200;
	assert_rejected(state, NULL, 1, "devices[0].base", "4 KiB");
}

static void test_device_wraps(void **state)
{
	zone(state, 1)->devices[0].base = 0xfffffffffffff000;
	assert_rejected(state, NULL, 1, "devices[0].base", "wraps");
}

static void test_kernel_missing(void **state)
{
	zone(state, 0)->kernel.size = 0;
	assert_rejected(state, NULL, 0, "kernel.size", "needs a kernel");
}

static void test_absent_image_with_offset(void **state)
{
	zone(state, 0)->initrd.offset = images_start();
	assert_rejected(state, NULL, 0, "initrd.offset", "absent");
}

static void test_absent_image_with_load_ipa(void **state)
{
	zone(state, 0)->dtb.load_ipa = 0x40000000;
	assert_rejected(state, NULL, 0, "dtb.load_ipa", "absent");
}

static void test_image_offset_misaligned(void **state)
{
	zone(state, 1)->initrd.offset += 8;
	assert_rejected(state, NULL, 1, "initrd.offset", "4096-byte aligned");
}

static void test_image_outside_bundle(void **state)
{
	struct bundle *b = *state;

	b->zone[1]->initrd.offset = b->size;
	assert_rejected(state, NULL, 1, "initrd.offset",
			"not inside the bundle");
}

static void test_image_inside_zone_table(void **state)
{
	zone(state, 0)->kernel.offset = 0;
	assert_rejected(state, NULL, 0, "kernel.offset", "zone table");
}

static void test_image_load_outside_memory(void **state)
{
	zone(state, 0)->kernel.load_ipa = 0x40fff000;
	assert_rejected(state, NULL, 0, "kernel.load_ipa", "does not fit");
}

static void test_images_overlap_in_guest_memory(void **state)
{
	zone(state, 1)->initrd.load_ipa = 0x40081000;
	assert_rejected(state, NULL, 1, "initrd.load_ipa",
			"overlaps the kernel image");
}

static void test_entry_outside_memory(void **state)
{
	zone(state, 0)->entry_ipa = 0x30000000;
	assert_rejected(state, NULL, 0, "entry_ipa",
			"0x30000000 is not inside");
}

static void test_cmdline_not_terminated(void **state)
{
	memset(zone(state, 0)->cmdline, 'c', CV_CMDLINE_LEN);
	assert_rejected(state, NULL, 0, "cmdline", "NUL-terminated");
}

static void test_console_type_unknown(void **state)
{
	zone(state, 1)->console.type = 7;
	assert_rejected(state, NULL, 1, "console.type",
			"7 is not a known console type");
}

static void test_absent_console_with_base(void **state)
{
	zone(state, 1)->console.base = 0x09000000;
	assert_rejected(state, NULL, 1, "console.base", "absent (type none)");
}

static void test_absent_console_with_irq(void **state)
{
	zone(state, 1)->console.irq = 40;
	assert_rejected(state, NULL, 1, "console.irq", "absent (type none)");
}

static void test_console_base_zero(void **state)
{
	set_console(zone(state, 1), 0, 40);
	assert_rejected(state, NULL, 1, "console.base", "is 0");
}

static void test_console_base_misaligned(void **state)
{
	set_console(zone(state, 1), 0x09000800, 40);
	assert_rejected(state, NULL, 1, "console.base", "4 KiB");
}

static void test_console_base_wraps(void **state)
{
	set_console(zone(state, 1), 0xfffffffffffff000, 40);
	assert_rejected(state, NULL, 1, "console.base", "wraps");
}

static void test_console_overlaps_zone_memory(void **state)
{
	set_console(zone(state, 1), 0x80000000, 40);
	assert_rejected(state, NULL, 1, "console.base",
			"overlaps mem[1] 0x80000000+0x100000");
}

static void test_console_overlaps_zone_device(void **state)
{
	set_console(zone(state, 1), 0x09010000, 40);
	assert_rejected(state, NULL, 1, "console.base",
			"overlaps devices[0] 'rtc'");
}

static void add_virtio(struct cv_zone_config *zc, u32 type, u64 base, u32 irq);

/* The GIC's SPI numbers are the default only: with the platform (or the
 * architecture, from a host tool) its own interrupt range applies. */
static void test_irq_range_is_the_platforms(void **state)
{
	const struct cv_platform_limits plic = {.nr_irqs = 96,
						.first_spi = 1,
						.irq_kind = "interrupt source",
						.arch_only = 1};
	struct bundle *b = *state;
	struct cv_config_error err;

	set_console(zone(state, 1), 0x09040000, 10);
	assert_rejected(state, NULL, 1, "console.irq", "not an SPI id");
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 11);
	seal(b);
	assert_int_equal(cv_config_validate(b->data, b->size, &plic, &err), 0);
	zone(state, 1)->virtio[0].irq = 96;
	assert_rejected(state, &plic, 1, "virtio[0].irq",
			"96 is outside the platform's interrupt source range "
			"[1, 96)");
	zone(state, 1)->virtio[0].irq = 11;
	set_console(zone(state, 1), 0x09040000, 96);
	assert_rejected(state, &plic, 1, "console.irq",
			"96 is outside the platform's interrupt source range "
			"[1, 96)");
}

/* Messages name the ids as the controller does; none say "SPI" off a
 * GIC. */
static void test_irq_messages_use_the_controllers_word(void **state)
{
	struct cv_platform_limits p = {
	    .nr_irqs = 24, .irq_kind = "IOAPIC pin", .arch_only = 1};

	/* The root zone owns interrupt 33. */
	assert_rejected(
	    state, &p, 0, "irqs[0]",
	    "33 is outside the platform's IOAPIC pin range [0, 24)");
	p.irq_kind = NULL;
	assert_rejected(state, &p, 0, "irqs[0]",
			"33 is outside the platform's interrupt range [0, 24)");
	p.nr_irqs = 0; /* loongarch64: no external controller driven */
	assert_rejected(state, &p, 0, "irqs[0]",
			"33: the platform has no interrupt a zone can own");
}

static void test_console_irq_below_spis(void **state)
{
	set_console(zone(state, 1), 0x09000000, 31);
	assert_rejected(state, NULL, 1, "console.irq", "not an SPI id");
}

static void test_console_irq_beyond_spis(void **state)
{
	set_console(zone(state, 1), 0x09000000, 1020);
	assert_rejected(state, NULL, 1, "console.irq", "not an SPI id");
}

/* ---- Zones against each other ---- */

static void test_duplicate_zone_id(void **state)
{
	zone(state, 1)->id = 0;
	assert_rejected(state, NULL, 1, "id", "also the id of zone 0 'root'");
}

static void test_duplicate_zone_name(void **state)
{
	strcpy(zone(state, 1)->name, "root");
	assert_rejected(state, NULL, 1, "name", "also the name of zone 0");
}

static void test_two_root_zones(void **state)
{
	zone(state, 1)->id = 0;
	zone(state, 1)->flags |= CV_ZONE_ROOT;
	assert_rejected(state, NULL, 1, "flags", "second root zone");
}

static void test_no_root_zone(void **state)
{
	zone(state, 0)->flags = CV_ZONE_AUTOSTART;
	assert_rejected(state, NULL, -1, "zones", "root flag");
}

static void test_cpu_in_two_zones(void **state)
{
	zone(state, 1)->cpus |= 0x2;
	assert_rejected(state, NULL, 1, "cpus",
			"CPU 1 is also owned by zone 0 'root'");
}

static void test_mem_pa_overlap_across_zones(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;
	int ret;

	b->zone[1]->mem[0].pa = 0x50800000;
	seal(b);
	ret = cv_config_validate(b->data, b->size, NULL, &err);
	assert_error(ret, &err, 1, "mem[0].pa", "overlaps");
	assert_string_equal(
	    err.reason, "overlaps zone 0 'root' mem[0] 0x50000000+0x1000000");
}

static void test_mem_pa_overlap_in_zone(void **state)
{
	zone(state, 1)->mem[1].pa = 0x52fff000;
	assert_rejected(state, NULL, 1, "mem[1].pa",
			"overlaps zone 1 'linux' mem[0]");
}

static void test_device_in_two_zones(void **state)
{
	struct cv_device *d = &zone(state, 1)->devices[0];

	d->base = 0x09000000;
	assert_rejected(state, NULL, 1, "devices[0].base",
			"also owned by zone 0 'root' (devices[0] 'uart')");
}

static void test_devices_overlap(void **state)
{
	struct cv_zone_config *zc = zone(state, 1);

	zc->devices[zc->nr_devices] = zc->devices[0];
	zc->devices[zc->nr_devices].size = 0x2000;
	zc->nr_devices++;
	assert_rejected(state, NULL, 1, "devices[1].base",
			"overlaps zone 1 'linux' devices[0] 'rtc'");
}

static void test_device_overlaps_zone_ram(void **state)
{
	zone(state, 1)->devices[0].base = 0x50001000;
	assert_rejected(state, NULL, 1, "devices[0].base",
			"zone 0 'root' RAM mem[0]");
}

static void test_irq_in_two_zones(void **state)
{
	zone(state, 1)->irqs[1] = 33;
	assert_rejected(state, NULL, 1, "irqs[1]",
			"33 is also owned by zone 0 'root' (irqs[0])");
}

static void test_irq_listed_twice(void **state)
{
	zone(state, 1)->irqs[1] = 34;
	assert_rejected(state, NULL, 1, "irqs[1]", "listed twice");
}

static void test_images_overlap_in_bundle(void **state)
{
	struct cv_zone_config *zc = zone(state, 1);

	zc->initrd.offset = zc->kernel.offset + 0x1000;
	assert_rejected(state, NULL, 1, "initrd.offset",
			"overlaps zone 1 'linux' kernel image");
}

static void test_images_of_two_zones_overlap(void **state)
{
	zone(state, 1)->kernel.offset = zone(state, 0)->kernel.offset + 0x1000;
	assert_rejected(state, NULL, 1, "kernel.offset",
			"overlaps zone 0 'root' kernel image");
}

/* cvconfig stores one copy of an image two zones share. */
static void test_same_image_shared_by_two_zones_passes(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	zone(state, 1)->kernel.offset = zone(state, 0)->kernel.offset;
	zone(state, 1)->kernel.size = zone(state, 0)->kernel.size;
	seal(b);
	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err), 0);
}

static void test_console_irq_owned_by_other_zone(void **state)
{
	set_console(zone(state, 1), 0x09000000, 33);
	assert_rejected(state, NULL, 1, "console.irq",
			"33 is also a physical interrupt owned by zone 0 "
			"'root' (irqs[0])");
}

/* Checked against every zone, later ones included, and the zone itself. */
static void test_console_irq_owned_by_later_zone(void **state)
{
	set_console(zone(state, 0), 0x09040000, 35);
	assert_rejected(state, NULL, 0, "console.irq",
			"owned by zone 1 'linux' (irqs[1])");
}

static void test_console_irq_owned_by_own_zone(void **state)
{
	set_console(zone(state, 1), 0x09000000, 34);
	assert_rejected(state, NULL, 1, "console.irq",
			"owned by zone 1 'linux' (irqs[0])");
}

/* ---- Zones against the platform ---- */

static void test_cpu_beyond_platform(void **state)
{
	zone(state, 1)->cpus = 1u << 5;
	assert_rejected(state, &test_platform, 1, "cpus",
			"CPU 5 does not exist");
}

static void test_irq_below_first_spi(void **state)
{
	zone(state, 1)->irqs[0] = 27;
	assert_rejected(state, &test_platform, 1, "irqs[0]",
			"SPI range [32, 288)");
}

static void test_irq_beyond_platform(void **state)
{
	zone(state, 1)->irqs[0] = 288;
	assert_rejected(state, &test_platform, 1, "irqs[0]",
			"SPI range [32, 288)");
}

static void test_mem_outside_platform_ram(void **state)
{
	zone(state, 1)->mem[1].pa = 0xbff80000;
	assert_rejected(state, &test_platform, 1, "mem[1].pa",
			"not inside the platform's RAM");
}

static void test_mem_overlaps_hypervisor(void **state)
{
	zone(state, 1)->mem[1].pa = 0x47f80000;
	assert_rejected(state, &test_platform, 1, "mem[1].pa",
			"overlaps hypervisor memory 0x40000000+0x8000000");
}

static void test_device_overlaps_platform_ram(void **state)
{
	zone(state, 1)->devices[0].base = 0xa0000000;
	assert_rejected(state, &test_platform, 1, "devices[0].base",
			"overlaps platform RAM");
}

static void test_console_irq_beyond_platform(void **state)
{
	set_console(zone(state, 1), 0x09000000, 288);
	assert_rejected(state, &test_platform, 1, "console.irq",
			"SPI range [32, 288)");
}

static void test_platform_nr_ram_too_large(void **state)
{
	struct cv_platform_limits plat = test_platform;

	plat.nr_ram = 9;
	assert_rejected(state, &plat, -1, "platform.nr_ram", "at most 8");
}

/* ---- Shared-memory links ---- */

static void test_valid_shm_pair_passes(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err), 0);
	assert_int_equal(
	    cv_config_validate(b->data, b->size, &test_platform, &err), 0);
}

/* Two links between the same zones, each side at its own IPA. */
static void test_valid_two_shm_pairs_pass(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	add_shm(b->zone[0], 0x7e000000, SHM_PA + SHM_SIZE, MiB(1), 1, 42);
	add_shm(b->zone[1], 0x90000000, SHM_PA + SHM_SIZE, MiB(1), 0, 40);
	seal(b);
	assert_int_equal(
	    cv_config_validate(b->data, b->size, &test_platform, &err), 0);
}

static void test_too_many_shm(void **state)
{
	zone(state, 1)->nr_shm = CV_MAX_SHM + 1;
	assert_rejected(state, NULL, 1, "nr_shm", "is 5, at most 4");
}

static void test_zone_reserved2(void **state)
{
	zone(state, 1)->reserved2 = 2;
	assert_rejected(state, NULL, 1, "reserved2", "must be 0");
}

static void test_shm_size_zero(void **state)
{
	zone(state, 1)->shm[0].size = 0;
	assert_rejected(state, NULL, 1, "shm[0].size", "is 0");
}

static void test_shm_size_misaligned(void **state)
{
	zone(state, 1)->shm[0].size = 0x1800;
	assert_rejected(state, NULL, 1, "shm[0].size", "0x1800 is not 4 KiB");
}

static void test_shm_ipa_misaligned(void **state)
{
	zone(state, 1)->shm[0].ipa += 0x10;
	assert_rejected(state, NULL, 1, "shm[0].ipa", "4 KiB");
}

static void test_shm_pa_misaligned(void **state)
{
	zone(state, 1)->shm[0].pa += 0x10;
	assert_rejected(state, NULL, 1, "shm[0].pa", "4 KiB");
}

static void test_shm_ipa_wraps(void **state)
{
	zone(state, 1)->shm[0].ipa = 0xfffffffffffff000;
	assert_rejected(state, NULL, 1, "shm[0].ipa", "wraps");
}

static void test_shm_pa_wraps(void **state)
{
	zone(state, 1)->shm[0].pa = 0xffffffffffff8000;
	assert_rejected(state, NULL, 1, "shm[0].pa", "wraps");
}

static void test_shm_ipa_overlaps_zone_memory(void **state)
{
	zone(state, 1)->shm[0].ipa = 0x800f0000;
	assert_rejected(
	    state, NULL, 1, "shm[0].ipa",
	    "0x800f0000+0x10000 overlaps mem[1] 0x80000000+0x100000");
}

static void test_shm_ipa_overlaps_zone_device(void **state)
{
	zone(state, 1)->shm[0].ipa = 0x09008000;
	assert_rejected(state, NULL, 1, "shm[0].ipa",
			"overlaps devices[0] 'rtc' 0x9010000+0x1000");
}

static void test_shm_ipa_overlaps_console(void **state)
{
	set_console(zone(state, 1), SHM_IPA + 0x8000, 45);
	assert_rejected(state, NULL, 1, "shm[0].ipa",
			"overlaps the console window 0x7f008000+0x1000");
}

static void test_shm_ipa_overlaps_other_link(void **state)
{
	add_shm(zone(state, 1), SHM_IPA + 0xf000, 0x55000000, SHM_SIZE, 0, 42);
	assert_rejected(state, NULL, 1, "shm[1].ipa",
			"overlaps shm[0] 0x7f000000+0x10000");
}

static void test_shm_peer_is_own_zone(void **state)
{
	zone(state, 1)->shm[0].peer = 1;
	assert_rejected(state, NULL, 1, "shm[0].peer", "own id");
}

/* ---- virtio transports ---- */

static void add_virtio(struct cv_zone_config *zc, u32 type, u64 base, u32 irq)
{
	zc->virtio[zc->nr_virtio++] =
	    (struct cv_virtio){.type = type, .irq = irq, .base = base};
}

static void test_virtio_valid_passes(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 48);
	add_virtio(zone(state, 1), CV_VIRTIO_CONSOLE, 0x0a000200, 49);
	seal(b);
	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err), 0);
}

static void test_virtio_in_root_zone(void **state)
{
	add_virtio(zone(state, 0), CV_VIRTIO_BLK, 0x0a000000, 48);
	assert_rejected(state, NULL, 0, "virtio", "the root zone serves");
}

static void test_virtio_bad_type(void **state)
{
	add_virtio(zone(state, 1), 9, 0x0a000000, 48);
	assert_rejected(state, NULL, 1, "virtio[0].type",
			"9 is not a virtio device type");
}

static void test_virtio_too_many(void **state)
{
	zone(state, 1)->nr_virtio = CV_MAX_VIRTIO + 1;
	assert_rejected(state, NULL, 1, "nr_virtio", "at most 8");
}

static void test_virtio_base_misaligned(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000100, 48);
	assert_rejected(state, NULL, 1, "virtio[0].base", "0x200-aligned");
}

static void test_virtio_base_in_ram(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_NET, 0x40001000, 48);
	assert_rejected(state, NULL, 1, "virtio[0].base", "overlaps mem[0]");
}

static void test_virtio_base_on_device(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_NET, 0x09010200, 48);
	assert_rejected(state, NULL, 1, "virtio[0].base",
			"overlaps devices[0]");
}

static void test_virtio_overlap_each_other(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 48);
	add_virtio(zone(state, 1), CV_VIRTIO_NET, 0x0a000000, 49);
	assert_rejected(state, NULL, 1, "virtio[1].base", "overlaps virtio[0]");
}

static void test_virtio_irq_not_spi(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 27);
	assert_rejected(state, NULL, 1, "virtio[0].irq", "not an SPI id");
}

static void test_virtio_irq_owned(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 35);
	assert_rejected(state, NULL, 1, "virtio[0].irq",
			"physical interrupt the zone owns (irqs[1])");
}

static void test_virtio_irq_shared(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 48);
	add_virtio(zone(state, 1), CV_VIRTIO_NET, 0x0a000200, 48);
	assert_rejected(state, NULL, 1, "virtio[1].irq",
			"also the interrupt of virtio[0]");
}

static void test_virtio_irq_is_console_irq(void **state)
{
	set_console(zone(state, 1), 0x09000000, 48);
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 48);
	assert_rejected(state, NULL, 1, "virtio[0].irq", "console interrupt");
}

static void test_virtio_irq_is_doorbell(void **state)
{
	add_virtio(zone(state, 1), CV_VIRTIO_BLK, 0x0a000000, 41);
	assert_rejected(state, NULL, 1, "virtio[0].irq", "doorbell of shm[0]");
}

static void test_shm_doorbell_below_spis(void **state)
{
	zone(state, 1)->shm[0].doorbell_irq = 31;
	assert_rejected(state, NULL, 1, "shm[0].doorbell_irq",
			"31 is not an SPI id (32..1019)");
}

static void test_shm_doorbell_beyond_spis(void **state)
{
	zone(state, 1)->shm[0].doorbell_irq = 1020;
	assert_rejected(state, NULL, 1, "shm[0].doorbell_irq", "not an SPI id");
}

static void test_shm_doorbell_is_console_irq(void **state)
{
	set_console(zone(state, 1), 0x09000000, 41);
	assert_rejected(state, NULL, 1, "shm[0].doorbell_irq",
			"41 is also the zone's console interrupt");
}

static void test_shm_doorbell_twice_in_zone(void **state)
{
	add_shm(zone(state, 1), 0x7f100000, 0x55000000, SHM_SIZE, 0, 41);
	assert_rejected(state, NULL, 1, "shm[1].doorbell_irq",
			"41 is also the doorbell of shm[0]");
}

static void test_shm_peer_unknown(void **state)
{
	zone(state, 0)->shm[0].peer = 7;
	assert_rejected(state, NULL, 0, "shm[0].peer",
			"7 is not the id of any zone");
}

/* The declaring zone is reported, whichever of the two it is. */
static void test_shm_one_sided_link(void **state)
{
	zone(state, 1)->nr_shm = 0;
	assert_rejected(state, NULL, 0, "shm[0].peer",
			"zone 1 'linux' (id 1) declares no link back");
}

static void test_shm_one_sided_link_in_later_zone(void **state)
{
	zone(state, 0)->nr_shm = 0;
	assert_rejected(state, NULL, 1, "shm[0].peer",
			"zone 0 'root' (id 0) declares no link back");
}

static void test_shm_peer_pa_differs(void **state)
{
	zone(state, 1)->shm[0].pa = SHM_PA + 0x10000;
	assert_rejected(
	    state, NULL, 0, "shm[0].pa",
	    "differs from zone 1 'linux' shm[0] 0x54010000+0x10000");
}

static void test_shm_peer_size_differs(void **state)
{
	zone(state, 1)->shm[0].size = KiB(128);
	assert_rejected(state, NULL, 0, "shm[0].size",
			"0x10000 differs from the size 0x20000 of zone 1 "
			"'linux' shm[0]");
}

static void test_shm_pa_overlaps_ram(void **state)
{
	zone(state, 0)->shm[0].pa = 0x52ff8000;
	zone(state, 1)->shm[0].pa = 0x52ff8000;
	assert_rejected(state, NULL, 0, "shm[0].pa",
			"overlaps zone 1 'linux' RAM mem[0] "
			"0x52000000+0x1000000");
}

static void test_shm_pa_overlaps_device(void **state)
{
	zone(state, 0)->shm[0].pa = 0x09010000;
	zone(state, 1)->shm[0].pa = 0x09010000;
	assert_rejected(state, NULL, 0, "shm[0].pa",
			"overlaps zone 1 'linux' devices[0] 'rtc'");
}

/* Only a link's other end may share its pages. */
static void test_shm_pa_overlaps_other_link(void **state)
{
	add_shm(zone(state, 0), 0x7e000000, SHM_PA + 0x8000, SHM_SIZE, 1, 42);
	add_shm(zone(state, 1), 0x7e000000, SHM_PA + 0x8000, SHM_SIZE, 0, 42);
	assert_rejected(state, NULL, 0, "shm[1].pa",
			"overlaps zone 0 'root' shm[0] 0x54000000+0x10000, "
			"which is not its other end");
}

static void test_shm_doorbell_owned_physical_irq(void **state)
{
	zone(state, 1)->shm[0].doorbell_irq = 33;
	assert_rejected(state, NULL, 1, "shm[0].doorbell_irq",
			"33 is also a physical interrupt owned by zone 0 "
			"'root' (irqs[0])");
}

static void test_shm_outside_platform_ram(void **state)
{
	zone(state, 0)->shm[0].pa = 0xbfff8000;
	zone(state, 1)->shm[0].pa = 0xbfff8000;
	assert_rejected(state, &test_platform, 0, "shm[0].pa",
			"0xbfff8000+0x10000 is not inside the platform's RAM");
}

static void test_shm_overlaps_hypervisor(void **state)
{
	zone(state, 0)->shm[0].pa = 0x47ff8000;
	zone(state, 1)->shm[0].pa = 0x47ff8000;
	assert_rejected(state, &test_platform, 0, "shm[0].pa",
			"overlaps hypervisor memory 0x40000000+0x8000000");
}

static void test_shm_doorbell_beyond_platform(void **state)
{
	zone(state, 1)->shm[0].doorbell_irq = 288;
	assert_rejected(state, &test_platform, 1, "shm[0].doorbell_irq",
			"288 is outside the platform's SPI range [32, 288)");
}

/* ---- Messages ---- */

static void test_long_reason_is_truncated(void **state)
{
	struct bundle *b = *state;
	struct cv_config_error err;

	memset(b->zone[0]->name, 'r', CV_NAME_LEN - 1);
	memset(b->zone[1]->name, 'l', CV_NAME_LEN - 1);
	memset(b->zone[0]->devices[0].name, 'u', CV_NAME_LEN - 1);
	memset(b->zone[1]->devices[0].name, 'v', CV_NAME_LEN - 1);
	b->zone[0]->devices[0].base = 0xffffffff00000000;
	b->zone[1]->devices[0].base = 0xffffffff00000000;
	seal(b);
	assert_int_equal(cv_config_validate(b->data, b->size, NULL, &err),
			 -CV_EINVAL);
	assert_int_equal(strlen(err.reason), sizeof(err.reason) - 1);
}

#define BUNDLE_TEST(f)                                                         \
	cmocka_unit_test_setup_teardown(f, setup_bundle, test_bundle_free)
#define LINKED_TEST(f)                                                         \
	cmocka_unit_test_setup_teardown(f, setup_linked_bundle,                \
					test_bundle_free)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    BUNDLE_TEST(test_valid_bundle_passes),
	    BUNDLE_TEST(test_valid_bundle_passes_on_platform),
	    BUNDLE_TEST(test_valid_pl011_console_passes),
	    BUNDLE_TEST(test_same_console_in_two_zones_passes),
	    BUNDLE_TEST(test_null_error_pointer_is_allowed),
	    BUNDLE_TEST(test_checksum_is_word_fnv1a_64_folded),
	    BUNDLE_TEST(test_checksum_ignores_checksum_field),
	    BUNDLE_TEST(test_null_bundle),
	    BUNDLE_TEST(test_bundle_smaller_than_header),
	    BUNDLE_TEST(test_misaligned_bundle),
	    BUNDLE_TEST(test_bad_magic),
	    BUNDLE_TEST(test_bad_version),
	    BUNDLE_TEST(test_header_size_drift),
	    BUNDLE_TEST(test_zone_size_drift),
	    BUNDLE_TEST(test_total_size_mismatch),
	    BUNDLE_TEST(test_checksum_mismatch),
	    BUNDLE_TEST(test_image_head_mismatch),
	    BUNDLE_TEST(test_image_past_its_head_is_not_summed),
	    BUNDLE_TEST(test_placed_root_images_pass),
	    BUNDLE_TEST(test_placed_image_of_another_zone_is_refused),
	    BUNDLE_TEST(test_placed_dtb_is_refused),
	    BUNDLE_TEST(test_placed_image_with_offset_is_refused),
	    BUNDLE_TEST(test_placed_image_outside_memory_is_refused),
	    BUNDLE_TEST(test_image_flags_unknown_or_on_absent_image),
	    BUNDLE_TEST(test_header_unknown_flags),
	    cmocka_unit_test_setup_teardown(test_add_zone_bundle_passes,
					    setup_linked_bundle,
					    test_bundle_free),
	    cmocka_unit_test_setup_teardown(
		test_add_zone_bundle_with_root_refused, setup_linked_bundle,
		test_bundle_free),
	    BUNDLE_TEST(test_add_zone_bundle_with_two_zones_refused),
	    cmocka_unit_test_setup_teardown(test_boot_bundle_peer_must_exist,
					    setup_linked_bundle,
					    test_bundle_free),
	    BUNDLE_TEST(test_no_zones),
	    BUNDLE_TEST(test_too_many_zones),
	    BUNDLE_TEST(test_zones_offset_inside_header),
	    BUNDLE_TEST(test_zones_offset_misaligned),
	    BUNDLE_TEST(test_zone_table_beyond_bundle),
	    BUNDLE_TEST(test_name_not_terminated),
	    BUNDLE_TEST(test_name_empty),
	    BUNDLE_TEST(test_zone_flags_unknown),
	    BUNDLE_TEST(test_root_zone_id_not_zero),
	    BUNDLE_TEST(test_zone_reserved),
	    BUNDLE_TEST(test_no_cpus),
	    BUNDLE_TEST(test_no_memory),
	    BUNDLE_TEST(test_too_many_mem_regions),
	    BUNDLE_TEST(test_too_many_devices),
	    BUNDLE_TEST(test_too_many_irqs),
	    BUNDLE_TEST(test_mem_size_zero),
	    BUNDLE_TEST(test_mem_size_misaligned),
	    BUNDLE_TEST(test_mem_ipa_misaligned),
	    BUNDLE_TEST(test_mem_pa_misaligned),
	    BUNDLE_TEST(test_mem_ipa_wraps),
	    BUNDLE_TEST(test_mem_pa_wraps),
	    BUNDLE_TEST(test_mem_flags_unknown),
	    BUNDLE_TEST(test_mem_reserved),
	    BUNDLE_TEST(test_mem_ipa_overlap_in_zone),
	    BUNDLE_TEST(test_device_name_not_terminated),
	    BUNDLE_TEST(test_device_name_empty),
	    BUNDLE_TEST(test_device_size_zero),
	    BUNDLE_TEST(test_device_size_misaligned),
	    BUNDLE_TEST(test_device_base_misaligned),
	    BUNDLE_TEST(test_device_wraps),
	    BUNDLE_TEST(test_kernel_missing),
	    BUNDLE_TEST(test_absent_image_with_offset),
	    BUNDLE_TEST(test_absent_image_with_load_ipa),
	    BUNDLE_TEST(test_image_offset_misaligned),
	    BUNDLE_TEST(test_image_outside_bundle),
	    BUNDLE_TEST(test_image_inside_zone_table),
	    BUNDLE_TEST(test_image_load_outside_memory),
	    BUNDLE_TEST(test_images_overlap_in_guest_memory),
	    BUNDLE_TEST(test_entry_outside_memory),
	    BUNDLE_TEST(test_cmdline_not_terminated),
	    BUNDLE_TEST(test_console_type_unknown),
	    BUNDLE_TEST(test_absent_console_with_base),
	    BUNDLE_TEST(test_absent_console_with_irq),
	    BUNDLE_TEST(test_console_base_zero),
	    BUNDLE_TEST(test_console_base_misaligned),
	    BUNDLE_TEST(test_console_base_wraps),
	    BUNDLE_TEST(test_console_overlaps_zone_memory),
	    BUNDLE_TEST(test_console_overlaps_zone_device),
	    BUNDLE_TEST(test_irq_range_is_the_platforms),
	    BUNDLE_TEST(test_irq_messages_use_the_controllers_word),
	    BUNDLE_TEST(test_console_irq_below_spis),
	    BUNDLE_TEST(test_console_irq_beyond_spis),
	    BUNDLE_TEST(test_duplicate_zone_id),
	    BUNDLE_TEST(test_duplicate_zone_name),
	    BUNDLE_TEST(test_two_root_zones),
	    BUNDLE_TEST(test_no_root_zone),
	    BUNDLE_TEST(test_cpu_in_two_zones),
	    BUNDLE_TEST(test_mem_pa_overlap_across_zones),
	    BUNDLE_TEST(test_mem_pa_overlap_in_zone),
	    BUNDLE_TEST(test_device_in_two_zones),
	    BUNDLE_TEST(test_devices_overlap),
	    BUNDLE_TEST(test_device_overlaps_zone_ram),
	    BUNDLE_TEST(test_irq_in_two_zones),
	    BUNDLE_TEST(test_irq_listed_twice),
	    BUNDLE_TEST(test_images_overlap_in_bundle),
	    BUNDLE_TEST(test_same_image_shared_by_two_zones_passes),
	    BUNDLE_TEST(test_images_of_two_zones_overlap),
	    BUNDLE_TEST(test_console_irq_owned_by_other_zone),
	    BUNDLE_TEST(test_console_irq_owned_by_later_zone),
	    BUNDLE_TEST(test_console_irq_owned_by_own_zone),
	    BUNDLE_TEST(test_cpu_beyond_platform),
	    BUNDLE_TEST(test_irq_below_first_spi),
	    BUNDLE_TEST(test_irq_beyond_platform),
	    BUNDLE_TEST(test_mem_outside_platform_ram),
	    BUNDLE_TEST(test_mem_overlaps_hypervisor),
	    BUNDLE_TEST(test_device_overlaps_platform_ram),
	    BUNDLE_TEST(test_console_irq_beyond_platform),
	    BUNDLE_TEST(test_platform_nr_ram_too_large),
	    LINKED_TEST(test_valid_shm_pair_passes),
	    LINKED_TEST(test_valid_two_shm_pairs_pass),
	    LINKED_TEST(test_too_many_shm),
	    LINKED_TEST(test_zone_reserved2),
	    LINKED_TEST(test_shm_size_zero),
	    LINKED_TEST(test_shm_size_misaligned),
	    LINKED_TEST(test_shm_ipa_misaligned),
	    LINKED_TEST(test_shm_pa_misaligned),
	    LINKED_TEST(test_shm_ipa_wraps),
	    LINKED_TEST(test_shm_pa_wraps),
	    LINKED_TEST(test_shm_ipa_overlaps_zone_memory),
	    LINKED_TEST(test_shm_ipa_overlaps_zone_device),
	    LINKED_TEST(test_shm_ipa_overlaps_console),
	    LINKED_TEST(test_shm_ipa_overlaps_other_link),
	    LINKED_TEST(test_shm_peer_is_own_zone),
	    LINKED_TEST(test_virtio_valid_passes),
	    LINKED_TEST(test_virtio_in_root_zone),
	    LINKED_TEST(test_virtio_bad_type),
	    LINKED_TEST(test_virtio_too_many),
	    LINKED_TEST(test_virtio_base_misaligned),
	    LINKED_TEST(test_virtio_base_in_ram),
	    LINKED_TEST(test_virtio_base_on_device),
	    LINKED_TEST(test_virtio_overlap_each_other),
	    LINKED_TEST(test_virtio_irq_not_spi),
	    LINKED_TEST(test_virtio_irq_owned),
	    LINKED_TEST(test_virtio_irq_shared),
	    LINKED_TEST(test_virtio_irq_is_console_irq),
	    LINKED_TEST(test_virtio_irq_is_doorbell),
	    LINKED_TEST(test_shm_doorbell_below_spis),
	    LINKED_TEST(test_shm_doorbell_beyond_spis),
	    LINKED_TEST(test_shm_doorbell_is_console_irq),
	    LINKED_TEST(test_shm_doorbell_twice_in_zone),
	    LINKED_TEST(test_shm_peer_unknown),
	    LINKED_TEST(test_shm_one_sided_link),
	    LINKED_TEST(test_shm_one_sided_link_in_later_zone),
	    LINKED_TEST(test_shm_peer_pa_differs),
	    LINKED_TEST(test_shm_peer_size_differs),
	    LINKED_TEST(test_shm_pa_overlaps_ram),
	    LINKED_TEST(test_shm_pa_overlaps_device),
	    LINKED_TEST(test_shm_pa_overlaps_other_link),
	    LINKED_TEST(test_shm_doorbell_owned_physical_irq),
	    LINKED_TEST(test_shm_outside_platform_ram),
	    LINKED_TEST(test_shm_overlaps_hypervisor),
	    LINKED_TEST(test_shm_doorbell_beyond_platform),
	    BUNDLE_TEST(test_long_reason_is_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
