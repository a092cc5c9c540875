/*
 * Fuzz target: kernel image recognition (core/image.c, shared by cvconfig
 * and the hypervisor) and cvconfig's loader (tools/cvconfig/loader.c:
 * gzip inflation, ELF flattening, placement).
 *
 * Input: one byte choosing the zone's architecture, then the file.
 * Invariants: what image_probe accepts is self-consistent (an ELF's
 * loadable segments lie in the file and inside [load_addr, +file_size);
 * an arm64 Image or raw binary occupies at least its file), flattening
 * writes only inside its output, and the loader places the kernel where
 * the probe said.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "cvisor/image.h"
#include "loader.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BASE      0x40000000ull
#define FLATTEN_LIMIT (16u << 20) /* beyond: probe only, no copy */

static const u32 machines[] = {EM_AARCH64, EM_RISCV, EM_X86_64, EM_LOONGARCH};

static u64 le(const u8 *p, int bytes)
{
	u64 v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Every PT_LOAD with memory lies in the file and in the probed span. */
static void check_elf(const u8 *d, size_t size, const struct image_info *info)
{
	u64 phoff = le(d + 0x20, 8);
	u32 nr = (u32)le(d + 0x38, 2);

	assert(info->file_size == info->mem_size && info->mem_size);
	for (u32 i = 0; i < nr; i++) {
		const u8 *p = d + phoff + (u64)i * 56;
		u64 off = le(p + 8, 8), pa = le(p + 0x18, 8);
		u64 filesz = le(p + 0x20, 8), memsz = le(p + 0x28, 8);

		assert(phoff + (u64)(i + 1) * 56 <= size);
		if (le(p, 4) != 1 || !memsz)
			continue;
		assert(off <= size && filesz <= size - off && filesz <= memsz);
		assert(pa >= info->load_addr &&
		       pa - info->load_addr <= info->file_size - memsz);
	}
}

static void check_probe(const u8 *d, size_t size, u32 machine,
			const struct image_info *info)
{
	switch (info->kind) {
	case IMAGE_ELF:
		check_elf(d, size, info);
		break;
	case IMAGE_ARM64:
		assert(machine == EM_AARCH64 && info->mem_size >= size);
		break;
	case IMAGE_RAW:
		assert(info->mem_size == size && info->file_size == size);
		break;
	case IMAGE_GZIP:
		assert(size >= 2);
		break;
	case IMAGE_BZIMAGE: /* the whole file lands below the kernel's end */
		assert(info->file_size == size && info->mem_size >= size);
		break;
	case IMAGE_LOONGARCH: /* load_offset 64 KiB aligned, entry inside */
		assert(machine == EM_LOONGARCH && info->mem_size >= size &&
		       info->entry < info->mem_size &&
		       !(info->load_offset & 0xffff));
		break;
	case IMAGE_ZBOOT:
		assert(size >= 0x40 && d[0] == 'M' && d[1] == 'Z');
		break;
	}
}

static void flatten(const u8 *d, const struct image_info *info)
{
	u8 *out;

	if (info->kind != IMAGE_ELF || info->file_size > FLATTEN_LIMIT)
		return;
	/* Exactly file_size bytes: ASan catches a segment copied past. */
	out = malloc(info->file_size);
	image_flatten_elf(d, info, out);
	free(out);
}

static void load(const u8 *d, size_t size, u32 machine,
		 const struct image_info *info)
{
	u8 *copy;
	u64 len = size;
	struct placement pl;
	char why[160];

	if (info->kind == IMAGE_ELF && info->file_size > FLATTEN_LIMIT)
		return;
	copy = malloc(size);
	memcpy(copy, d, size);
	if (!loader_prepare_kernel(&copy, &len, machine, RAM_BASE, &pl, why,
				   sizeof(why))) {
		assert(pl.kind != IMAGE_GZIP);
		if (info->kind != IMAGE_GZIP)
			assert(pl.kind == info->kind);
		if (pl.kind == IMAGE_ARM64)
			assert(pl.load_ipa >= RAM_BASE && pl.mem_size >= len &&
			       pl.entry == pl.load_ipa);
		if (pl.kind == IMAGE_RAW)
			assert(pl.load_ipa == RAM_BASE + IMAGE_RAW_LOAD_OFFSET);
	} else {
		assert(memchr(why, '\0', sizeof(why)) && why[0]);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct image_info info;
	char why[160];
	u32 machine;
	u8 *file;

	if (!size)
		return 0;
	machine = machines[data[0] % 4];
	data++;
	size--;
	file = malloc(size ? size : 1); /* exact size, for ASan */
	memcpy(file, data, size);
	if (!image_probe(file, size, machine, &info, why, sizeof(why))) {
		check_probe(file, size, machine, &info);
		flatten(file, &info);
		load(file, size, machine, &info);
	} else {
		assert(memchr(why, '\0', sizeof(why)) && why[0]);
	}
	free(file);
	return 0;
}
