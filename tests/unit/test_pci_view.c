/*
 * Unit tests for a zone's view of the PCI configuration space
 * (drivers/pci/pci_view.c) over a fake configuration space: foreign
 * functions are absent, owned ones pass through except the BARs, which
 * are only programmed inside the zone's windows; sizing works; the ROM
 * and I/O BARs are hidden; the command register keeps I/O decoding off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/pci/pci_view.h"

#define OWN	 CV_PCI_BDF(0, 2, 0)
#define OWN64	 CV_PCI_BDF(0, 4, 0)
#define FOREIGN	 CV_PCI_BDF(0, 3, 0)
#define WIN	 0x10000000ull
#define WIN_SIZE 0x200000ull

/* Configuration space of bus 0 (256 functions x 1024 dwords) and what the
 * view wrote to it. */
static u32 space[256][1024];
static u32 nr_writes;

static u32 fake_read(void *ctx, u16 bdf, u32 reg)
{
	(void)ctx;
	return space[bdf & 0xff][reg / 4];
}

static void fake_write(void *ctx, u16 bdf, u32 reg, u32 v)
{
	(void)ctx;
	space[bdf & 0xff][reg / 4] = v;
	nr_writes++;
}

static struct pci_view view;

static u64 ecam(u16 bdf, u32 reg)
{
	return ((u64)bdf << 12) + reg;
}

/* 00:02.0: edu-like, BAR0 32-bit 1 MiB, BAR1 I/O; 00:04.0: BAR0/1 a
 * 64-bit prefetchable 1 MiB BAR. */
static int setup(void **state)
{
	struct pci_fn_bars edu = {.kind = {PCI_BAR_MEM32, PCI_BAR_IO},
				  .size = {MiB(1), 0x20}};
	struct pci_fn_bars b64 = {.kind = {PCI_BAR_MEM64, PCI_BAR_UPPER},
				  .flags = {0xc},
				  .size = {MiB(1)}};

	(void)state;
	memset(space, 0, sizeof(space));
	space[OWN][0] = 0x11e81234;
	space[OWN][2] = 0x00ff0010;
	space[FOREIGN][0] = 0x11e81234;
	space[OWN64][0] = 0x10001af4;
	view = (struct pci_view){.ops = {fake_read, fake_write, NULL}};
	assert_int_equal(pci_view_add(&view, OWN, &edu), 0);
	assert_int_equal(pci_view_add(&view, OWN64, &b64), 0);
	assert_int_equal(pci_view_add_window(&view, WIN, WIN_SIZE), 0);
	nr_writes = 0;
	return 0;
}

static void test_foreign_function_is_absent(void **state)
{
	(void)state;
	assert_int_equal(pci_view_read(&view, ecam(FOREIGN, 0), 4),
			 0xffffffffu);
	assert_int_equal(pci_view_read(&view, ecam(FOREIGN, 0), 2), 0xffff);
	assert_int_equal(pci_view_read(&view, ecam(FOREIGN, 0x0e), 1), 0xff);
	assert_int_equal(pci_view_read(&view, ecam(CV_PCI_BDF(1, 0, 0), 0), 4),
			 0xffffffffu);
	assert_int_equal(pci_view_write(&view, ecam(FOREIGN, 4), 4, 6),
			 PCI_VIEW_FOREIGN);
	assert_int_equal(nr_writes, 0);
	assert_int_equal(space[FOREIGN][1], 0);
}

static void test_owned_function_reads_through(void **state)
{
	(void)state;
	assert_int_equal(pci_view_read(&view, ecam(OWN, 0), 4), 0x11e81234);
	assert_int_equal(pci_view_read(&view, ecam(OWN, 2), 2), 0x11e8);
	assert_int_equal(pci_view_read(&view, ecam(OWN, 0x0a), 1), 0xff);
	assert_int_equal(pci_view_write(&view, ecam(OWN, 0), 4, 0),
			 PCI_VIEW_READ_ONLY);
	assert_int_equal(space[OWN][0], 0x11e81234);
}

static void test_bar_sizing_stays_in_the_view(void **state)
{
	(void)state;
	assert_int_equal(pci_view_write(&view, ecam(OWN, 0x10), 4, ~0u),
			 PCI_VIEW_OK);
	assert_int_equal(pci_view_read(&view, ecam(OWN, 0x10), 4), 0xfff00000);
	assert_int_equal(nr_writes, 0);
}

static void test_bar_inside_the_window_is_programmed(void **state)
{
	(void)state;
	assert_int_equal(
	    pci_view_write(&view, ecam(OWN, 0x10), 4, WIN + MiB(1)),
	    PCI_VIEW_OK);
	assert_int_equal(space[OWN][4], WIN + MiB(1));
	assert_int_equal(pci_view_read(&view, ecam(OWN, 0x10), 4),
			 WIN + MiB(1));
	/* Unaligned low bits are the BAR's own: masked to its size. */
	assert_int_equal(
	    pci_view_write(&view, ecam(OWN, 0x10), 4, WIN | 0x1234),
	    PCI_VIEW_OK);
	assert_int_equal(space[OWN][4], WIN);
}

