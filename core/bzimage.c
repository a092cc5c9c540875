/*
 * The Linux x86 boot protocol (see cvisor/bzimage.h). Setup header
 * fields, file offsets = zero-page offsets (boot.rst "real-mode kernel
 * header"): 0x1f1 setup_sects, 0x1fe boot_flag 0xAA55, 0x201 (jump's
 * second byte: the header ends at 0x202 + it), 0x202 "HdrS", 0x206
 * version, 0x210 type_of_loader, 0x211 loadflags (bit 0 LOADED_HIGH),
 * 0x218 ramdisk_image, 0x21c ramdisk_size, 0x228 cmd_line_ptr,
 * 0x22c initrd_addr_max, 0x230 kernel_alignment, 0x234
 * relocatable_kernel, 0x238 cmdline_size, 0x258 pref_address, 0x260
 * init_size. Zero page only: 0x070 acpi_rsdp_addr, 0x0c0/0x0c4/0x0c8
 * ext_ramdisk_image/size, ext_cmd_line_ptr, 0x1e8 e820_entries, 0x2d0
 * e820_table (20-byte entries: addr, size, type).
 */
#include "cvisor/bzimage.h"

#include "cvisor/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define HDR_START	 0x1f1
#define LOADED_HIGH	 0x01
#define TYPE_OF_LOADER	 0xff /* "undefined" bootloader id */
#define MAX_SETUP_SECTS	 64   /* the setup code must fit below 1 MiB */
#define DEFAULT_SETUP	 4    /* setup_sects 0 means 4 */
#define OFF_RSDP	 0x070
#define OFF_EXT_RAMDISK	 0x0c0
#define OFF_EXT_RAMSIZE	 0x0c4
#define OFF_EXT_CMDLINE	 0x0c8
#define OFF_E820_ENTRIES 0x1e8
#define OFF_TYPE_LOADER	 0x210
#define OFF_LOADFLAGS	 0x211
#define OFF_RAMDISK	 0x218
#define OFF_RAMDISK_SIZE 0x21c
#define OFF_CMDLINE	 0x228
#define OFF_E820_TABLE	 0x2d0
#define E820_ENTRY_SIZE	 20

