/*
 * Recognising a kernel image the way QEMU's -kernel does, and where it goes:
 *   - an arm64 Linux Image (magic "ARM\x64" at 0x38): placed text_offset
 *     bytes above a 2 MiB aligned base, image_size bytes of memory;
 *   - an ELF64 for the zone's architecture: PT_LOAD segments at their
 *     physical addresses, entry from the header;
 *   - an x86 Linux bzImage (x86_64 zones): the whole file placed so that
 *     its protected-mode part starts at 1 MiB (cvisor/bzimage.h);
 *   - a LoongArch Linux Image ("MZ" at 0, magic 0x818223cd at 0x38; see
 *     core/image_loongarch.c): load_offset above the RAM base, entered at
 *     its kernel_entry;
 *   - anything else is a raw binary: RAM base + RAW_LOAD_OFFSET, entered
 *     at its first byte.
 * gzip-compressed kernels and EFI zboot images (PE, "zimg" at 4) are
 * recognised so that the caller can unwrap them first (the host tool does;
 * the hypervisor refuses them).
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
	IMAGE_LOONGARCH,
	IMAGE_ZBOOT,
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
	u64 entry;     /* IMAGE_ELF, IMAGE_BZIMAGE: absolute;
			* IMAGE_LOONGARCH: offset of kernel_entry from the
			* load address; others: = load address */
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

/* image_loongarch.c: a LoongArch Linux Image header (0 when data carries
 * none: then it is not one; -CV_EINVAL with `why` when it is one with bad
 * fields) and an EFI zboot wrapper (true when data is one). */
#define LA_IMAGE_MAGIC	  0x818223cdu
#define LA_IMAGE_PHYSMASK 0x0000ffffffffffffull /* DMW bits [63:48] off */
bool image_is_loongarch(const void *data, u64 size);
int image_probe_loongarch(const void *data, u64 size, struct image_info *info,
			  char *why, size_t why_len);
bool image_is_zboot(const void *data, u64 size);
/* The zboot payload: offset, size and compression ("zstd", "gzip"...)
 * from its header; -CV_EINVAL with `why` when they leave the file. */
int image_zboot_payload(const void *data, u64 size, u64 *offset, u64 *len,
			char comp[8], char *why, size_t why_len);

#endif
