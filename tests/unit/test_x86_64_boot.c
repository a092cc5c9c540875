/*
 * What cvisor reads at boot on x86: the multiboot2 information
 * (arch/x86_64/multiboot2.c) and the ACPI MADT (arch/x86_64/acpi.c,
 * acpi_parse_madt only), on structures built here byte by byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/multiboot2.h"
#include "cvisor/errno.h"
#include "tests/unit/support.h"

static u8 mbi[512] __attribute__((aligned(8)));
static u32 mbi_len;

static void mbi_start(void)
{
	memset(mbi, 0xcc, sizeof(mbi));
	mbi_len = 8;
	put32(mbi + 4, 0);
}

/* A tag of `size` bytes (payload already written after the header). */
static u8 *tag(u32 type, u32 size)
{
	u8 *t = mbi + mbi_len;

	put32(t, type);
	put32(t + 4, size);
	mbi_len += (size + 7) & ~7u;
	return t;
}

static void mbi_end(void)
{
	tag(0, 8);
	put32(mbi, mbi_len);
}

static void add_module(u32 start, u32 end)
{
	u8 *t = mbi + mbi_len;

	put32(t + 8, start);
	put32(t + 12, end);
	memcpy(t + 16, "bundle", 7);
	tag(3, 23);
}

/* Memory map: entry_size 24, version 0, {base, len, type, reserved}. */
static void add_mmap(const u64 (*e)[3], u32 n)
{
	u8 *t = mbi + mbi_len;

	put32(t + 8, 24);
	put32(t + 12, 0);
	for (u32 i = 0; i < n; i++) {
		put64(t + 16 + 24 * i, e[i][0]);
		put64(t + 24 + 24 * i, e[i][1]);
		put32(t + 32 + 24 * i, (u32)e[i][2]);
		put32(t + 36 + 24 * i, 0);
	}
	tag(6, 16 + 24 * n);
}

/* Bochs with 256 MiB, as GRUB reports it. */
static const u64 bochs_mmap[][3] = {
    {0x0, 0x9f000, 1},	      {0x9f000, 0x1000, 2},    {0xe8000, 0x18000, 2},
    {0x100000, 0xfef0000, 1}, {0xfff0000, 0x10000, 3}, {0xfffc0000, 0x40000, 2},
};

static void test_bochs_boot_information(void **state)
{
	struct mb2_info info;
	u8 *rsdp;

	(void)state;
	mbi_start();
	tag(1, 8 + 1)[8] = 0; /* empty command line */
	add_module(0x152000, 0x153794);
	add_mmap(bochs_mmap, 6);
	rsdp = mbi + mbi_len + 8;
	memcpy(rsdp, "RSD PTR ", 8);
	tag(14, 8 + 20);
	mbi_end();
	assert_int_equal(mb2_parse(mbi, sizeof(mbi), &info), 0);
	assert_int_equal(info.module_start, 0x152000);
	assert_int_equal(info.module_end, 0x153794);
	assert_int_equal(info.nr_ram, 2); /* available (type 1) only */
	assert_int_equal(info.ram[0].base, 0);
	assert_int_equal(info.ram[0].size, 0x9f000);
	assert_int_equal(info.ram[1].base, 0x100000);
	assert_int_equal(info.ram[1].size, 0xfef0000);
	assert_ptr_equal(info.rsdp, rsdp);
}

static void test_first_module_and_newer_rsdp_win(void **state)
{
	struct mb2_info info;
	u8 *v2;

	(void)state;
	mbi_start();
	add_module(0x200000, 0x201000);
	add_module(0x300000, 0x301000);
	tag(14, 8 + 20);
	v2 = mbi + mbi_len + 8;
	tag(15, 8 + 36);
	tag(14, 8 + 20);
	mbi_end();
	assert_int_equal(mb2_parse(mbi, sizeof(mbi), &info), 0);
	assert_int_equal(info.module_start, 0x200000);
	assert_ptr_equal(info.rsdp, v2);
}

