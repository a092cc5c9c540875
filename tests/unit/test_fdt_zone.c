/*
 * Unit tests for core/fdt_zone.c + arch/aarch64/fdt_fixup.c: a zone's
 * device tree derived from QEMU's (tests/data/qemu-virt-gicv{2,3}.dts,
 * compiled by the unit Makefile), checked with the host's libfdt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "cvisor/fdt_zone.h"
#include "cvisor/hypercall.h"
#include "cvisor/mgmt.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/gic.h"
#include "tests/unit/support.h"
#include "tests/fdt_zone_stubs.h"

#define BUF_SIZE TEST_DTB_BUF_SIZE

bool mgmt_window(const struct zone *zone, ipa_t *ipa, u64 *size)
{
	(void)zone;
	*ipa = ipa_init(0x7c000000);
	*size = CV_MGMT_WINDOW_SIZE;
	return true;
}

struct fixture {
	void *platform_dtb;
	void *out;
	struct zone zone;
	struct cv_zone_config cfg;
};

static void set_gic(int version)
{
	memset(&gic, 0, sizeof(gic));
	gic.version = (u32)version;
	gic.gicd = pa_init(0x08000000);
	gic.gicd_size = 0x10000;
	gic.gicr = pa_init(0x080a0000);
	gic.gicr_size = 0xf60000;
	gic.gicr_stride = 0x20000;
	gic.gicc = pa_init(0x08010000);
	gic.gicc_size = 0x10000;
	gic.gicv = pa_init(0x08040000);
	gic.gicv_size = 0x10000;
}

/* A 2-vCPU zone on CPUs 1-2 with the RTC and the virtio transports. */
static int setup(void **state, int version)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct cv_zone_config *c = &fx->cfg;

	fx->platform_dtb = test_load_dtb(version == 3 ? "qemu-virt-gicv3.dtb"
						      : "qemu-virt-gicv2.dtb");
	fx->out = calloc(1, BUF_SIZE);
	platform.nr_cpus = 4;
	for (u32 i = 0; i < 4; i++)
		platform.cpu_hwid[i] = i;
	platform.mgmt_ipa = ipa_init(0x0c000000);
	set_gic(version);
	c->nr_mem = 1;
	c->mem[0] = (struct cv_mem_region){0x48000000, 0x48000000, 0x38000000,
					   CV_MEM_RWX, 0};
	c->nr_devices = 2;
	c->devices[0] = (struct cv_device){"rtc", 0x09010000, 0x1000, 0, 0};
	c->devices[1] =
	    (struct cv_device){"virtio", 0x0a000000, 0x4000, CV_DEVICE_DMA, 0};
	memcpy(c->cmdline, "console=ttyAMA0 quiet", 22);
	c->initrd = (struct cv_image){0x3000, 0x100000, 0x4a200000, 0, 0};
	fx->zone.cfg = c;
	fx->zone.cpus = 0x6;
	fx->zone.nr_vcpus = 2;
	assert_int_equal(
	    mmio_register(&fx->zone.mmio, ipa_init(pa_addr(gic.gicd)),
			  gic.gicd_size, gicd_handler, NULL, "gicd"),
	    0);
	*state = fx;
	return 0;
}

static int setup_v3(void **state)
{
	return setup(state, 3);
}

static int setup_v2(void **state)
{
	return setup(state, 2);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->platform_dtb);
	free(fx->out);
	free(fx);
	return 0;
}

static void *derive(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(
	    fdt_derive_zone(fx->platform_dtb, fx->out, BUF_SIZE, &fx->zone), 0);
	assert_int_equal(fdt_check_full(fx->out, fdt_totalsize(fx->out)), 0);
	return fx->out;
}

static bool has_node(const void *fdt, const char *path)
{
	return fdt_path_offset(fdt, path) >= 0;
}

static u64 cells64(const fdt32_t *p)
{
	return ((u64)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
}

static void test_memory_is_the_zones(void **state)
{
	const void *fdt = derive(state);
	const fdt32_t *reg;
	int len;

	assert_false(has_node(fdt, "/memory@40000000"));
	reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@48000000"), "reg",
			  &len);
	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_int_equal(cells64(reg), 0x48000000);
	assert_int_equal(cells64(reg + 2), 0x38000000);
}

