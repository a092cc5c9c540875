/*
 * The multiboot2 information structure (Multiboot2 spec, 3.6): a u32
 * total_size, a u32 reserved, then 8-byte aligned tags {u32 type, u32
 * size, ...} up to an end tag (type 0). Pure logic, host unit-tested.
 */
#include "arch/x86_64/multiboot2.h"

#include "cvisor/errno.h"
#include "lib/string.h"

#define TAG_END	       0
#define TAG_MODULE     3
#define TAG_MMAP       6
#define TAG_ACPI_OLD   14
#define TAG_ACPI_NEW   15
#define MMAP_AVAILABLE 1

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Memory map tag: entry_size at +8, entry_version at +12, entries at +16:
 * {u64 base_addr, u64 length, u32 type, u32 reserved}. */
static void parse_mmap(const u8 *tag, u32 size, struct mb2_info *out)
{
	u32 esize = rd32(tag + 8);

	if (esize < 24)
		return;
	for (u32 off = 16; off + esize <= size; off += esize) {
		const u8 *e = tag + off;

		if (rd32(e + 16) != MMAP_AVAILABLE || !rd64(e + 8))
			continue;
		if (out->nr_ram == MB2_MAX_RAM)
			return;
		out->ram[out->nr_ram].base = rd64(e);
		out->ram[out->nr_ram].size = rd64(e + 8);
		out->nr_ram++;
	}
}

static void parse_tag(const u8 *tag, u32 type, u32 size, struct mb2_info *out)
{
	switch (type) {
	case TAG_MODULE: /* mod_start at +8, mod_end at +12 */
		if (size >= 16 && !out->module_end) {
			out->module_start = rd32(tag + 8);
			out->module_end = rd32(tag + 12);
		}
		break;
	case TAG_MMAP:
		if (size >= 16)
			parse_mmap(tag, size, out);
		break;
	case TAG_ACPI_OLD:
	case TAG_ACPI_NEW: /* the RSDP copy at +8; the newer one wins */
		if (size >= 8 + 20 && (!out->rsdp || type == TAG_ACPI_NEW))
			out->rsdp = tag + 8;
		break;
	default:
		break;
	}
}

int mb2_parse(const void *mbi, u64 max_size, struct mb2_info *out)
{
	const u8 *base = mbi;
	u32 total;

	memset(out, 0, sizeof(*out));
	if (max_size < 16)
		return -CV_EINVAL;
	total = rd32(base);
	if (total < 16 || total > max_size)
		return -CV_EINVAL;
	for (u32 off = 8; off + 8 <= total;) {
		u32 type = rd32(base + off), size = rd32(base + off + 4);

		if (size < 8 || size > total - off)
			return -CV_EINVAL;
		if (type == TAG_END)
			return out->module_start <= out->module_end
				   ? 0
				   : -CV_EINVAL;
		parse_tag(base + off, type, size, out);
		off += (size + 7) & ~7u;
	}
	return -CV_EINVAL; /* no end tag */
}
