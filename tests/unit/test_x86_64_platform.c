/*
 * Unit tests for what an x86 Linux zone is given: the ACPI tables
 * (arch/x86_64/acpi_build.c: layout, checksums, the MADT from the zone)
 * and the guest page-table walk used to fetch MMIO instructions
 * (arch/x86_64/guest_walk.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/acpi_build.h"
#include "arch/x86_64/guest_walk.h"

static u8 tab[4096];

static u64 get(const u8 *p, int n)
{
	u64 v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static const u8 *table_at(u64 gpa)
{
	return tab + (gpa - 0xe0000);
}

static void test_acpi_tables(void **state)
{
	struct acpi_zone z = {2, 0xfee00000, 0xfec00000, 15};
	u32 n = acpi_build_tables(tab, sizeof(tab), 0xe0000, &z);
	const u8 *xsdt, *fadt, *madt, *dsdt, *facs;

	(void)state;
	assert_true(n > 0 && n <= sizeof(tab));
	assert_memory_equal(tab, "RSD PTR ", 8);
	assert_int_equal(acpi_sum(tab, 20), 0);
	assert_int_equal(acpi_sum(tab, 36), 0);
	assert_int_equal(tab[15], 2);
	xsdt = table_at(get(tab + 24, 8));
	assert_memory_equal(xsdt, "XSDT", 4);
	assert_int_equal(acpi_sum(xsdt, (u32)get(xsdt + 4, 4)), 0);
	fadt = table_at(get(xsdt + 36, 8));
	madt = table_at(get(xsdt + 44, 8));
	assert_memory_equal(fadt, "FACP", 4);
	assert_int_equal(get(fadt + 4, 4), 276);
	assert_int_equal(acpi_sum(fadt, 276), 0);
	assert_int_equal(get(fadt + 46, 2), ACPI_SCI_IRQ);
	assert_int_equal(get(fadt + 64, 4), ACPI_PM1A_CNT_PORT);
	assert_int_equal(get(fadt + 112, 4) & (1u << 20), 0); /* not reduced */
	assert_int_equal(get(fadt + 116 + 4, 8), ACPI_RESET_PORT);
	dsdt = table_at(get(fadt + 140, 8));
	assert_memory_equal(dsdt, "DSDT", 4);
	assert_int_equal(acpi_sum(dsdt, (u32)get(dsdt + 4, 4)), 0);
	assert_memory_equal(dsdt + 36, "\x08_S5_\x12", 6); /* Name(_S5, Pkg) */
	facs = table_at(get(fadt + 132, 8));
	assert_memory_equal(facs, "FACS", 4);
	assert_int_equal(get(fadt + 132, 8) % 64, 0);
	assert_memory_equal(madt, "APIC", 4);
	assert_int_equal(acpi_sum(madt, (u32)get(madt + 4, 4)), 0);
	assert_int_equal(get(madt + 36, 4), 0xfee00000);
	/* two local APICs (ids 0, 1, enabled), then the IOAPIC */
	assert_int_equal(madt[44], 0);
	assert_int_equal(madt[47], 0);
	assert_int_equal(madt[52], 0);
	assert_int_equal(madt[55], 1);
	assert_int_equal(get(madt + 56, 4), 1);
	assert_int_equal(madt[60], 1);
	assert_int_equal(madt[62], 15);
	assert_int_equal(get(madt + 64, 4), 0xfec00000);
	/* ISA IRQ 0 -> GSI 2 */
	assert_int_equal(madt[72], 2);
	assert_int_equal(get(madt + 76, 4), 2);
	/* too small a buffer, no CPUs: nothing */
	assert_int_equal(acpi_build_tables(tab, 100, 0xe0000, &z), 0);
	z.nr_cpus = 0;
	assert_int_equal(acpi_build_tables(tab, sizeof(tab), 0xe0000, &z), 0);
}

/* Guest memory for the walk: 64 KiB at gpa 0. */
static u8 mem[0x10000];

static bool rd(void *ctx, u64 gpa, u32 size, u64 *out)
{
	(void)ctx;
	*out = 0;
	if (gpa + size > sizeof(mem))
		return false;
	memcpy(out, mem + gpa, size);
	return true;
}

