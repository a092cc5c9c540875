/*
 * Recognising a kernel image the way QEMU's -kernel does, and where it goes:
 *   - an arm64 Linux Image (magic "ARM\x64" at 0x38): placed text_offset
 *     bytes above a 2 MiB aligned base, image_size bytes of memory;
 *   - an ELF64 for the zone's architecture: PT_LOAD segments at their
 *     physical addresses, entry from the header;
 *   - an x86 Linux bzImage (x86_64 zones): the whole file placed so that
 *     its protected-mode part starts at 1 MiB (cvisor/bzimage.h);
 *   - anything else is a raw binary: RAM base + RAW_LOAD_OFFSET, entered
 *     at its first byte.
 * gzip-compressed kernels are recognised so that the caller can inflate
 * them first (the host tool does; the hypervisor refuses them).
 * Pure logic, shared by tools/cvconfig and the hypervisor.
 */
#ifndef CVISOR_IMAGE_H
#define CVISOR_IMAGE_H

#include "cvisor/types.h"

#define EM_X86_64    62
#define EM_AARCH64   183
#define EM_RISCV     243
#define EM_LOONGARCH 258

#define IMAGE_RAW_LOAD_OFFSET 0x80000ull
#define IMAGE_ARM64_ALIGN     MiB(2)

enum image_kind {
	IMAGE_RAW,
	IMAGE_ARM64,
	IMAGE_ELF,
	IMAGE_GZIP,
	IMAGE_BZIMAGE, /* x86 Linux bzImage (cvisor/bzimage.h) */
};

struct image_info {
	enum image_kind kind;
	/* IMAGE_ARM64 / IMAGE_RAW / IMAGE_BZIMAGE: offset of the load address
	 * from a base aligned to `align`; IMAGE_ELF: the lowest physical
	 * address. */
	u64 load_offset;
	u64 align;
	u64 load_addr; /* IMAGE_ELF only */
	u64 mem_size;  /* bytes of memory the image occupies once loaded */
	u64 entry;     /* IMAGE_ELF, IMAGE_BZIMAGE: absolute; others: = load
			* address */
	u64 file_size; /* bytes copied (ELF: the flattened span) */
};

/* Identify data (size bytes). elf_machine is the EM_* the zone runs.
 * Returns 0, or -CV_EINVAL with `why` saying what is wrong. */
int image_probe(const void *data, u64 size, u32 elf_machine,
		struct image_info *info, char *why, size_t why_len);

/* ELF: copy the PT_LOAD segments into out (info->file_size bytes, zeroed
 * first, segment i at p_paddr - load_addr). Probe first. */
void image_flatten_elf(const void *data, const struct image_info *info,
		       void *out);

const char *image_kind_name(enum image_kind kind);

#endif
