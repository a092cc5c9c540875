/*
 * Unit tests for core/config_pci.c, the DMA rules of a bundle: PCI
 * functions owned twice (in one zone or two), not on the platform, on a
 * machine without an IOMMU (allowed only with "iommu": "off"), device
 * flags, passthrough devices on the MMIO cvisor keeps for DMA isolation
 * (the SMMU's registers, the ECAM), and the warnings about DMA that no
 * IOMMU confines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/config_bundle.h"

#define KERNEL_SIZE 0x1000u
#define NR_ZONES    2u
#define EDU	    CV_PCI_BDF(0, 2, 0)
#define EDU2	    CV_PCI_BDF(0, 3, 0)

/* QEMU virt with iommu=smmuv3 and edu devices at 00:02.0 and 00:03.0. */
static struct cv_platform_limits platform(void)
{
	struct cv_platform_limits p = {
	    .nr_cpus = 4,
	    .nr_irqs = 288,
	    .first_spi = 32,
	    .nr_ram = 1,
	    .ram = {{.base = 0x40000000, .size = GiB(1)}},
	    .hv_base = 0x40000000,
	    .hv_size = MiB(128),
	    .has_iommu = 1,
	    .has_pci = 1,
	};

	p.pci_bus0[0] = 1u << 0 | 1u << (2 * 8) | 1u << (3 * 8);
	return p;
}

static void fill_zone(struct cv_zone_config *zc, u32 id, u64 pa, u64 image)
{
	strcpy(zc->name, id ? "hostile" : "root");
	zc->id = id;
	zc->flags = id ? 0 : CV_ZONE_ROOT | CV_ZONE_AUTOSTART;
	zc->cpus = 1ull << id;
	zc->mem[0] = (struct cv_mem_region){
	    .ipa = pa, .pa = pa, .size = MiB(16), .flags = CV_MEM_RWX};
	zc->nr_mem = 1;
	zc->kernel = (struct cv_image){
	    .offset = image, .size = KERNEL_SIZE, .load_ipa = pa + 0x80000};
}

static int setup(void **state)
{
	struct bundle *b = test_bundle_new(NR_ZONES, NR_ZONES * KERNEL_SIZE);
	u64 images = test_bundle_images(NR_ZONES);

	for (u32 z = 0; z < NR_ZONES; z++)
		fill_zone(b->zone[z], z, 0x50000000 + z * MiB(32),
			  images + z * KERNEL_SIZE);
	b->zone[1]->pci[b->zone[1]->nr_pci++] = EDU;
	*state = b;
	return 0;
}

static struct bundle *bundle(void **state)
{
	return *state;
}

static int validate(void **state, const struct cv_platform_limits *plat,
		    struct cv_config_error *err)
{
	struct bundle *b = bundle(state);

	test_seal_bundle(b->data, b->size);
	return cv_config_validate(b->data, b->size, plat, err);
}

static void assert_rejected(void **state, const struct cv_platform_limits *plat,
			    int zone, const char *field, const char *keyword)
{
	struct cv_config_error err;

	assert_error(validate(state, plat, &err), &err, zone, field, keyword);
}

static void test_assigned_function_passes(void **state)
{
	struct cv_platform_limits p = platform();
	struct cv_config_error err;

	assert_int_equal(validate(state, NULL, &err), 0);
	assert_int_equal(validate(state, &p, &err), 0);
}

static void test_function_owned_by_two_zones(void **state)
{
	struct cv_zone_config *root = bundle(state)->zone[0];

	root->pci[root->nr_pci++] = EDU2;
	root->pci[root->nr_pci++] = EDU;
	/* Reported against the later zone, naming the earlier one. */
	bundle(state)->zone[1]->pci[1] = EDU2;
	bundle(state)->zone[1]->nr_pci = 2;
	assert_rejected(state, NULL, 1, "pci[0]",
			"00:02.0 is also owned by zone 0 'root'");
}

