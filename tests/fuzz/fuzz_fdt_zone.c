/*
 * Fuzz target: deriving a zone's device tree from the platform's
 * (core/fdt_zone.c + arch/aarch64/fdt_fixup.c + lib/fdt_util.c), with a
 * mutated platform tree.
 *
 * Input: 4 bytes describing the zone, then the platform DTB:
 *   byte 0: bit 0 GICv3 (else v2), bit 1 root zone with the management
 *           device, bit 2 an initrd, bit 3 a command line
 *   byte 1: the zone's CPUs (of 4; none means CPU 0)
 *   byte 2: which of QEMU virt's devices the zone owns (bit per device)
 *   byte 3: the first RAM region's size in 64 MiB units (0 = 16 MiB)
 * libfdt is built with every check on (cvisor's own build trusts the
 * bootloader's tree: FDT_ASSUME_MASK, see the top Makefile), so what is
 * exercised is cvisor's walk over whatever libfdt lets through.
 * Invariants: a derived tree fits its buffer, passes fdt_check_full, and
 * keeps no device under the root the zone does not own, and as many CPU
 * nodes as the zone has vCPUs at most, numbered from 0.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "cvisor/fdt_zone.h"
#include "cvisor/hypercall.h"
#include "cvisor/mgmt.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/gic.h"
#include "lib/fdt_util.h"
#include "tests/fdt_zone_stubs.h"
#include "tests/fuzz/fuzz.h"

bool mgmt_window(const struct zone *zone, ipa_t *ipa, u64 *size)
{
	const struct cv_mem_region *m = &zone->cfg->mem[0];

	if (m->size < 2 * CV_MGMT_WINDOW_SIZE + CV_DTB_AREA_SIZE)
		return false;
	*ipa =
	    ipa_init(m->ipa + m->size - CV_DTB_AREA_SIZE - CV_MGMT_WINDOW_SIZE);
	*size = CV_MGMT_WINDOW_SIZE;
	return true;
}

static const struct cv_device qemu_devices[8] = {
    {"uart", 0x09000000, 0x1000, 0, 0},
    {"rtc", 0x09010000, 0x1000, 0, 0},
    {"fw-cfg", 0x09020000, 0x1000, 0, 0},
    {"gpio", 0x09030000, 0x1000, 0, 0},
    {"virtio", 0x0a000000, 0x4000, 0, 0},
    {"flash", 0x00000000, 0x8000000, 0, 0},
    {"pcie", 0x10000000, 0x2eff0000, 0, 0},
    {"smmu", 0x09050000, 0x20000, 0, 0},
};

static void set_gic(bool v3)
{
	memset(&gic, 0, sizeof(gic));
	gic.version = v3 ? 3 : 2;
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

static void make_zone(const u8 *spec, struct zone *z, struct cv_zone_config *c)
{
	static u64 mgmt_regs[4];

	memset(z, 0, sizeof(*z));
	memset(c, 0, sizeof(*c));
	set_gic(spec[0] & 1);
	platform.nr_cpus = 4;
	for (u32 i = 0; i < 4; i++)
		platform.cpu_hwid[i] = i;
	platform.mgmt_ipa = ipa_init(0x0c000000);
	c->nr_mem = 1;
	c->mem[0] = (struct cv_mem_region){
	    0x48000000, 0x48000000,
	    spec[3] ? spec[3] * (64ull << 20) : 16 << 20, CV_MEM_RWX, 0};
	for (u32 i = 0; i < 8; i++) {
		if (spec[2] & (1u << i))
			c->devices[c->nr_devices++] = qemu_devices[i];
	}
	if (spec[0] & 4)
		c->initrd =
		    (struct cv_image){0x3000, 0x100000, 0x4a200000, 0, 0};
	if (spec[0] & 8)
		memcpy(c->cmdline, "console=ttyAMA0", 16);
	z->cfg = c;
	z->cpus = spec[1] & 0xf ? spec[1] & 0xf : 1;
	z->nr_vcpus = (u32)__builtin_popcountll(z->cpus);
	z->mgmt = spec[0] & 2 ? mgmt_regs : NULL;
	assert(!mmio_register(&z->mmio, ipa_init(pa_addr(gic.gicd)),
			      gic.gicd_size, gicd_handler, NULL, "gicd"));
}

static bool owned(const struct zone *z, u64 base, u64 size)
{
	const struct cv_zone_config *c = z->cfg;

	for (u32 i = 0; i < c->nr_devices; i++) {
		if (range_within(base, size ? size : 1, c->devices[i].base,
				 c->devices[i].size))
			return true;
	}
	return mmio_find(&z->mmio, ipa_init(base), 4) != NULL;
}

static bool added_or_kept(const void *fdt, int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);
	const char *name = fdt_get_name(fdt, node, NULL);

	if (type && (!strcmp(type, "memory") || !strcmp(type, "cpu")))
		return true;
	if (!fdt_node_check_compatible(fdt, node, "simple-bus"))
		return true;
	return name && (!strncmp(name, "cvisor-management@", 18) ||
			!strcmp(name, "reserved-memory"));
}

static void check_derived(const void *fdt, u64 buf_size, const struct zone *z)
{
	int node, cpus, n = 0;
	u64 base, size;

	assert(fdt_totalsize(fdt) <= buf_size);
	assert(fdt_check_full(fdt, fdt_totalsize(fdt)) == 0);
	fdt_for_each_subnode(node, fdt, 0)
	{
		if (added_or_kept(fdt, node) ||
		    fdt_get_reg_in(fdt, 0, node, 0, &base, &size))
			continue;
		assert(owned(z, base, size));
	}
	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "cpu") || !reg)
			continue;
		assert(fdt32_to_cpu(*reg) < z->nr_vcpus);
		n++;
	}
	assert(n <= (int)z->nr_vcpus);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct zone *z;
	struct cv_zone_config *c;
	void *dtb, *out;
	u64 out_size;

	if (size < 4 + sizeof(struct fdt_header))
		return 0;
	z = calloc(1, sizeof(*z));
	c = calloc(1, sizeof(*c));
	make_zone(data, z, c);
	size -= 4;
	dtb = malloc(size); /* exact sizes: ASan sees any overrun */
	memcpy(dtb, data + 4, size);
	/* The platform tree is the bootloader's, which cvisor trusts
	 * beyond the header check of platform_probe (libfdt is built with
	 * FDT_ASSUME_MASK). libfdt 1.7.2's own fdt_open_into also trusts the
	 * memory-reservation map (a truncated one gives memmove a negative
	 * size) and the block offsets: so the mutated trees here are those
	 * that libfdt's full check accepts, with any names, properties,
	 * values and nesting, which is what cvisor's code walks. */
	if (fdt_totalsize(dtb) <= size && !fdt_check_full(dtb, size) &&
	    fdt_num_mem_rsv(dtb) >= 0) {
		out_size = size + 8192;
		out = malloc(out_size);
		if (!fdt_derive_zone(dtb, out, out_size, z))
			check_derived(out, out_size, z);
		free(out);
	}
	free(dtb);
	free(c);
	free(z);
	return 0;
}
