/*
 * Unit tests for core/bzimage.c and its use by core/image.c: the bzImage
 * setup header, the zone's e820 map and the zero page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/bzimage.h"
#include "cvisor/errno.h"
#include "cvisor/image.h"
#include "tests/unit/support.h"

static u8 img[0x8000];
static u8 zp[BZ_ZERO_PAGE_SIZE];
static char why[128];

static u64 get(const u8 *p, int n)
{
	u64 v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* A bzImage header like Debian's 6.1 cloud kernel: 39 setup sectors,
 * protocol 2.15, relocatable, 2 MiB alignment, pref_address 16 MiB,
 * init_size 0x3378000; the header ends at 0x26c. */
static void make_bz(void)
{
	memset(img, 0, sizeof(img));
	img[0x1f1] = 39;
	put_le(img + 0x1fe, 0xaa55, 2);
	img[0x201] = 0x6a;
	memcpy(img + 0x202, "HdrS", 4);
	put_le(img + 0x206, 0x20f, 2);
	img[0x211] = 0x01;
	put_le(img + 0x22c, 0x7fffffff, 4);
	put_le(img + 0x230, 0x200000, 4);
	img[0x234] = 1;
	put_le(img + 0x238, 0x7ff, 4);
	put_le(img + 0x258, 0x1000000, 8);
	put_le(img + 0x260, 0x3378000, 4);
	put_le(img + 0x264, 0x12345678, 4); /* something to be copied */
}

static void test_probe_header(void **state)
{
	struct bzimage_info bz;

	(void)state;
	make_bz();
	assert_int_equal(bzimage_probe(img, sizeof(img), &bz, why, sizeof(why)),
			 1);
	assert_int_equal(bz.protocol, 0x20f);
	assert_int_equal(bz.setup_size, 40 * 512);
	assert_int_equal(bz.kernel_size, sizeof(img) - 40 * 512);
	assert_int_equal(bz.hdr_end, 0x26c);
	assert_int_equal(bz.cmdline_max, 0x7ff);
	/* decompressed at max(1 MiB aligned to 2 MiB, 16 MiB) */
	assert_int_equal(bz.mem_end, 0x1000000 + 0x3378000);
	assert_true(bz.relocatable);
}

static void test_probe_refusals(void **state)
{
	struct bzimage_info bz;

	(void)state;
	make_bz();
	img[0x202] = 'X'; /* not a bzImage at all */
	assert_int_equal(bzimage_probe(img, sizeof(img), &bz, why, sizeof(why)),
			 0);
	make_bz();
	put_le(img + 0x206, 0x204, 2);
	assert_int_equal(bzimage_probe(img, sizeof(img), &bz, why, sizeof(why)),
			 -CV_EINVAL);
	assert_string_equal(why, "bzImage boot protocol 2.04 is older than "
				 "2.06");
	make_bz();
	img[0x211] = 0;
	assert_int_equal(bzimage_probe(img, sizeof(img), &bz, why, sizeof(why)),
			 -CV_EINVAL);
	assert_non_null(strstr(why, "zImage"));
	make_bz();
	img[0x1f1] = 65;
	assert_int_equal(bzimage_probe(img, sizeof(img), &bz, why, sizeof(why)),
			 -CV_EINVAL);
	make_bz();
	assert_int_equal(bzimage_probe(img, 40 * 512, &bz, why, sizeof(why)),
			 -CV_EINVAL);
	assert_string_equal(why, "bzImage without a protected-mode part");
	make_bz();
	put_le(img + 0x260, 0, 4);
	put_le(img + 0x258, 0, 8);
	img[0x234] = 0;
	assert_int_equal(bzimage_probe(img, sizeof(img), &bz, why, sizeof(why)),
			 -CV_EINVAL);
}

static void test_image_probe_places_bzimage(void **state)
{
	struct image_info info;

	(void)state;
	make_bz();
	assert_int_equal(
	    image_probe(img, sizeof(img), EM_X86_64, &info, why, sizeof(why)),
	    0);
	assert_int_equal(info.kind, IMAGE_BZIMAGE);
	assert_int_equal(info.load_offset, BZ_KERNEL_IPA - 40 * 512);
	assert_int_equal(info.entry, BZ_KERNEL_IPA);
	assert_int_equal(info.load_offset + info.mem_size,
			 0x1000000 + 0x3378000);
	assert_string_equal(image_kind_name(IMAGE_BZIMAGE), "bzImage");
	/* not for another architecture: there it is a raw binary */
	assert_int_equal(
	    image_probe(img, sizeof(img), EM_AARCH64, &info, why, sizeof(why)),
	    0);
	assert_int_equal(info.kind, IMAGE_RAW);
	/* an x86 zone's kernel that is not a bzImage stays raw */
	img[0x1fe] = 0;
	assert_int_equal(
	    image_probe(img, sizeof(img), EM_X86_64, &info, why, sizeof(why)),
	    0);
	assert_int_equal(info.kind, IMAGE_RAW);
}