static void test_function_listed_twice_in_one_zone(void **state)
{
	struct cv_zone_config *zc = bundle(state)->zone[1];

	zc->pci[zc->nr_pci++] = EDU2;
	zc->pci[zc->nr_pci++] = EDU;
	assert_rejected(state, NULL, 1, "pci[2]",
			"00:02.0 is also owned by zone 1 'hostile'");
}

static void test_function_not_on_the_platform(void **state)
{
	struct cv_platform_limits p = platform();

	bundle(state)->zone[1]->pci[0] = CV_PCI_BDF(0, 4, 0);
	assert_rejected(state, &p, 1, "pci[0]",
			"00:04.0 is not on the platform");
	bundle(state)->zone[1]->pci[0] = CV_PCI_BDF(1, 2, 0);
	assert_rejected(state, &p, 1, "pci[0]",
			"01:02.0 is not on the platform");
	p.has_pci = 0;
	bundle(state)->zone[1]->pci[0] = EDU;
	assert_rejected(state, &p, 1, "pci[0]", "not on the platform");
}

static void test_function_without_iommu(void **state)
{
	struct cv_platform_limits p = platform();
	struct cv_config_error err;

	p.has_iommu = 0;
	assert_rejected(state, &p, 1, "pci[0]", "no IOMMU");
	/* The test-only switch accepts it (and warns, see below). */
	bundle(state)->hdr->flags = CV_BUNDLE_IOMMU_OFF;
	assert_int_equal(validate(state, &p, &err), 0);
}

static void test_too_many_functions(void **state)
{
	bundle(state)->zone[1]->nr_pci = CV_MAX_PCI + 1;
	assert_rejected(state, NULL, 1, "nr_pci", "at most 8");
}

static void test_reserved_must_be_zero(void **state)
{
	bundle(state)->zone[0]->reserved3 = 1;
	assert_rejected(state, NULL, 0, "reserved3", "must be 0");
}

static void test_device_flags(void **state)
{
	struct cv_zone_config *zc = bundle(state)->zone[0];
	struct cv_config_error err;

	strcpy(zc->devices[0].name, "virtio-mmio");
	zc->devices[0].base = 0x0a000000;
	zc->devices[0].size = 0x4000;
	zc->devices[0].flags = CV_DEVICE_DMA;
	zc->nr_devices = 1;
	assert_int_equal(validate(state, NULL, &err), 0);
	zc->devices[0].flags = 0x6;
	assert_rejected(state, NULL, 0, "devices[0].flags", "unknown bits");
	zc->devices[0].flags = 0;
	zc->devices[0].reserved = 2;
	assert_rejected(state, NULL, 0, "devices[0].reserved", "must be 0");
}

static void test_unknown_header_flag(void **state)
{
	bundle(state)->hdr->flags = 1u << 5;
	assert_rejected(state, NULL, -1, "header.flags", "unknown bits");
}

struct warnings {
	u32 n;
	int zone[4];
	char field[4][32];
	char reason[4][160];
};

static void collect(void *ctx, int zone, const char *field, const char *reason)
{
	struct warnings *w = ctx;

	if (w->n < 4) {
		w->zone[w->n] = zone;
		strncpy(w->field[w->n], field, sizeof(w->field[0]) - 1);
		strncpy(w->reason[w->n], reason, sizeof(w->reason[0]) - 1);
	}
	w->n++;
}

static void test_no_warnings_when_everything_is_confined(void **state)
{
	struct warnings w = {0};

	assert_int_equal(cv_config_warnings(bundle(state)->data, collect, &w),
			 0);
	assert_int_equal(w.n, 0);
}

static void test_warns_dma_device_without_iommu(void **state)
{
	struct cv_zone_config *zc = bundle(state)->zone[0];
	struct warnings w = {0};

	strcpy(zc->devices[1].name, "virtio-mmio");
	zc->devices[1].flags = CV_DEVICE_DMA;
	zc->nr_devices = 2;
	assert_int_equal(cv_config_warnings(bundle(state)->data, collect, &w),
			 1);
	assert_int_equal(w.zone[0], 0);
	assert_string_equal(w.field[0], "devices[1]");
	assert_non_null(strstr(w.reason[0], "'virtio-mmio' is DMA-capable "
					    "and no IOMMU translates it"));
}