static void test_malformed_information_refused(void **state)
{
	struct mb2_info info;

	(void)state;
	mbi_start();
	add_module(0x200000, 0x201000);
	put32(mbi, mbi_len); /* no end tag */
	assert_int_equal(mb2_parse(mbi, sizeof(mbi), &info), -CV_EINVAL);
	mbi_end();
	assert_int_equal(mb2_parse(mbi, 16, &info), -CV_EINVAL); /* too big */
	put32(mbi + 12, 4); /* a tag smaller than its header */
	assert_int_equal(mb2_parse(mbi, sizeof(mbi), &info), -CV_EINVAL);
	mbi_start();
	add_module(0x300000, 0x200000); /* ends before it starts */
	mbi_end();
	assert_int_equal(mb2_parse(mbi, sizeof(mbi), &info), -CV_EINVAL);
	assert_int_equal(mb2_parse(mbi, 8, &info), -CV_EINVAL);
}

static void test_no_module_no_ram(void **state)
{
	struct mb2_info info;

	(void)state;
	mbi_start();
	mbi_end();
	assert_int_equal(mb2_parse(mbi, sizeof(mbi), &info), 0);
	assert_int_equal(info.module_end, 0);
	assert_int_equal(info.nr_ram, 0);
	assert_null(info.rsdp);
}

/* MADT: 44-byte header, then {type, length, ...}; type 0 = processor
 * local APIC {uid, apic id, flags (bit 0 enabled)}. */
static void test_madt_enabled_processors(void **state)
{
	u8 madt[44 + 8 * 3 + 12 + 10];
	u32 off = 44;
	struct acpi_info info = {0};
	static const u8 cpus[3][8] = {
	    {0, 8, 0, 0, 1, 0, 0, 0}, /* APIC 0, enabled */
	    {0, 8, 1, 4, 0, 0, 0, 0}, /* APIC 4, disabled */
	    {0, 8, 2, 1, 1, 0, 0, 0}, /* APIC 1, enabled */
	};
	static const u8 ioapic[12] = {1,    12,	  0, 0, 0, 0,
				      0xc0, 0xfe, 0, 0, 0, 0};
	static const u8 override[10] = {2, 10, 0, 0, 2, 0, 0, 0, 0, 0};

	(void)state;
	memset(madt, 0, sizeof(madt));
	for (int i = 0; i < 3; i++, off += 8)
		memcpy(madt + off, cpus[i], 8);
	memcpy(madt + off, ioapic, 12);
	memcpy(madt + off + 12, override, 10);
	acpi_parse_madt(madt, sizeof(madt), &info);
	assert_int_equal(info.nr_cpus, 2);
	assert_int_equal(info.apic_id[0], 0);
	assert_int_equal(info.apic_id[1], 1);
}

static void test_madt_truncated_entry_stops(void **state)
{
	u8 madt[44 + 8 + 4] = {0};
	struct acpi_info info = {0};

	(void)state;
	madt[44] = 0;
	madt[45] = 8;
	madt[48] = 1; /* APIC 0 enabled */
	madt[52] = 0;
	madt[53] = 8; /* claims 8 bytes, 4 remain */
	madt[56 - 1] = 0;
	acpi_parse_madt(madt, sizeof(madt), &info);
	assert_int_equal(info.nr_cpus, 1);
	madt[45] = 0; /* a zero length would loop forever */
	info.nr_cpus = 0;
	acpi_parse_madt(madt, sizeof(madt), &info);
	assert_int_equal(info.nr_cpus, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bochs_boot_information),
	    cmocka_unit_test(test_first_module_and_newer_rsdp_win),
	    cmocka_unit_test(test_malformed_information_refused),
	    cmocka_unit_test(test_no_module_no_ram),
	    cmocka_unit_test(test_madt_enabled_processors),
	    cmocka_unit_test(test_madt_truncated_entry_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
