/*
 * Unit tests for the LoongArch Linux EFI hand-over (arch/loongarch64/
 * efi_boot.c): registers, system table, configuration tables with their
 * GUIDs, and the boot memory map split around reserved ranges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/loongarch64/efi_boot.h"
#include "cvisor/errno.h"

#define BASE 0x0ull

static u8 area[LA_EFI_AREA_SIZE];
static char why[128];

static u64 get(const u8 *p, int bytes)
{
	u64 v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Two RAM regions (given high one first), the area and a device-tree
 * area reserved in the first, an initrd, a command line. */
static struct la_efi_input linux_like(void)
{
	struct la_efi_input in = {0};

	in.ram[in.nr_ram++] = (struct la_range){0x90000000, 0x10000000};
	in.ram[in.nr_ram++] = (struct la_range){0x0, 0x10000000};
	in.resv[in.nr_resv++] = (struct la_range){0x0, LA_EFI_AREA_SIZE};
	in.resv[in.nr_resv++] = (struct la_range){0xfe00000, 0x200000};
	in.initrd_base = 0x1c00000;
	in.initrd_size = 0x10cfa3;
	in.dtb = 0xfe00000;
	in.cmdline = "console=ttyS0,115200 rdinit=/init";
	return in;
}

/* The address of the configuration table with this GUID's first word. */
static u64 table_for(u32 guid_a)
{
	const u8 *st = area + LA_EFI_OFF_SYSTAB;
	u64 nr = get(st + 104, 4), tables = get(st + 112, 8) - BASE;

	for (u64 i = 0; i < nr; i++) {
		const u8 *t = area + tables + i * EFI_CFG_TABLE_SIZE;

		if (get(t, 4) == guid_a)
			return get(t + 16, 8);
	}
	return ~0ull;
}

static void test_registers_and_system_table(void **state)
{
	struct la_efi_input in = linux_like();
	struct la_efi_regs r;
	const u8 *st = area + LA_EFI_OFF_SYSTAB;

	(void)state;
	memset(area, 0xee, sizeof(area));
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 0);
	assert_int_equal(r.a0, 1); /* EFI boot */
	assert_int_equal(r.a1, BASE + LA_EFI_OFF_CMDLINE);
	assert_int_equal(r.a2, BASE + LA_EFI_OFF_SYSTAB);
	assert_string_equal((const char *)area + r.a1, in.cmdline);
	assert_int_equal(get(st, 8), EFI_SYSTAB_SIG);
	assert_int_equal(get(st + 8, 4), (2u << 16) | 100u);
	assert_int_equal(get(st + 12, 4), EFI_SYSTAB_SIZE);
	assert_int_equal(get(st + 88, 8), 0); /* no runtime services */
	assert_int_equal(get(st + 96, 8), 0); /* no boot services */
	assert_int_equal(get(st + 104, 4), 3);
	/* fw_vendor: "cvisor" in UCS-2 */
	assert_int_equal(get(area + get(st + 24, 8) - BASE, 2), 'c');
	assert_int_equal(get(area + get(st + 24, 8) - BASE + 10, 2), 'r');
	assert_int_equal(get(area + get(st + 24, 8) - BASE + 12, 2), 0);
}

static void test_guids_and_tables(void **state)
{
	struct la_efi_input in = linux_like();
	struct la_efi_regs r;
	static const u8 memmap_guid[16] = {0x3f, 0x68, 0x0f, 0x80, 0x8b, 0xd0,
					   0x3a, 0x42, 0xa2, 0x93, 0x96, 0x5c,
					   0x3c, 0x6f, 0xe2, 0xb4};
	u64 initrd;

	(void)state;
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 0);
	assert_memory_equal(area + LA_EFI_OFF_TABLES, memmap_guid, 16);
	assert_int_equal(table_for(0x800f683f), BASE + LA_EFI_OFF_MEMMAP);
	assert_int_equal(table_for(0xb1b621d5), 0xfe00000); /* device tree */
	initrd = table_for(0x5568e427);
	assert_int_equal(initrd, BASE + LA_EFI_OFF_INITRD);
	assert_int_equal(get(area + initrd, 8), 0x1c00000);
	assert_int_equal(get(area + initrd + 8, 8), 0x10cfa3);
	/* no initrd, no device tree: only the memory map */
	in.initrd_size = 0;
	in.dtb = 0;
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 0);
	assert_int_equal(get(area + LA_EFI_OFF_SYSTAB + 104, 4), 1);
	assert_int_equal(table_for(0x5568e427), ~0ull);
}

static void expect_desc(u32 i, u32 type, u64 base, u64 size)
{
	const u8 *d =
	    area + LA_EFI_OFF_MEMMAP + EFI_MEMMAP_HDR + i * EFI_MEMDESC_SIZE;

	assert_int_equal(get(d, 4), type);
	assert_int_equal(get(d + 8, 8), base);
	assert_int_equal(get(d + 24, 8), size >> EFI_PAGE_SHIFT);
	assert_int_equal(get(d + 32, 8), EFI_MEMORY_WB);
}

static void test_memory_map(void **state)
{
	struct la_efi_input in = linux_like();
	struct la_efi_regs r;
	const u8 *hdr = area + LA_EFI_OFF_MEMMAP;

	(void)state;
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 0);
	assert_int_equal(get(hdr, 8), 4 * EFI_MEMDESC_SIZE); /* map_size */
	assert_int_equal(get(hdr + 8, 8), EFI_MEMDESC_SIZE); /* desc_size */
	assert_int_equal(get(hdr + 16, 4), 1);		     /* desc_ver */
	expect_desc(0, EFI_ACPI_RECLAIM_MEMORY, 0, LA_EFI_AREA_SIZE);
	expect_desc(1, EFI_CONVENTIONAL_MEMORY, LA_EFI_AREA_SIZE,
		    0xfe00000 - LA_EFI_AREA_SIZE);
	expect_desc(2, EFI_ACPI_RECLAIM_MEMORY, 0xfe00000, 0x200000);
	expect_desc(3, EFI_CONVENTIONAL_MEMORY, 0x90000000, 0x10000000);
	assert_int_equal(get(hdr, 8), 4 * EFI_MEMDESC_SIZE);
}

/* A reserved range across the end of a region is clipped to it. */
static void test_memory_map_clips_reserved(void **state)
{
	struct la_efi_input in = linux_like();
	struct la_efi_regs r;

	(void)state;
	in.resv[1] = (struct la_range){0xff00000, 0x200000};
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 0);
	expect_desc(2, EFI_ACPI_RECLAIM_MEMORY, 0xff00000, 0x100000);
	expect_desc(3, EFI_CONVENTIONAL_MEMORY, 0x90000000, 0x10000000);
}

static void test_refusals(void **state)
{
	struct la_efi_input in = linux_like();
	struct la_efi_regs r;
	char longline[LA_EFI_CMDLINE_MAX + 1];

	(void)state;
	in.ram[0].base = 0x90000800;
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 -CV_EINVAL);
	assert_non_null(strstr(why, "not 4 KiB aligned"));
	in = linux_like();
	in.nr_ram = 0;
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 -CV_EINVAL);
	assert_non_null(strstr(why, "RAM regions"));
	in = linux_like();
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = 0;
	in.cmdline = longline;
	assert_int_equal(la_efi_build(area, BASE, &in, &r, why, sizeof(why)),
			 -CV_EINVAL);
	assert_non_null(strstr(why, "cmdline"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_registers_and_system_table),
	    cmocka_unit_test(test_guids_and_tables),
	    cmocka_unit_test(test_memory_map),
	    cmocka_unit_test(test_memory_map_clips_reserved),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