static void test_warns_functions_with_iommu_off(void **state)
{
	struct warnings w = {0};

	bundle(state)->hdr->flags = CV_BUNDLE_IOMMU_OFF;
	assert_int_equal(cv_config_warnings(bundle(state)->data, collect, &w),
			 1);
	assert_int_equal(w.zone[0], 1);
	assert_string_equal(w.field[0], "pci[0]");
	assert_non_null(strstr(w.reason[0], "00:02.0: the IOMMU is switched "
					    "off"));
}

/* QEMU virt's SMMU frame and ECAM, as cvisor claims them at boot. */
static struct cv_platform_limits platform_with_hv_mmio(void)
{
	struct cv_platform_limits p = platform();

	p.hv_mmio[0] =
	    (struct cv_hv_mmio){0x09050000, 0x20000, "the SMMU's registers"};
	p.hv_mmio[1] = (struct cv_hv_mmio){0x4010000000ull, 0x10000000,
					   "the PCI host bridge's ECAM"};
	p.nr_hv_mmio = 2;
	return p;
}

/* A zone given the SMMU's registers could switch DMA translation off; one
 * given the ECAM could move any function's BARs and bus mastering: no
 * passthrough device may overlap either, by a single byte. */
static void test_device_on_the_smmu_registers(void **state)
{
	struct cv_platform_limits p = platform_with_hv_mmio();
	struct cv_zone_config *zc = bundle(state)->zone[1];
	struct cv_config_error err;

	add_device(zc, "smmu-tail", 0x0906f000, 0x2000);
	assert_int_equal(validate(state, NULL, &err), 0); /* cvconfig */
	assert_rejected(state, &p, 1, "devices[0].base",
			"'smmu-tail' 0x906f000+0x2000 overlaps the SMMU's "
			"registers 0x9050000+0x20000, which only cvisor may "
			"touch");
}

static void test_device_on_the_ecam(void **state)
{
	struct cv_platform_limits p = platform_with_hv_mmio();
	struct cv_zone_config *zc = bundle(state)->zone[0];

	add_device(zc, "rtc", 0x09010000, 0x1000);
	add_device(zc, "ecam", 0x4010008000ull, 0x1000);
	assert_rejected(state, &p, 0, "devices[1].base",
			"the PCI host bridge's ECAM");
}

/* Right next to them is fine: the demo's MMIO share, the frame below. */
static void test_devices_beside_cvisors_mmio(void **state)
{
	struct cv_platform_limits p = platform_with_hv_mmio();
	struct cv_zone_config *zc = bundle(state)->zone[1];
	struct cv_config_error err;

	add_device(zc, "below-smmu", 0x09040000, 0x10000);
	add_device(zc, "above-smmu", 0x09070000, 0x1000);
	add_device(zc, "pci-mmio-share", 0x10000000, MiB(16));
	add_device(zc, "below-ecam", 0x4000000000ull, 0x10000000);
	assert_int_equal(validate(state, &p, &err), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, test_bundle_free)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_assigned_function_passes),
	    T(test_function_owned_by_two_zones),
	    T(test_function_listed_twice_in_one_zone),
	    T(test_function_not_on_the_platform),
	    T(test_function_without_iommu),
	    T(test_too_many_functions),
	    T(test_reserved_must_be_zero),
	    T(test_device_flags),
	    T(test_unknown_header_flag),
	    T(test_no_warnings_when_everything_is_confined),
	    T(test_warns_dma_device_without_iommu),
	    T(test_warns_functions_with_iommu_off),
	    T(test_device_on_the_smmu_registers),
	    T(test_device_on_the_ecam),
	    T(test_devices_beside_cvisors_mmio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
