/*
 * Unit tests for core/image.c: recognising kernel images the way QEMU's
 * -kernel does (arm64 Image, ELF64, raw, gzip) and flattening ELF
 * segments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "cvisor/image.h"
#include "tests/unit/support.h"

static u8 buf[8192];
static char why[128];

/* An arm64 Image header: text_offset, image_size, flags, magic. */
static void make_arm64(u64 text_offset, u64 image_size, u64 flags)
{
	memset(buf, 0, sizeof(buf));
	put64(buf + 0x08, text_offset);
	put64(buf + 0x10, image_size);
	put64(buf + 0x18, flags);
	put32(buf + 0x38, 0x644d5241);
}

/* An ELF64 with two PT_LOAD segments: 0x100 bytes at paddr 0x48001000
 * (file offset 0x200) and 0x80 bytes + 0x80 of bss at 0x48000000. */
static void make_elf(u16 machine)
{
	u8 *ph;

	memset(buf, 0, sizeof(buf));
	memcpy(buf,
	       "\x7f"
	       "ELF",
	       4);
	buf[4] = 2; /* ELFCLASS64 */
	buf[5] = 1; /* little endian */
	put16(buf + 0x12, machine);
	put64(buf + 0x18, 0x48001010); /* e_entry */
	put64(buf + 0x20, 64);	       /* e_phoff */
	put16(buf + 0x36, 56);	       /* e_phentsize */
	put16(buf + 0x38, 2);	       /* e_phnum */
	ph = buf + 64;
	put32(ph, 1);
	put64(ph + 0x08, 0x200);
	put64(ph + 0x18, 0x48001000);
	put64(ph + 0x20, 0x100);
	put64(ph + 0x28, 0x100);
	ph += 56;
	put32(ph, 1);
	put64(ph + 0x08, 0x400);
	put64(ph + 0x18, 0x48000000);
	put64(ph + 0x20, 0x80);
	put64(ph + 0x28, 0x100);
	memset(buf + 0x200, 0xaa, 0x100);
	memset(buf + 0x400, 0xbb, 0x80);
}

static void test_arm64_image(void **state)
{
	struct image_info info;

	(void)state;
	make_arm64(0x80000, 0x200000, 0xa);
	assert_int_equal(
	    image_probe(buf, 4096, EM_AARCH64, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_ARM64);
	assert_int_equal(info.load_offset, 0x80000);
	assert_int_equal(info.align, IMAGE_ARM64_ALIGN);
	assert_int_equal(info.mem_size, 0x200000);
	assert_int_equal(info.file_size, 4096);
}

static void test_arm64_image_size_zero_means_file_size(void **state)
{
	struct image_info info;

	(void)state;
	make_arm64(0, 0, 0);
	assert_int_equal(
	    image_probe(buf, 4096, EM_AARCH64, &info, why, sizeof(why)), 0);
	assert_int_equal(info.mem_size, 4096);
}

static void test_arm64_image_refusals(void **state)
{
	struct image_info info;

	(void)state;
	make_arm64(0, 0x200000, 1); /* big endian */
	assert_int_equal(
	    image_probe(buf, 4096, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "big-endian"));
	make_arm64(0, 1024, 0xa); /* image_size below the file */
	assert_int_equal(
	    image_probe(buf, 4096, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "smaller than the file"));
	/* Found by tests/fuzz (regress/image/arm64-text-offset-wraps): a
	 * text_offset that wraps the load address past 2^64. */
	make_arm64(0xfffffffff8000000ull, 0x200000, 0);
	assert_int_equal(
	    image_probe(buf, 4096, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "text_offset"));
	make_arm64(0x1ff000, 0x200000, 0); /* the largest real one */
	assert_int_equal(
	    image_probe(buf, 4096, EM_AARCH64, &info, why, sizeof(why)), 0);
}

static void test_arm64_magic_only_counts_for_aarch64(void **state)
{
	struct image_info info;

	(void)state;
	make_arm64(0x80000, 0x200000, 0xa);
	assert_int_equal(
	    image_probe(buf, 4096, EM_RISCV, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_RAW);
}

static void test_elf_segments_and_entry(void **state)
{
	struct image_info info;
	u8 flat[0x1100];

	(void)state;
	make_elf(EM_AARCH64);
	assert_int_equal(
	    image_probe(buf, 0x800, EM_AARCH64, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_ELF);
	assert_int_equal(info.load_addr, 0x48000000);
	assert_int_equal(info.entry, 0x48001010);
	assert_int_equal(info.mem_size, 0x1100);
	assert_int_equal(info.file_size, 0x1100);
	memset(flat, 0xff, sizeof(flat));
	image_flatten_elf(buf, &info, flat);
	assert_int_equal(flat[0], 0xbb);
	assert_int_equal(flat[0x7f], 0xbb);
	assert_int_equal(flat[0x80], 0);  /* bss of the first segment */
	assert_int_equal(flat[0x800], 0); /* the gap between them */
	assert_int_equal(flat[0x1000], 0xaa);
	assert_int_equal(flat[0x10ff], 0xaa);
}

static void test_elf_refusals(void **state)
{
	struct image_info info;

	(void)state;
	make_elf(EM_X86_64);
	assert_int_equal(
	    image_probe(buf, 0x800, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "another architecture"));
	make_elf(EM_AARCH64);
	buf[4] = 1; /* ELFCLASS32 */
	assert_int_equal(
	    image_probe(buf, 0x800, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "64-bit"));
	make_elf(EM_AARCH64);
	put64(buf + 64 + 0x08, 0x7f0); /* first segment past the file */
	assert_int_equal(
	    image_probe(buf, 0x800, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "outside the file"));
	make_elf(EM_AARCH64);
	put32(buf + 64, 0);
	put32(buf + 64 + 56, 0); /* no PT_LOAD */
	assert_int_equal(
	    image_probe(buf, 0x800, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_non_null(strstr(why, "without loadable"));
}

static void test_gzip_raw_and_empty(void **state)
{
	struct image_info info;

	(void)state;
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x1f;
	buf[1] = 0x8b;
	assert_int_equal(
	    image_probe(buf, 100, EM_AARCH64, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_GZIP);
	buf[0] = 0x14; /* an arm64 "b" instruction: raw */
	assert_int_equal(
	    image_probe(buf, 100, EM_AARCH64, &info, why, sizeof(why)), 0);
	assert_int_equal(info.kind, IMAGE_RAW);
	assert_int_equal(info.load_offset, IMAGE_RAW_LOAD_OFFSET);
	assert_int_equal(info.mem_size, 100);
	assert_int_equal(
	    image_probe(buf, 0, EM_AARCH64, &info, why, sizeof(why)),
	    -CV_EINVAL);
	assert_string_equal(image_kind_name(IMAGE_ARM64), "arm64 Image");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arm64_image),
	    cmocka_unit_test(test_arm64_image_size_zero_means_file_size),
	    cmocka_unit_test(test_arm64_image_refusals),
	    cmocka_unit_test(test_arm64_magic_only_counts_for_aarch64),
	    cmocka_unit_test(test_elf_segments_and_entry),
	    cmocka_unit_test(test_elf_refusals),
	    cmocka_unit_test(test_gzip_raw_and_empty),
	};

	return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
