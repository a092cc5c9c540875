/*
 * Unit tests for LoongArch kernel images: the Image header rules
 * (core/image_loongarch.c), the EFI zboot wrapper and its unwrapping with
 * libzstd (tools/cvconfig/zboot.c), and where the loader puts the result
 * (tools/cvconfig/loader.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

#include "cvisor/errno.h"
#include "cvisor/image.h"
#include "tools/cvconfig/loader.h"
#include "tools/cvconfig/zboot.h"
#include "tests/unit/support.h"

#define IMG_SIZE 0x20000

static char why[160];

/* A LoongArch Image of IMG_SIZE bytes: header, then a recognisable body. */
static u8 *make_image(u64 entry, u64 size_field, u64 load_offset)
{
	u8 *d = calloc(1, IMG_SIZE);

	d[0] = 'M';
	d[1] = 'Z';
	put64(d + 0x08, entry);
	put64(d + 0x10, size_field);
	put64(d + 0x18, load_offset);
	put32(d + 0x38, LA_IMAGE_MAGIC);
	put32(d + 0x3c, 0x40);
	for (u32 i = 0x40; i < IMG_SIZE; i++)
		d[i] = (u8)(i * 7);
	return d;
}

/* Wrap payload (len bytes) as a zboot file: header + payload at 0x100. */
static u8 *make_zboot(const u8 *payload, u64 len, const char *comp, u64 *size)
{
	u8 *d = calloc(1, 0x100 + len);

	d[0] = 'M';
	d[1] = 'Z';
	memcpy(d + 4, "zimg", 4);
	put32(d + 0x08, 0x100);
	put32(d + 0x0c, (u32)len);
	memcpy(d + 0x18, comp, strlen(comp) + 1);
	memcpy(d + 0x100, payload, len);
	*size = 0x100 + len;
	return d;
}

