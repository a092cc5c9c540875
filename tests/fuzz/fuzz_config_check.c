/*
 * Fuzz target: boot-bundle validation (core/config_check.c), which the
 * hypervisor runs on whatever the bootloader or the root zone hands it.
 *
 * The input is a bundle. Its checksum and its images' head sums are
 * patched after mutation (else the first checks refuse nearly every
 * input; tests/unit/seal.h); the unpatched bytes are
 * validated too, for the checksum path. Invariant: a bundle that passes
 * keeps every promise the zone builder relies on (counts within the
 * arrays, strings terminated, images inside the bundle, and with a
 * platform: CPUs, interrupts and RAM of the machine, away from cvisor).
 */
#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cvisor/config.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/seal.h"

static const struct cv_platform_limits platform = {
    .nr_cpus = 4,
    .nr_irqs = 288,
    .first_spi = 32,
    .nr_ram = 2,
    .ram = {{0x40000000, 0x40000000}, {0x100000000ull, 0x40000000}},
    .hv_base = 0x40000000,
    .hv_size = 0x8000000,
};

static bool terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

static void check_image(const struct cv_zone_config *z,
			const struct cv_image *img, u64 size)
{
	if (!img->size)
		return;
	if (img->flags & CV_IMAGE_PLACED) { /* the root's kernel or initrd */
		assert((z->flags & CV_ZONE_ROOT) && img != &z->dtb);
		assert(img->offset == 0 && img->load_ipa);
		return;
	}
	assert(img->offset % CV_IMAGE_ALIGN == 0);
	assert(img->offset <= size && img->size <= size - img->offset);
}

static bool inside_ram(u64 base, u64 len)
{
	for (u32 i = 0; i < platform.nr_ram; i++) {
		if (base >= platform.ram[i].base &&
		    len <= platform.ram[i].size &&
		    base - platform.ram[i].base <= platform.ram[i].size - len)
			return true;
	}
	return false;
}

static void check_against_platform(const struct cv_zone_config *z)
{
	assert(z->cpus && !(z->cpus >> platform.nr_cpus));
	for (u32 i = 0; i < z->nr_irqs; i++)
		assert(z->irqs[i] >= platform.first_spi &&
		       z->irqs[i] < platform.nr_irqs);
	for (u32 i = 0; i < z->nr_mem; i++) {
		const struct cv_mem_region *m = &z->mem[i];

		assert(m->size && m->pa + m->size > m->pa);
		assert(inside_ram(m->pa, m->size));
		assert(m->pa + m->size <= platform.hv_base ||
		       m->pa >= platform.hv_base + platform.hv_size);
	}
}

static void check_accepted(const u8 *b, u64 size, bool with_platform)
{
	const struct cv_bundle_header *h = (const void *)b;

	assert(h->magic == CV_BUNDLE_MAGIC && h->total_size <= size);
	assert(h->nr_zones >= 1 && h->nr_zones <= CV_MAX_ZONES);
	assert(h->zone_size == sizeof(struct cv_zone_config));
	assert(h->zones_offset + (u64)h->nr_zones * h->zone_size <= size);
	for (u32 i = 0; i < h->nr_zones; i++) {
		const struct cv_zone_config *z = cv_bundle_zone(h, i);

		assert(z->nr_mem >= 1 && z->nr_mem <= CV_MAX_MEM_REGIONS);
		assert(z->nr_devices <= CV_MAX_DEVICES);
		assert(z->nr_irqs <= CV_MAX_IRQS);
		assert(z->nr_shm <= CV_MAX_SHM);
		assert(terminated(z->name, sizeof(z->name)));
		assert(terminated(z->cmdline, sizeof(z->cmdline)));
		for (u32 d = 0; d < z->nr_devices; d++)
			assert(terminated(z->devices[d].name,
					  sizeof(z->devices[d].name)));
		check_image(z, &z->kernel, size);
		check_image(z, &z->initrd, size);
		check_image(z, &z->dtb, size);
		for (u32 s = 0; s < z->nr_shm; s++)
			assert(z->shm[s].size && z->shm[s].peer != z->id);
		if (with_platform)
			check_against_platform(z);
	}
}

static void validate(const u8 *b, u64 size)
{
	struct cv_config_error err;

	for (int p = 0; p < 2; p++) {
		const struct cv_platform_limits *plat = p ? &platform : NULL;
		int ret = cv_config_validate(b, size, plat, &err);

		assert(terminated(err.field, sizeof(err.field)));
		assert(terminated(err.reason, sizeof(err.reason)));
		if (!ret)
			check_accepted(b, size, plat != NULL);
		else
			assert(err.reason[0] != '\0');
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	/* An exact-size heap copy: ASan sees any read past the end. The
	 * hypervisor hands validation an 8-byte aligned staging area. */
	u8 *b = malloc(size ? size : 1);

	memcpy(b, data, size);
	if (size >= sizeof(struct cv_bundle_header)) {
		validate(b, size); /* the checksum as the input has it */
		test_seal_bundle(b, size);
	}
	validate(b, size);
	free(b);
	return 0;
}