static void test_e820_hole_and_order(void **state)
{
	const struct bz_ram ram[] = {{0x40000000, 0x100000}, {0, 0x10000000}};
	struct e820_entry e[8];
	u32 n = bzimage_e820(ram, 2, e, 8);

	(void)state;
	assert_int_equal(n, 4);
	assert_int_equal(e[0].addr, 0);
	assert_int_equal(e[0].size, BZ_LOW_RAM_END);
	assert_int_equal(e[0].type, E820_RAM);
	assert_int_equal(e[1].addr, BZ_LOW_RAM_END);
	assert_int_equal(e[1].size, 0x100000 - BZ_LOW_RAM_END);
	assert_int_equal(e[1].type, E820_RESERVED);
	assert_int_equal(e[2].addr, 0x100000);
	assert_int_equal(e[2].size, 0x10000000 - 0x100000);
	assert_int_equal(e[3].addr, 0x40000000);
	assert_int_equal(e[3].type, E820_RAM);
	/* the table never overflows */
	assert_int_equal(bzimage_e820(ram, 2, e, 2), 2);
}

static void test_zero_page(void **state)
{
	struct bzimage_info bz;
	struct e820_entry e[2] = {{0, 0x9fc00, E820_RAM},
				  {0x100000, 0x0ff00000, E820_RAM}};
	struct bz_boot b = {.cmdline_ipa = BZ_CMDLINE_IPA,
			    .initrd_ipa = 0x4400000,
			    .initrd_size = 0x123456,
			    .rsdp_ipa = 0xe0000,
			    .e820 = e,
			    .nr_e820 = 2};

	(void)state;
	make_bz();
	assert_int_equal(bzimage_probe(img, sizeof(img), &bz, why, sizeof(why)),
			 1);
	memset(zp, 0xcc, sizeof(zp));
	bzimage_zero_page(img, &bz, &b, zp);
	assert_int_equal(zp[0], 0);		      /* zeroed */
	assert_int_equal(get(zp + 0x1fe, 2), 0xaa55); /* header copied */
	assert_int_equal(get(zp + 0x264, 4), 0x12345678);
	assert_int_equal(zp[0x26c], 0);	    /* and no more */
	assert_int_equal(zp[0x210], 0xff);  /* type_of_loader */
	assert_int_equal(zp[0x211] & 1, 1); /* LOADED_HIGH */
	assert_int_equal(get(zp + 0x228, 4), BZ_CMDLINE_IPA);
	assert_int_equal(get(zp + 0x218, 4), 0x4400000);
	assert_int_equal(get(zp + 0x21c, 4), 0x123456);
	assert_int_equal(get(zp + 0x070, 8), 0xe0000);
	assert_int_equal(zp[0x1e8], 2);
	assert_int_equal(get(zp + 0x2d0 + 20, 8), 0x100000);
	assert_int_equal(get(zp + 0x2d0 + 28, 8), 0x0ff00000);
	assert_int_equal(get(zp + 0x2d0 + 36, 4), E820_RAM);
	assert_int_equal(get(zp + 0x2d0 + 40, 8), 0); /* third: none */
}

static void test_cmdline_defaults(void **state)
{
	char c[64];

	(void)state;
	strcpy(c, "console=ttyS0,115200 nokaslr");
	assert_int_equal(bzimage_add_cmdline_defaults(
			     c, sizeof(c), "console=ttyS0 quiet nokaslr x=1"),
			 0);
	assert_string_equal(c, "console=ttyS0,115200 nokaslr quiet x=1");
	strcpy(c, "");
	assert_int_equal(bzimage_add_cmdline_defaults(c, sizeof(c), "a b=2"),
			 0);
	assert_string_equal(c, "a b=2");
	/* a name is a whole word: "tsc" is not "tsc_early" */
	strcpy(c, "tsc_early=1 b=3");
	assert_int_equal(
	    bzimage_add_cmdline_defaults(c, sizeof(c), "tsc=reliable b=2"), 0);
	assert_string_equal(c, "tsc_early=1 b=3 tsc=reliable");
	/* does not fit: unchanged, -CV_ERANGE */
	strcpy(c, "0123456789012345678901234567890123456789012345678901234");
	assert_int_equal(
	    bzimage_add_cmdline_defaults(c, sizeof(c), "abcdefgh=12345678"),
	    -CV_ERANGE);
	assert_string_equal(
	    c, "0123456789012345678901234567890123456789012345678901234");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe_header),
	    cmocka_unit_test(test_probe_refusals),
	    cmocka_unit_test(test_image_probe_places_bzimage),
	    cmocka_unit_test(test_e820_hole_and_order),
	    cmocka_unit_test(test_zero_page),
	    cmocka_unit_test(test_cmdline_defaults),
	};

	return cmocka_run_group_tests_name("bzimage", tests, NULL, NULL);
}
