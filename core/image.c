/*
 * Kernel image recognition (see cvisor/image.h). Headers:
 *  arm64 Image (Linux Documentation/arch/arm64/booting): code0/code1 at 0,
 *    text_offset (LE64) at 0x08, image_size (LE64) at 0x10, flags (LE64)
 *    at 0x18 (bit 0: big endian), magic 0x644d5241 at 0x38.
 *  ELF64: e_ident, e_machine at 0x12, e_entry 0x18, e_phoff 0x20,
 *    e_phentsize 0x36, e_phnum 0x38; program header: p_type 0,
 *    p_offset 0x08, p_paddr 0x18, p_filesz 0x20, p_memsz 0x28.
 */
#include "cvisor/image.h"

#include "cvisor/bzimage.h"
#include "cvisor/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define ARM64_MAGIC   0x644d5241u
#define ELF_PT_LOAD   1
#define ELF_PHDR_SIZE 56

static u64 le(const u8 *p, int bytes)
{
	u64 v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static int refuse(char *why, size_t n, const char *text)
{
	cv_snprintf(why, n, "%s", text);
	return -CV_EINVAL;
}

static int probe_arm64(const u8 *d, u64 size, struct image_info *info,
		       char *why, size_t n)
{
	u64 image_size = le(d + 0x10, 8);

	if (le(d + 0x18, 8) & 1)
		return refuse(why, n, "big-endian arm64 Image");
	/* Linux's TEXT_OFFSET was 0x80000, or random below 2 MiB, and is 0
	 * since 5.10: anything larger would move the load address away
	 * from the 2 MiB aligned base, even past 2^64. */
	if (le(d + 0x08, 8) >= IMAGE_ARM64_ALIGN)
		return refuse(why, n,
			      "arm64 Image header text_offset is not below "
			      "2 MiB");
	info->kind = IMAGE_ARM64;
	info->load_offset = le(d + 0x08, 8);
	info->align = IMAGE_ARM64_ALIGN;
	/* image_size 0: a kernel older than 3.17; its bss is unknown, so
	 * QEMU and bootloaders assume the file size. */
	info->mem_size = image_size ? image_size : size;
	if (info->mem_size < size)
		return refuse(why, n,
			      "arm64 Image header image_size is "
			      "smaller than the file");
	info->file_size = size;
	return 0;
}

static const u8 *phdr(const u8 *d, u32 i)
{
	return d + le(d + 0x20, 8) + (u64)i * le(d + 0x36, 2);
}

static int probe_elf_segments(const u8 *d, u64 size, struct image_info *info,
			      char *why, size_t n)
{
	u32 nr = (u32)le(d + 0x38, 2);
	u64 lo = ~0ull, hi = 0;

	if (le(d + 0x36, 2) != ELF_PHDR_SIZE || le(d + 0x20, 8) > size ||
	    (size - le(d + 0x20, 8)) / ELF_PHDR_SIZE < nr)
		return refuse(why, n, "ELF program headers outside the file");
	for (u32 i = 0; i < nr; i++) {
		const u8 *p = phdr(d, i);
		u64 off = le(p + 0x08, 8), pa = le(p + 0x18, 8);
		u64 filesz = le(p + 0x20, 8), memsz = le(p + 0x28, 8);

		if (le(p, 4) != ELF_PT_LOAD || !memsz)
			continue;
		if (off > size || filesz > size - off || filesz > memsz ||
		    pa + memsz < pa)
			return refuse(why, n, "ELF segment outside the file");
		lo = pa < lo ? pa : lo;
		hi = pa + memsz > hi ? pa + memsz : hi;
	}
	if (lo >= hi)
		return refuse(why, n, "ELF without loadable segments");
	info->load_addr = lo;
	info->mem_size = hi - lo;
	info->file_size = hi - lo;
	return 0;
}

static int probe_elf(const u8 *d, u64 size, u32 machine,
		     struct image_info *info, char *why, size_t n)
{
	u32 em;

	if (size < 64 || d[4] != 2)
		return refuse(why, n, "ELF is not 64-bit");
	if (d[5] != 1)
		return refuse(why, n, "ELF is not little-endian");
	em = (u32)le(d + 0x12, 2);
	if (em != machine) {
		cv_snprintf(why, n,
			    "ELF for another architecture (e_machine %u, "
			    "expected %u)",
			    em, machine);
		return -CV_EINVAL;
	}
	info->kind = IMAGE_ELF;
	info->entry = le(d + 0x18, 8);
	info->align = 1;
	return probe_elf_segments(d, size, info, why, n);
}

static int probe_raw(u64 size, struct image_info *info)
{
	info->kind = IMAGE_RAW;
	info->load_offset = IMAGE_RAW_LOAD_OFFSET;
	info->align = IMAGE_ARM64_ALIGN;
	info->mem_size = size;
	info->file_size = size;
	return 0;
}

/* The whole file goes below 1 MiB + kernel so that the protected-mode
 * part starts at BZ_KERNEL_IPA; its memory reaches mem_end. */
static int probe_bzimage(const u8 *d, u64 size, struct image_info *info,
			 char *why, size_t n)
{
	struct bzimage_info bz;
	int r = bzimage_probe(d, size, &bz, why, n);

	if (r <= 0)
		return r < 0 ? r : probe_raw(size, info);
	info->kind = IMAGE_BZIMAGE;
	info->load_offset = BZ_KERNEL_IPA - bz.setup_size;
	info->align = 1;
	info->mem_size = bz.mem_end - info->load_offset;
	info->entry = BZ_KERNEL_IPA;
	info->file_size = size;
	return 0;
}

int image_probe(const void *data, u64 size, u32 elf_machine,
		struct image_info *info, char *why, size_t why_len)
{
	const u8 *d = data;

	memset(info, 0, sizeof(*info));
	if (!size)
		return refuse(why, why_len, "empty file");
	if (size >= 2 && d[0] == 0x1f && d[1] == 0x8b) {
		info->kind = IMAGE_GZIP;
		info->file_size = size;
		return 0;
	}
	if (size >= 4 && !memcmp(d,
				 "\x7f"
				 "ELF",
				 4))
		return probe_elf(d, size, elf_machine, info, why, why_len);
	if (image_is_zboot(d, size)) {
		info->kind = IMAGE_ZBOOT;
		info->file_size = size;
		return 0;
	}
	if (elf_machine == EM_LOONGARCH && image_is_loongarch(d, size))
		return image_probe_loongarch(d, size, info, why, why_len);
	if (elf_machine == EM_X86_64)
		return probe_bzimage(d, size, info, why, why_len);
	if (elf_machine == EM_AARCH64 && size >= 64 &&
	    le(d + 0x38, 4) == ARM64_MAGIC)
		return probe_arm64(d, size, info, why, why_len);
	return probe_raw(size, info);
}

void image_flatten_elf(const void *data, const struct image_info *info,
		       void *out)
{
	const u8 *d = data;
	u32 nr = (u32)le(d + 0x38, 2);

	memset(out, 0, info->file_size);
	for (u32 i = 0; i < nr; i++) {
		const u8 *p = phdr(d, i);

		if (le(p, 4) != ELF_PT_LOAD || !le(p + 0x28, 8))
			continue;
		memcpy((u8 *)out + (le(p + 0x18, 8) - info->load_addr),
		       d + le(p + 0x08, 8), le(p + 0x20, 8));
	}
}

const char *image_kind_name(enum image_kind kind)
{
	static const char *const names[] = {
	    "raw binary", "arm64 Image",     "ELF",	  "gzip",
	    "bzImage",	  "LoongArch Image", "EFI zboot"};

	return kind <= IMAGE_ZBOOT ? names[kind] : "unknown";
}