static void test_cpus_are_the_vcpus(void **state)
{
	const void *fdt = derive(state);
	int cpus = fdt_path_offset(fdt, "/cpus"), node, n = 0;

	assert_true(cpus >= 0);
	assert_true(fdt_subnode_offset(fdt, cpus, "cpu-map") < 0);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);

		assert_non_null(reg);
		assert_int_equal(fdt32_to_cpu(*reg), (u32)n);
		n++;
	}
	assert_int_equal(n, 2);
}

/* Found by tests/fuzz (regress/fdt_zone/): a CPU node no platform CPU
 * matches, or a second node of the zone's CPU, stayed in the zone's
 * tree as a CPU the zone does not have. */
static void test_unknown_and_duplicate_cpus_go(void **state)
{
	struct fixture *fx = *state;
	void *dtb = fx->platform_dtb;
	int cpus, node;

	assert_int_equal(fdt_open_into(dtb, dtb, BUF_SIZE), 0);
	cpus = fdt_path_offset(dtb, "/cpus");
	node = fdt_add_subnode(dtb, cpus, "cpu@7");
	assert_int_equal(fdt_setprop_string(dtb, node, "device_type", "cpu"),
			 0);
	assert_int_equal(fdt_setprop_u32(dtb, node, "reg", 7), 0);
	node = fdt_add_subnode(dtb, cpus, "cpu@1-again");
	assert_int_equal(fdt_setprop_string(dtb, node, "device_type", "cpu"),
			 0);
	assert_int_equal(fdt_setprop_u32(dtb, node, "reg", 1), 0);
	test_cpus_are_the_vcpus(state);
}

static void test_only_owned_devices_remain(void **state)
{
	const void *fdt = derive(state);

	assert_true(has_node(fdt, "/pl031@9010000"));
	assert_true(has_node(fdt, "/virtio_mmio@a000000"));
	assert_true(has_node(fdt, "/virtio_mmio@a003e00"));
	assert_false(has_node(fdt, "/pl011@9000000")); /* not the zone's */
	assert_false(has_node(fdt, "/pcie@10000000"));
	assert_false(has_node(fdt, "/flash@0"));
	assert_false(has_node(fdt, "/fw-cfg@9020000"));
	assert_false(has_node(fdt, "/pl061@9030000"));
	assert_true(has_node(fdt, "/timer"));
	assert_true(has_node(fdt, "/intc@8000000"));
}

static void test_chosen_and_psci(void **state)
{
	const void *fdt = derive(state);
	int chosen = fdt_path_offset(fdt, "/chosen");
	const fdt32_t *p;

	assert_string_equal(fdt_getprop(fdt, chosen, "bootargs", NULL),
			    "console=ttyAMA0 quiet");
	p = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL);
	assert_int_equal(cells64(p), 0x4a200000);
	p = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL);
	assert_int_equal(cells64(p), 0x4a300000);
	assert_string_equal(
	    fdt_getprop(fdt,
			fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2"),
			"method", NULL),
	    "hvc");
}

/* A zone without initrd or command line gets none, even when the
 * platform's /chosen has them (QEMU's -append and -initrd). */
static void test_no_initrd_no_cmdline_means_none(void **state)
{
	struct fixture *fx = *state;
	void *plat = fx->platform_dtb;
	int chosen;
	const void *fdt;

	assert_int_equal(fdt_open_into(plat, plat, BUF_SIZE), 0);
	chosen = fdt_path_offset(plat, "/chosen");
	assert_int_equal(fdt_setprop_string(plat, chosen, "bootargs", "x=1"),
			 0);
	assert_int_equal(
	    fdt_setprop_u64(plat, chosen, "linux,initrd-start", 0x48000000), 0);
	assert_int_equal(
	    fdt_setprop_u64(plat, chosen, "linux,initrd-end", 0x48001000), 0);
	fx->cfg.cmdline[0] = '\0';
	fx->cfg.initrd = (struct cv_image){0, 0, 0, 0, 0};
	fdt = derive(state);
	chosen = fdt_path_offset(fdt, "/chosen");
	assert_true(chosen >= 0);
	assert_null(fdt_getprop(fdt, chosen, "bootargs", NULL));
	assert_null(fdt_getprop(fdt, chosen, "linux,initrd-start", NULL));
	assert_null(fdt_getprop(fdt, chosen, "linux,initrd-end", NULL));
}