static u64 rd(const u8 *p, int bytes)
{
	u64 v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void wr(u8 *p, u64 v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (u8)(v >> (8 * i));
}

static int refuse(char *why, size_t n, const char *text)
{
	cv_snprintf(why, n, "%s", text);
	return -CV_EINVAL;
}

/* Where the decompressor works: from the load address aligned up to
 * kernel_alignment, raised to pref_address (LOAD_PHYSICAL_ADDR), for
 * init_size bytes (boot.rst: init_size "starting at the kernel runtime
 * start address"). */
static u64 kernel_mem_end(const u8 *d, bool relocatable)
{
	u64 align = rd(d + 0x230, 4), pref = rd(d + 0x258, 8);
	u64 start = BZ_KERNEL_IPA;

	if (relocatable && align > 1)
		start = (start + align - 1) & ~(align - 1);
	if (pref > start)
		start = pref;
	return start + rd(d + 0x260, 4);
}

int bzimage_probe(const void *data, u64 size, struct bzimage_info *info,
		  char *why, size_t n)
{
	const u8 *d = data;
	u32 sects;

	if (size < 0x270 || rd(d + 0x1fe, 2) != 0xaa55 ||
	    memcmp(d + 0x202, "HdrS", 4))
		return 0;
	memset(info, 0, sizeof(*info));
	info->protocol = (u16)rd(d + 0x206, 2);
	if (info->protocol < BZ_MIN_PROTOCOL) {
		cv_snprintf(why, n,
			    "bzImage boot protocol %u.%02u is older than 2.06",
			    info->protocol >> 8, info->protocol & 0xff);
		return -CV_EINVAL;
	}
	if (!(d[0x211] & LOADED_HIGH))
		return refuse(why, n, "zImage (not loaded high): unsupported");
	sects = d[HDR_START] ? d[HDR_START] : DEFAULT_SETUP;
	if (sects > MAX_SETUP_SECTS)
		return refuse(why, n, "bzImage setup_sects larger than 64");
	info->setup_size = (sects + 1) * 512;
	if (size <= info->setup_size)
		return refuse(why, n, "bzImage without a protected-mode part");
	info->kernel_size = size - info->setup_size;
	info->hdr_end = 0x202 + d[0x201];
	info->relocatable = d[0x234];
	info->cmdline_max = (u32)rd(d + 0x238, 4);
	info->initrd_max = (u32)rd(d + 0x22c, 4);
	info->mem_end = kernel_mem_end(d, info->relocatable);
	if (info->mem_end < BZ_KERNEL_IPA + info->kernel_size)
		return refuse(why, n,
			      "bzImage init_size is smaller than the kernel");
	return 1;
}

static void add(struct e820_entry *out, u32 *nr, u32 max, u64 a, u64 e,
		u32 type)
{
	if (e > a && *nr < max)
		out[(*nr)++] = (struct e820_entry){a, e - a, type};
}

static void sort(struct e820_entry *e, u32 nr)
{
	for (u32 i = 1; i < nr; i++) {
		for (u32 j = i; j && e[j - 1].addr > e[j].addr; j--) {
			struct e820_entry t = e[j];

			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	}
}

u32 bzimage_e820(const struct bz_ram *ram, u32 nr_ram, struct e820_entry *out,
		 u32 max)
{
	u32 nr = 0;

	for (u32 i = 0; i < nr_ram; i++) {
		u64 a = ram[i].ipa, e = ram[i].ipa + ram[i].size;
		u64 lo_end = e < BZ_LOW_RAM_END ? e : BZ_LOW_RAM_END;
		u64 hole_a = a > BZ_LOW_RAM_END ? a : BZ_LOW_RAM_END;
		u64 hole_e = e < BZ_KERNEL_IPA ? e : BZ_KERNEL_IPA;
		u64 hi = a > BZ_KERNEL_IPA ? a : BZ_KERNEL_IPA;

		add(out, &nr, max, a, lo_end, E820_RAM);
		add(out, &nr, max, hole_a, hole_e, E820_RESERVED);
		add(out, &nr, max, hi, e, E820_RAM);
	}
	sort(out, nr);
	return nr;
}

void bzimage_zero_page(const void *image, const struct bzimage_info *info,
		       const struct bz_boot *b, u8 *zp)
{
	const u8 *d = image;
	u32 nr = b->nr_e820 < BZ_E820_MAX ? b->nr_e820 : BZ_E820_MAX;

	memset(zp, 0, BZ_ZERO_PAGE_SIZE);
	memcpy(zp + HDR_START, d + HDR_START, info->hdr_end - HDR_START);
	zp[OFF_TYPE_LOADER] = TYPE_OF_LOADER;
	zp[OFF_LOADFLAGS] |= LOADED_HIGH;
	wr(zp + OFF_CMDLINE, (u32)b->cmdline_ipa, 4);
	wr(zp + OFF_EXT_CMDLINE, (u32)(b->cmdline_ipa >> 32), 4);
	wr(zp + OFF_RAMDISK, (u32)b->initrd_ipa, 4);
	wr(zp + OFF_EXT_RAMDISK, (u32)(b->initrd_ipa >> 32), 4);
	wr(zp + OFF_RAMDISK_SIZE, (u32)b->initrd_size, 4);
	wr(zp + OFF_EXT_RAMSIZE, (u32)(b->initrd_size >> 32), 4);
	wr(zp + OFF_RSDP, b->rsdp_ipa, 8);
	zp[OFF_E820_ENTRIES] = (u8)nr;
	for (u32 i = 0; i < nr; i++) {
		u8 *e = zp + OFF_E820_TABLE + i * E820_ENTRY_SIZE;

		wr(e, b->e820[i].addr, 8);
		wr(e + 8, b->e820[i].size, 8);
		wr(e + 16, b->e820[i].type, 4);
	}
}

/* Is option `opt` (len bytes, "name" or "name=value") named in cmdline? */
static bool has_option(const char *cmdline, const char *opt, size_t len)
{
	size_t name = 0;

	while (name < len && opt[name] != '=')
		name++;
	for (const char *p = cmdline; *p;) {
		size_t n = 0;

		while (*p == ' ')
			p++;
		while (p[n] && p[n] != ' ')
			n++;
		if (n >= name && !memcmp(p, opt, name) &&
		    (n == name || p[name] == '='))
			return true;
		p += n;
	}
	return false;
}

int bzimage_add_cmdline_defaults(char *cmdline, size_t size,
				 const char *defaults)
{
	size_t used = strlen(cmdline), start = used;

	for (const char *d = defaults; *d;) {
		size_t n = 0;

		while (*d == ' ')
			d++;
		while (d[n] && d[n] != ' ')
			n++;
		if (n && !has_option(cmdline, d, n)) {
			if (used + (used ? 1 : 0) + n + 1 > size) {
				cmdline[start] = 0;
				return -CV_ERANGE;
			}
			if (used)
				cmdline[used++] = ' ';
			memcpy(cmdline + used, d, n);
			used += n;
			cmdline[used] = 0;
		}
		d += n;
	}
	return 0;
}