static void test_bar_outside_the_window_is_refused(void **state)
{
	(void)state;
	pci_view_write(&view, ecam(OWN, 0x10), 4, WIN);
	nr_writes = 0;
	/* Beyond the window, straddling its end, below it. */
	assert_int_equal(
	    pci_view_write(&view, ecam(OWN, 0x10), 4, WIN + WIN_SIZE),
	    PCI_VIEW_BAR_REFUSED);
	assert_int_equal(pci_view_write(&view, ecam(OWN, 0x10), 4, 0x0f000000),
			 PCI_VIEW_BAR_REFUSED);
	assert_int_equal(nr_writes, 0);
	assert_int_equal(space[OWN][4], WIN);
	view.window[0].size =
	    MiB(1) + 0x1000; /* BAR at WIN + 1 MiB straddles */
	assert_int_equal(
	    pci_view_write(&view, ecam(OWN, 0x10), 4, WIN + MiB(1)),
	    PCI_VIEW_BAR_REFUSED);
	assert_int_equal(space[OWN][4], WIN);
}

static void test_bar_64bit(void **state)
{
	(void)state;
	pci_view_write(&view, ecam(OWN64, 0x10), 4, ~0u);
	pci_view_write(&view, ecam(OWN64, 0x14), 4, ~0u);
	assert_int_equal(pci_view_read(&view, ecam(OWN64, 0x10), 4),
			 0xfff0000c);
	assert_int_equal(pci_view_read(&view, ecam(OWN64, 0x14), 4),
			 0xffffffffu);
	assert_int_equal(nr_writes, 0);
	/* Low half first: the upper half is still all-ones (sizing in
	 * progress), nothing placed, nothing refused. */
	assert_int_equal(pci_view_write(&view, ecam(OWN64, 0x10), 4, (u32)WIN),
			 PCI_VIEW_OK);
	assert_int_equal(nr_writes, 0);
	assert_int_equal(pci_view_write(&view, ecam(OWN64, 0x14), 4, 0),
			 PCI_VIEW_OK);
	assert_int_equal(space[OWN64][4], (u32)WIN | 0xc);
	assert_int_equal(space[OWN64][5], 0);
	assert_int_equal(pci_view_write(&view, ecam(OWN64, 0x14), 4, 1),
			 PCI_VIEW_BAR_REFUSED);
	assert_int_equal(space[OWN64][5], 0);
	assert_int_equal(pci_view_read(&view, ecam(OWN64, 0x14), 4), 1);
}

static void test_io_bar_and_rom_hidden(void **state)
{
	(void)state;
	space[OWN][5] = 0xc001;
	space[OWN][12] = 0xfeed0001;
	assert_int_equal(pci_view_read(&view, ecam(OWN, 0x14), 4), 0);
	assert_int_equal(pci_view_write(&view, ecam(OWN, 0x14), 4, ~0u),
			 PCI_VIEW_READ_ONLY);
	assert_int_equal(pci_view_read(&view, ecam(OWN, 0x30), 4), 0);
	assert_int_equal(pci_view_write(&view, ecam(OWN, 0x30), 4, 1),
			 PCI_VIEW_READ_ONLY);
	assert_int_equal(space[OWN][5], 0xc001);
	assert_int_equal(space[OWN][12], 0xfeed0001);
}

static void test_command_register(void **state)
{
	(void)state;
	/* I/O space (bit 0) is never turned on; memory and bus master are. */
	assert_int_equal(pci_view_write(&view, ecam(OWN, 4), 4, 0x7),
			 PCI_VIEW_OK);
	assert_int_equal(space[OWN][1], 0x6);
	/* A byte write to the command register merges into the dword. */
	space[OWN][1] = 0x00100006;
	assert_int_equal(pci_view_write(&view, ecam(OWN, 5), 1, 0x04),
			 PCI_VIEW_OK);
	assert_int_equal(space[OWN][1] & 0xffff, 0x0406);
	/* The interrupt line is the zone's to write. */
	pci_view_write(&view, ecam(OWN, 0x3c), 1, 37);
	assert_int_equal(space[OWN][15] & 0xff, 37);
}

static void test_window_rules(void **state)
{
	(void)state;
	assert_true(pci_view_in_window(&view, WIN, WIN_SIZE));
	assert_false(pci_view_in_window(&view, WIN, WIN_SIZE + 1));
	assert_false(pci_view_in_window(&view, WIN, 0));
	assert_false(pci_view_in_window(&view, ~0ull - 10, 100));
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_foreign_function_is_absent),
	    T(test_owned_function_reads_through),
	    T(test_bar_sizing_stays_in_the_view),
	    T(test_bar_inside_the_window_is_programmed),
	    T(test_bar_outside_the_window_is_refused),
	    T(test_bar_64bit),
	    T(test_io_bar_and_rom_hidden),
	    T(test_command_register),
	    T(test_window_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