static void test_gicv3_frames_and_no_its(void **state)
{
	const void *fdt = derive(state);
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	const fdt32_t *reg;
	int len;

	assert_true(node >= 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	assert_int_equal(len, 32);
	assert_int_equal(cells64(reg), 0x08000000);
	assert_int_equal(cells64(reg + 4), 0x080a0000);
	assert_int_equal(cells64(reg + 6), 2 * 0x20000); /* one per vCPU */
	assert_true(fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3-its") <
		    0);
}

static void test_gicv2_cpu_interface_and_no_v2m(void **state)
{
	const void *fdt = derive(state);
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic");
	const fdt32_t *reg;
	int len;

	assert_true(node >= 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	assert_int_equal(len, 32); /* GICD and GICC only: no GICH/GICV */
	assert_int_equal(cells64(reg + 4), 0x08010000);
	assert_true(
	    fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v2m-frame") < 0);
}

static void test_root_zone_gets_management(void **state)
{
	struct fixture *fx = *state;
	const void *fdt;
	int node;

	fdt = derive(state);
	assert_false(has_node(fdt, "/cvisor-management@c000000"));
	fx->zone.mgmt = fx; /* any non-NULL: the zone is the root zone */
	fdt = derive(state);
	assert_true(has_node(fdt, "/cvisor-management@c000000"));
	node = fdt_path_offset(fdt, "/reserved-memory/cvisor-window@7c000000");
	assert_true(node >= 0);
	assert_non_null(fdt_getprop(fdt, node, "no-map", NULL));
}

static void test_platform_tree_is_left_alone(void **state)
{
	struct fixture *fx = *state;
	void *copy = malloc(fdt_totalsize(fx->platform_dtb));

	memcpy(copy, fx->platform_dtb, fdt_totalsize(fx->platform_dtb));
	derive(state);
	assert_memory_equal(copy, fx->platform_dtb,
			    fdt_totalsize(fx->platform_dtb));
	free(copy);
}

static int dummy_mmio(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	(void)vcpu;
	(void)a;
	(void)priv;
	return 0;
}

/* A zone owning a PCI function keeps the host bridge (cvisor emulates its
 * ECAM), without the MSI map, with ranges cut to its MMIO share. */
static void test_pci_host_cut_to_the_zones_share(void **state)
{
	struct fixture *fx = *state;
	const fdt32_t *r;
	const void *fdt;
	int node, len;

	fx->cfg.devices[2] =
	    (struct cv_device){"pci-share", 0x10200000, 0x100000, 0, 0};
	fx->cfg.nr_devices = 3;
	fx->cfg.pci[0] = CV_PCI_BDF(0, 2, 0);
	fx->cfg.nr_pci = 1;
	assert_int_equal(mmio_register(&fx->zone.mmio,
				       ipa_init(0x4010000000ull), 0x10000000,
				       dummy_mmio, NULL, "pci-ecam"),
			 0);
	fdt = derive(state);
	node = fdt_path_offset(fdt, "/pcie@10000000");
	assert_true(node >= 0);
	assert_null(fdt_getprop(fdt, node, "msi-map", NULL));
	assert_null(fdt_getprop(fdt, node, "iommu-map", NULL));
	r = fdt_getprop(fdt, node, "ranges", &len);
	assert_non_null(r);
	assert_int_equal(len, 7 * 4); /* one window: the share, no I/O */
	assert_int_equal(fdt32_to_cpu(r[0]), 0x2000000);
	assert_int_equal(fdt32_to_cpu(r[2]), 0x10200000); /* PCI address */
	assert_int_equal(fdt32_to_cpu(r[4]), 0x10200000); /* CPU address */
	assert_int_equal(fdt32_to_cpu(r[6]), 0x100000);
}

#define V3(fn) cmocka_unit_test_setup_teardown(fn, setup_v3, teardown)
#define V2(fn) cmocka_unit_test_setup_teardown(fn, setup_v2, teardown)

static void expect_cells(const void *fdt, const char *path, const char *prop,
			 const u32 *want, u32 n)
{
	int len;
	const fdt32_t *p =
	    fdt_getprop(fdt, fdt_path_offset(fdt, path), prop, &len);

	assert_non_null(p);
	assert_int_equal(len, (int)(n * 4));
	for (u32 i = 0; i < n; i++)
		if (fdt32_to_cpu(p[i]) != want[i])
			fail_msg("%s %s cell %u: 0x%x, want 0x%x", path, prop,
				 i, fdt32_to_cpu(p[i]), want[i]);
}

/* A served zone's transports: virtio,mmio nodes with GIC specifiers. */
static void test_virtio_transports(void **state)
{
	struct fixture *fx = *state;
	static const u32 irq[] = {0, 80 - 32, 4};
	static const u32 reg[] = {0, 0x0b000200, 0, 0x200};
	const void *fdt;

	fx->cfg.nr_virtio = 2;
	fx->cfg.virtio[0] = (struct cv_virtio){CV_VIRTIO_BLK, 79, 0x0b000000};
	fx->cfg.virtio[1] = (struct cv_virtio){CV_VIRTIO_NET, 80, 0x0b000200};
	fdt = derive(state);
	expect_cells(fdt, "/virtio_mmio@b000200", "interrupts", irq, 3);
	expect_cells(fdt, "/virtio_mmio@b000200", "reg", reg, 4);
	assert_true(has_node(fdt, "/virtio_mmio@b000000"));
}

/* A tree whose root names no interrupt-parent (QEMU's riscv64 virt names
 * it in each device node): the transports take the controller a device
 * node names, and say so themselves; with none named anywhere, no
 * transport node is written. */
static void test_virtio_intc_from_a_device_node(void **state)
{
	struct fixture *fx = *state;
	static const u32 irq[] = {0, 80 - 32, 4};
	static const u32 parent[] = {0x8005};
	void *plat = fx->platform_dtb;
	int rtc = fdt_path_offset(plat, "/pl031@9010000");
	const void *fdt;

	assert_true(rtc >= 0);
	assert_int_equal(fdt_delprop(plat, 0, "interrupt-parent"), 0);
	rtc = fdt_path_offset(plat, "/pl031@9010000");
	assert_int_equal(fdt_setprop_u32(plat, rtc, "interrupt-parent", 0x8005),
			 0);
	fx->cfg.nr_virtio = 1;
	fx->cfg.virtio[0] = (struct cv_virtio){CV_VIRTIO_NET, 80, 0x0b000200};
	fdt = derive(state);
	expect_cells(fdt, "/virtio_mmio@b000200", "interrupts", irq, 3);
	expect_cells(fdt, "/virtio_mmio@b000200", "interrupt-parent", parent,
		     1);

	for (int n = 0; n >= 0; n = fdt_next_node(plat, n, NULL))
		fdt_delprop(plat, n, "interrupt-parent");
	fdt = derive(state);
	assert_false(has_node(fdt, "/virtio_mmio@b000200"));
}

/* The zone is the root zone, on a board with cvisor's virtual PCI bridge
 * (ECAM 0xc100000, both windows, INTx from SPI 112); the test sets
 * platform.vpci_ecam back to 0 after deriving. */
static void root_with_vpci_bridge(struct fixture *fx)
{
	platform.vpci_ecam = ipa_init(0x0c100000);
	platform.vpci_mem32 = ipa_init(0x0c200000);
	platform.vpci_mem32_size = 0x100000;
	platform.vpci_mem64 = ipa_init(0x1000000000);
	platform.vpci_mem64_size = 0x1000000000;
	platform.vpci_first_irq = 112;
	fx->cfg.flags = CV_ZONE_ROOT;
}

/* The root zone's host bridge: ECAM, windows, INTA of each slot. */
static void test_vpci_host_bridge(void **state)
{
	struct fixture *fx = *state;
	static const u32 bus[] = {0, 0};
	static const u32 mask[] = {0xf800, 0, 0, 7};
	/* slot 1: devfn 8, INTA -> intc, unit address 0 0, SPI 113 */
	static const u32 slot1[] = {1 << 11, 0, 0, 1, 0x8005, 0, 0, 0, 81, 4};
	const fdt32_t *map;
	const void *fdt;
	int len;

	root_with_vpci_bridge(fx);
	fdt = derive(state);
	platform.vpci_ecam = ipa_init(0);
	expect_cells(fdt, "/pcie@c100000", "bus-range", bus, 2);
	expect_cells(fdt, "/pcie@c100000", "interrupt-map-mask", mask, 4);
	map = fdt_getprop(fdt, fdt_path_offset(fdt, "/pcie@c100000"),
			  "interrupt-map", &len);
	assert_non_null(map);
	assert_int_equal(len, 8 * 10 * 4);
	for (u32 i = 0; i < 10; i++)
		assert_int_equal(fdt32_to_cpu(map[10 + i]), slot1[i]);
}

static u32 prop_u32(const void *fdt, const char *path, const char *prop)
{
	int len;
	const fdt32_t *p =
	    fdt_getprop(fdt, fdt_path_offset(fdt, path), prop, &len);

	if (!p || len != 4)
		fail_msg("%s has no 4-byte %s", path, prop);
	return fdt32_to_cpu(*p);
}

/* The root zone owning PCI functions (the zones demo's disk and network)
 * keeps the platform's host bridge beside cvisor's virtual one: both are
 * "pci-host-ecam-generic", and each gets its own fix. The platform's loses
 * its IOMMU and MSI maps and is cut to the share; cvisor's keeps both its
 * windows and takes the next PCI domain (Linux refuses a mix of numbered
 * and unnumbered bridges). */
static void test_root_keeps_both_host_bridges(void **state)
{
	struct fixture *fx = *state;
	const void *fdt;
	int len;

	root_with_vpci_bridge(fx);
	fx->cfg.devices[2] =
	    (struct cv_device){"pci-share", 0x10000000, 0x1000000, 0, 0};
	fx->cfg.nr_devices = 3;
	fx->cfg.pci[0] = CV_PCI_BDF(0, 1, 0);
	fx->cfg.pci[1] = CV_PCI_BDF(0, 2, 0);
	fx->cfg.nr_pci = 2;
	assert_int_equal(mmio_register(&fx->zone.mmio,
				       ipa_init(0x4010000000ull), 0x10000000,
				       dummy_mmio, NULL, "pci-ecam"),
			 0);
	fdt = derive(state);
	platform.vpci_ecam = ipa_init(0);

	/* The platform's bridge: numbered 0, one window (the share). */
	assert_int_equal(prop_u32(fdt, "/pcie@10000000", "linux,pci-domain"),
			 0);
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/pcie@10000000"),
				"iommu-map", NULL));
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/pcie@10000000"),
				"msi-map", NULL));
	assert_non_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/pcie@10000000"),
				    "ranges", &len));
	assert_int_equal(len, 7 * 4);
	/* cvisor's: both windows untouched, domain 1. */
	assert_non_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/pcie@c100000"),
				    "ranges", &len));
	assert_int_equal(len, 2 * 7 * 4);
	assert_int_equal(prop_u32(fdt, "/pcie@c100000", "linux,pci-domain"), 1);
}