static void put64(u64 gpa, u64 v)
{
	memcpy(mem + gpa, &v, 8);
}

static void test_walk_long_mode(void **state)
{
	struct guest_paging p = {.cr0 = 1u << 31 | 1,
				 .cr3 = 0x1000,
				 .cr4 = 1u << 5,
				 .efer = 1u << 10 | 1u << 8,
				 .read = rd};
	u64 lin = 0xffffffff81234567ull, gpa;

	(void)state;
	memset(mem, 0, sizeof(mem));
	/* PML4[511] -> 0x2000, PDPT[510] -> 0x3000, PD[9] -> PT 0x4000,
	 * PT[0x34] -> 0x7654000 */
	put64(0x1000 + 511 * 8, 0x2000 | 1);
	put64(0x2000 + 510 * 8, 0x3000 | 1);
	put64(0x3000 + 9 * 8, 0x4000 | 1);
	put64(0x4000 + 0x34 * 8, 0x7654000 | 1);
	assert_true(guest_linear_to_phys(&p, lin, &gpa));
	assert_int_equal(gpa, 0x7654567);
	/* a 2 MiB page in the PD */
	put64(0x3000 + 9 * 8, 0x40000000 | 1 | 1u << 7);
	assert_true(guest_linear_to_phys(&p, lin, &gpa));
	assert_int_equal(gpa, 0x40000000 + (lin & 0x1fffff));
	/* a 1 GiB page in the PDPT */
	put64(0x2000 + 510 * 8, 0x80000000ull | 1 | 1u << 7);
	assert_true(guest_linear_to_phys(&p, lin, &gpa));
	assert_int_equal(gpa, 0x80000000ull + (lin & 0x3fffffff));
	/* not present */
	put64(0x1000 + 511 * 8, 0x2000);
	assert_false(guest_linear_to_phys(&p, lin, &gpa));
	/* paging off: linear = physical */
	p.cr0 = 1;
	assert_true(guest_linear_to_phys(&p, 0x1234, &gpa));
	assert_int_equal(gpa, 0x1234);
}

static void test_walk_32bit_and_pae(void **state)
{
	struct guest_paging p = {
	    .cr0 = 1u << 31 | 1, .cr3 = 0x1000, .read = rd};
	u32 pde = 0x80000000u | 1 | 1u << 7;
	u64 gpa;

	(void)state;
	memset(mem, 0, sizeof(mem));
	/* 32-bit: PDE[0x300] -> PT 0x2000, PTE[0x45] -> 0x00abc000 */
	memcpy(mem + 0x1000 + 0x300 * 4, &(u32){0x2000 | 1}, 4);
	memcpy(mem + 0x2000 + 0x45 * 4, &(u32){0x00abc000 | 1}, 4);
	assert_true(guest_linear_to_phys(&p, 0xc0045123, &gpa));
	assert_int_equal(gpa, 0xabc123);
	/* a 4 MiB page needs CR4.PSE */
	memcpy(mem + 0x1000 + 0x300 * 4, &pde, 4);
	p.cr4 = 1u << 4;
	assert_true(guest_linear_to_phys(&p, 0xc0045123, &gpa));
	assert_int_equal(gpa, 0x80045123);
	/* PAE: PDPTE[3] -> PD 0x3000, PDE[0] 2 MiB page 0x00600000 */
	memset(mem, 0, sizeof(mem));
	p.cr4 = 1u << 5;
	p.cr3 = 0x1020;
	put64(0x1020 + 3 * 8, 0x3000 | 1);
	put64(0x3000, 0x00600000 | 1 | 1u << 7);
	assert_true(guest_linear_to_phys(&p, 0xc0012345, &gpa));
	assert_int_equal(gpa, 0x612345);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_acpi_tables),
	    cmocka_unit_test(test_walk_long_mode),
	    cmocka_unit_test(test_walk_32bit_and_pae),
	};

	return cmocka_run_group_tests_name("x86_64 platform", tests, NULL,
					   NULL);
}
