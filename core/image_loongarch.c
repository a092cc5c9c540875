/*
 * LoongArch kernel images (cvisor/image.h). Facts from Linux's
 * Documentation/arch/loongarch/booting.rst and the EFI zboot header:
 *  LoongArch Image: "MZ" at 0x00, kernel_entry (LE64, physical; older
 *    kernels give the DMW virtual address, bits [63:48] set) at 0x08,
 *    effective image size (_end - _text, LE64) at 0x10, load_offset
 *    (LE64, from the start of RAM) at 0x18, LINUX_PE_MAGIC 0x818223cd
 *    (LE32) at 0x38, offset of the PE header (LE32) at 0x3c.
 *  EFI zboot: "MZ" at 0x00, "zimg" at 0x04, payload offset (LE32) at
 *    0x08, payload size (LE32) at 0x0c, compression type (NUL-terminated,
 *    e.g. "zstd", "gzip") at 0x18.
 */
#include "cvisor/errno.h"
#include "cvisor/image.h"
#include "lib/printf.h"
#include "lib/string.h"

#define LA_HDR_SIZE	0x40
#define LA_LOAD_ALIGN	0x10000ull /* 64 KiB, the PE section alignment */
#define ZBOOT_HDR_SIZE	0x40
#define ZBOOT_COMP_OFF	0x18
#define ZBOOT_COMP_SIZE 8

static u64 le(const u8 *p, int bytes)
{
	u64 v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static bool is_mz(const u8 *d, u64 size, u64 min)
{
	return size >= min && d[0] == 'M' && d[1] == 'Z';
}

bool image_is_loongarch(const void *data, u64 size)
{
	const u8 *d = data;

	return is_mz(d, size, LA_HDR_SIZE) && le(d + 0x38, 4) == LA_IMAGE_MAGIC;
}

bool image_is_zboot(const void *data, u64 size)
{
	const u8 *d = data;

	return is_mz(d, size, ZBOOT_HDR_SIZE) && !memcmp(d + 4, "zimg", 4);
}

int image_probe_loongarch(const void *data, u64 size, struct image_info *info,
			  char *why, size_t n)
{
	const u8 *d = data;
	u64 entry = le(d + 0x08, 8) & LA_IMAGE_PHYSMASK;
	u64 mem = le(d + 0x10, 8), load = le(d + 0x18, 8);

	if (!image_is_loongarch(data, size)) {
		cv_snprintf(why, n, "no LoongArch Image header");
		return -CV_EINVAL;
	}
	if (load % LA_LOAD_ALIGN) {
		cv_snprintf(why, n,
			    "LoongArch Image load_offset 0x%llx is not 64 KiB "
			    "aligned",
			    (unsigned long long)load);
		return -CV_EINVAL;
	}
	if (!mem) /* no size field: the file is all there is */
		mem = size;
	if (mem < size) {
		cv_snprintf(why, n,
			    "LoongArch Image size 0x%llx is smaller than the "
			    "file (0x%llx bytes)",
			    (unsigned long long)mem, (unsigned long long)size);
		return -CV_EINVAL;
	}
	if (entry < load || entry - load >= mem || entry & 3) {
		cv_snprintf(why, n,
			    "LoongArch Image kernel_entry 0x%llx is outside "
			    "the image (0x%llx+0x%llx) or unaligned",
			    (unsigned long long)entry, (unsigned long long)load,
			    (unsigned long long)mem);
		return -CV_EINVAL;
	}
	info->kind = IMAGE_LOONGARCH;
	info->load_offset = load;
	info->align = LA_LOAD_ALIGN;
	info->mem_size = mem;
	info->entry = entry - load;
	info->file_size = size;
	return 0;
}

int image_zboot_payload(const void *data, u64 size, u64 *offset, u64 *len,
			char comp[ZBOOT_COMP_SIZE], char *why, size_t n)
{
	const u8 *d = data;

	if (!image_is_zboot(data, size)) {
		cv_snprintf(why, n, "not an EFI zboot image");
		return -CV_EINVAL;
	}
	*offset = le(d + 0x08, 4);
	*len = le(d + 0x0c, 4);
	memcpy(comp, d + ZBOOT_COMP_OFF, ZBOOT_COMP_SIZE);
	comp[ZBOOT_COMP_SIZE - 1] = 0;
	if (*offset < ZBOOT_HDR_SIZE || *offset > size || !*len ||
	    *len > size - *offset) {
		cv_snprintf(why, n,
			    "EFI zboot payload 0x%llx+0x%llx is outside the "
			    "file (%llu bytes)",
			    (unsigned long long)*offset,
			    (unsigned long long)*len, (unsigned long long)size);
		return -CV_EINVAL;
	}
	return 0;
}