/* Without the platform's bridge (a root zone that owns no function, the
 * virtio demo) cvisor's bridge stays unnumbered, as Linux wants it when
 * it is the only one. */
static void test_vpci_bridge_alone_is_unnumbered(void **state)
{
	struct fixture *fx = *state;
	const void *fdt;

	root_with_vpci_bridge(fx);
	fdt = derive(state);
	platform.vpci_ecam = ipa_init(0);
	assert_true(has_node(fdt, "/pcie@c100000"));
	assert_false(has_node(fdt, "/pcie@10000000"));
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/pcie@c100000"),
				"linux,pci-domain", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    V3(test_virtio_transports),
	    V3(test_vpci_host_bridge),
	    V3(test_virtio_intc_from_a_device_node),
	    V3(test_root_keeps_both_host_bridges),
	    V2(test_root_keeps_both_host_bridges),
	    V3(test_vpci_bridge_alone_is_unnumbered),
	    V3(test_memory_is_the_zones),
	    V3(test_cpus_are_the_vcpus),
	    V3(test_unknown_and_duplicate_cpus_go),
	    V3(test_only_owned_devices_remain),
	    V3(test_chosen_and_psci),
	    V3(test_no_initrd_no_cmdline_means_none),
	    V3(test_gicv3_frames_and_no_its),
	    V2(test_gicv2_cpu_interface_and_no_v2m),
	    V2(test_only_owned_devices_remain),
	    V2(test_cpus_are_the_vcpus),
	    V3(test_root_zone_gets_management),
	    V3(test_platform_tree_is_left_alone),
	    V3(test_pci_host_cut_to_the_zones_share),
	};

	return cmocka_run_group_tests_name("fdt_zone", tests, NULL, NULL);
}
