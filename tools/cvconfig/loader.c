/*
 * The host half of the kernel loader: gzip is inflated here (zlib), the
 * image is recognised by core/image.c (shared with the hypervisor) and
 * placed in the zone's RAM the way QEMU's -kernel would place it.
 */
#define _POSIX_C_SOURCE 200809L

#include "loader.h"
#include "zboot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define INFLATE_LIMIT (512ull << 20) /* no kernel is larger */

int inflate_gzip(u8 **data, u64 *size, char *why, size_t n)
{
	z_stream s = {0};
	u64 cap = *size * 4 + (1 << 20), len = 0;
	u8 *out = malloc(cap);
	int ret = Z_OK;

	if (!out || inflateInit2(&s, 16 + MAX_WBITS) != Z_OK) {
		free(out);
		snprintf(why, n, "cannot start gzip decompression");
		return -1;
	}
	s.next_in = *data;
	s.avail_in = (uInt)*size;
	while (ret == Z_OK) {
		if (len == cap) {
			u8 *bigger = cap * 2 <= INFLATE_LIMIT
					 ? realloc(out, cap * 2)
					 : NULL;

			if (!bigger) {
				ret = Z_MEM_ERROR;
				break;
			}
			out = bigger;
			cap *= 2;
		}
		s.next_out = out + len;
		s.avail_out = (uInt)(cap - len);
		ret = inflate(&s, Z_NO_FLUSH);
		len = cap - s.avail_out;
	}
	inflateEnd(&s);
	if (ret != Z_STREAM_END) {
		free(out);
		snprintf(why, n, "gzip data is corrupt or truncated (zlib %d)",
			 ret);
		return -1;
	}
	free(*data);
	*data = out;
	*size = len;
	return 0;
}

static void place(const struct image_info *info, u64 ram_base,
		  struct placement *out)
{
	out->kind = info->kind;
	out->mem_size = info->mem_size;
	if (info->kind == IMAGE_BZIMAGE) {
		out->load_ipa = ram_base + info->load_offset;
		out->entry = ram_base + info->entry;
		return;
	}
	if (info->kind == IMAGE_ELF) {
		out->load_ipa = info->load_addr;
		out->entry = info->entry;
		return;
	}
	/* LoongArch Image: load_offset above the RAM base, entered at its
	 * kernel_entry (Linux assumes RAM at physical 0). */
	if (info->kind == IMAGE_LOONGARCH) {
		out->load_ipa = ram_base + info->load_offset;
		out->entry = out->load_ipa + info->entry;
		return;
	}
	/* arm64 Image: text_offset above a 2 MiB aligned base; raw: the
	 * RAM base + 0x80000, as QEMU does. */
	out->load_ipa =
	    info->kind == IMAGE_ARM64
		? ALIGN_UP(ram_base, info->align) + info->load_offset
		: ram_base + info->load_offset;
	out->entry = out->load_ipa;
}

int loader_prepare_kernel(u8 **data, u64 *size, u32 elf_machine, u64 ram_base,
			  struct placement *out, char *why, size_t why_len)
{
	struct image_info info;

	if (image_probe(*data, *size, elf_machine, &info, why, why_len))
		return -1;
	if (info.kind == IMAGE_GZIP || info.kind == IMAGE_ZBOOT) {
		enum image_kind outer = info.kind;

		if (outer == IMAGE_GZIP
			? inflate_gzip(data, size, why, why_len)
			: zboot_unwrap(data, size, why, why_len))
			return -1;
		if (image_probe(*data, *size, elf_machine, &info, why, why_len))
			return -1;
		if (info.kind == IMAGE_GZIP || info.kind == IMAGE_ZBOOT) {
			snprintf(why, why_len, "%s inside %s",
				 image_kind_name(info.kind),
				 image_kind_name(outer));
			return -1;
		}
	}
	if (info.kind == IMAGE_ELF) {
		u8 *flat = calloc(1, info.file_size);

		if (!flat) {
			snprintf(why, why_len, "out of memory");
			return -1;
		}
		image_flatten_elf(*data, &info, flat);
		free(*data);
		*data = flat;
		*size = info.file_size;
	}
	if (info.kind == IMAGE_BZIMAGE && ram_base) {
		snprintf(why, why_len,
			 "a bzImage needs the zone's first RAM region at "
			 "guest-physical 0 (it starts at 0x%llx)",
			 (unsigned long long)ram_base);
		return -1;
	}
	place(&info, ram_base, out);
	/* A LoongArch vmlinux is linked at DMW addresses (e_entry
	 * 0x9000...): enter at the physical address, as QEMU does. */
	if (info.kind == IMAGE_ELF && elf_machine == EM_LOONGARCH)
		out->entry &= LA_IMAGE_PHYSMASK;
	return 0;
}