static void test_image_header(void **state)
{
	struct image_info info;
	u8 *d = make_image(0x90000000012e9000ull, 0x1a00000, 0x200000);

	(void)state;
	assert_int_equal(
	    image_probe(d, IMG_SIZE, EM_LOONGARCH, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_LOONGARCH);
	assert_int_equal(info.load_offset, 0x200000);
	assert_int_equal(info.mem_size, 0x1a00000);
	/* kernel_entry as a DMW address or a physical one: same offset */
	assert_int_equal(info.entry, 0x12e9000 - 0x200000);
	put64(d + 0x08, 0x12e9000);
	assert_int_equal(
	    image_probe(d, IMG_SIZE, EM_LOONGARCH, &info, why, sizeof(why)), 0);
	assert_int_equal(info.entry, 0x10e9000);
	/* for another architecture it is just a raw binary */
	assert_int_equal(
	    image_probe(d, IMG_SIZE, EM_AARCH64, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_RAW);
	free(d);
}

static void expect_refusal(u8 *d, const char *text)
{
	struct image_info info;

	assert_int_equal(
	    image_probe(d, IMG_SIZE, EM_LOONGARCH, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, text));
	free(d);
}

static void test_image_refusals(void **state)
{
	(void)state;
	expect_refusal(make_image(0x210000, 0x400000, 0x208000),
		       "not 64 KiB aligned");
	expect_refusal(make_image(0x210000, 0x1000, 0x200000),
		       "smaller than the file");
	expect_refusal(make_image(0x100000, 0x400000, 0x200000),
		       "kernel_entry 0x100000 is outside");
	expect_refusal(make_image(0x600000, 0x400000, 0x200000),
		       "is outside the image");
	expect_refusal(make_image(0x210002, 0x400000, 0x200000), "unaligned");
}

static void test_image_size_zero_is_file_size(void **state)
{
	struct image_info info;
	u8 *d = make_image(0x210000, 0, 0x200000);

	(void)state;
	assert_int_equal(
	    image_probe(d, IMG_SIZE, EM_LOONGARCH, &info, why, sizeof(why)), 0);
	assert_int_equal(info.mem_size, IMG_SIZE);
	free(d);
}

static void test_zboot_header(void **state)
{
	u8 payload[64] = {1, 2, 3};
	u64 size, off, len;
	char comp[8];
	u8 *z = make_zboot(payload, sizeof(payload), "zstd", &size);
	struct image_info info;

	(void)state;
	assert_int_equal(
	    image_probe(z, size, EM_LOONGARCH, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_ZBOOT);
	assert_int_equal(
	    image_zboot_payload(z, size, &off, &len, comp, why, sizeof(why)),
	    0);
	assert_int_equal(off, 0x100);
	assert_int_equal(len, 64);
	assert_string_equal(comp, "zstd");
	put32(z + 0x0c, 0x1000); /* payload past the end */
	assert_int_equal(
	    image_zboot_payload(z, size, &off, &len, comp, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "outside the file"));
	free(z);
}

/* Debian's shape: a zstd-compressed Image in a zboot file; the loader
 * unwraps it and places it at load_offset, entered at kernel_entry. */
static void test_zboot_zstd_unwrap_and_place(void **state)
{
	u8 *img = make_image(0x90000000002a0000ull, 0x400000, 0x200000);
	size_t bound = ZSTD_compressBound(IMG_SIZE);
	u8 *zst = malloc(bound);
	size_t zlen = ZSTD_compress(zst, bound, img, IMG_SIZE, 3);
	u64 size;
	u8 *z = make_zboot(zst, zlen, "zstd", &size);
	struct placement pl;

	(void)state;
	assert_false(ZSTD_isError(zlen));
	assert_int_equal(loader_prepare_kernel(&z, &size, EM_LOONGARCH, 0, &pl,
					       why, sizeof(why)),
			 0);
	assert_int_equal(size, IMG_SIZE);
	assert_memory_equal(z, img, IMG_SIZE);
	assert_int_equal(pl.kind, IMAGE_LOONGARCH);
	assert_int_equal(pl.load_ipa, 0x200000);
	assert_int_equal(pl.entry, 0x2a0000);
	assert_int_equal(pl.mem_size, 0x400000);
	free(z);
	free(zst);
	free(img);
}

static void test_zboot_gzip_unwraps_too(void **state)
{
	u8 *img = make_image(0x210000, 0x400000, 0x200000);
	u8 gz[IMG_SIZE];
	z_stream s = {0};
	u64 size;
	u8 *z;

	(void)state;
	assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY),
			 Z_OK);
	s.next_in = img;
	s.avail_in = IMG_SIZE;
	s.next_out = gz;
	s.avail_out = sizeof(gz);
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	z = make_zboot(gz, s.total_out, "gzip", &size);
	deflateEnd(&s);
	assert_int_equal(zboot_unwrap(&z, &size, why, sizeof(why)), 0);
	assert_int_equal(size, IMG_SIZE);
	assert_memory_equal(z, img, IMG_SIZE);
	free(z);
	free(img);
}

static void test_zboot_refusals(void **state)
{
	u8 junk[256];
	u64 size;
	u8 *z;

	(void)state;
	memset(junk, 0x5a, sizeof(junk));
	z = make_zboot(junk, sizeof(junk), "zstd", &size);
	assert_int_equal(zboot_unwrap(&z, &size, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "zstd payload is corrupt"));
	free(z);
	z = make_zboot(junk, sizeof(junk), "lz4", &size);
	assert_int_equal(zboot_unwrap(&z, &size, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "'lz4' is not supported"));
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_image_header),
	    cmocka_unit_test(test_image_refusals),
	    cmocka_unit_test(test_image_size_zero_is_file_size),
	    cmocka_unit_test(test_zboot_header),
	    cmocka_unit_test(test_zboot_zstd_unwrap_and_place),
	    cmocka_unit_test(test_zboot_gzip_unwraps_too),
	    cmocka_unit_test(test_zboot_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
