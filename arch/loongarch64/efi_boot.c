/* The EFI boot hand-over for LoongArch Linux (efi_boot.h). */
#include "arch/loongarch64/efi_boot.h"

#include "cvisor/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

/* GUIDs as stored: LE32, LE16, LE16, then 8 bytes as written. */
static const u8 guid_memmap[16] = {0x3f, 0x68, 0x0f, 0x80, 0x8b, 0xd0,
				   0x3a, 0x42, 0xa2, 0x93, 0x96, 0x5c,
				   0x3c, 0x6f, 0xe2, 0xb4};
static const u8 guid_initrd[16] = {0x27, 0xe4, 0x68, 0x55, 0xfc, 0x68,
				   0x3d, 0x4f, 0xac, 0x74, 0xca, 0x55,
				   0x52, 0x31, 0xcc, 0x68};
static const u8 guid_dtb[16] = {0xd5, 0x21, 0xb6, 0xb1, 0x9c, 0xf1, 0xa5, 0x41,
				0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0};

static void put(u8 *p, u64 v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (u8)(v >> (8 * i));
}

static int refuse(char *why, size_t n, const char *what)
{
	cv_snprintf(why, n, "%s", what);
	return -CV_EINVAL;
}

/* ---- The memory map: RAM split around the reserved ranges, sorted ---- */

struct memmap {
	u8 *desc;
	u32 nr, max;
};

static int add_desc(struct memmap *m, u32 type, u64 base, u64 end)
{
	u8 *d;

	if (base >= end)
		return 0;
	if (m->nr == m->max)
		return -CV_ENOMEM;
	d = m->desc + (u64)m->nr++ * EFI_MEMDESC_SIZE;
	memset(d, 0, EFI_MEMDESC_SIZE);
	put(d, type, 4);
	put(d + 8, base, 8);				/* phys_addr */
	put(d + 24, (end - base) >> EFI_PAGE_SHIFT, 8); /* num_pages */
	put(d + 32, EFI_MEMORY_WB, 8);			/* attribute */
	return 0;
}

/* The lowest reserved range that ends above `from` inside [from, end). */
static const struct la_range *next_resv(const struct la_efi_input *in, u64 from,
					u64 end)
{
	const struct la_range *best = NULL;

	for (u32 i = 0; i < in->nr_resv; i++) {
		const struct la_range *r = &in->resv[i];

		if (r->base + r->size <= from || r->base >= end)
			continue;
		if (!best || r->base < best->base)
			best = r;
	}
	return best;
}

static int map_region(struct memmap *m, const struct la_efi_input *in,
		      const struct la_range *ram)
{
	u64 at = ram->base, end = ram->base + ram->size;
	const struct la_range *r;
	int err = 0;

	while (!err && at < end && (r = next_resv(in, at, end))) {
		u64 rb = r->base > at ? r->base : at;
		u64 re = r->base + r->size < end ? r->base + r->size : end;

		err = add_desc(m, EFI_CONVENTIONAL_MEMORY, at, rb);
		if (!err)
			err = add_desc(m, EFI_ACPI_RECLAIM_MEMORY, rb, re);
		at = re;
	}
	return err ? err : add_desc(m, EFI_CONVENTIONAL_MEMORY, at, end);
}

/* RAM regions in address order (the caller's may be in any). */
static const struct la_range *nth_lowest(const struct la_efi_input *in,
					 const struct la_range *prev)
{
	const struct la_range *best = NULL;

	for (u32 i = 0; i < in->nr_ram; i++) {
		const struct la_range *r = &in->ram[i];

		if (prev && r->base <= prev->base)
			continue;
		if (!best || r->base < best->base)
			best = r;
	}
	return best;
}

static int check_input(const struct la_efi_input *in, char *why, size_t n)
{
	const u64 page = (1ull << EFI_PAGE_SHIFT) - 1;

	if (!in->nr_ram || in->nr_ram > LA_EFI_MAX_RAM)
		return refuse(why, n, "memory: 1 to 8 RAM regions");
	if (in->nr_resv > LA_EFI_MAX_RESV)
		return refuse(why, n, "memory: more than 4 reserved ranges");
	for (u32 i = 0; i < in->nr_ram; i++) {
		if ((in->ram[i].base | in->ram[i].size) & page ||
		    !in->ram[i].size)
			return refuse(why, n,
				      "memory: a RAM region is empty or not "
				      "4 KiB aligned");
	}
	for (u32 i = 0; i < in->nr_resv; i++) {
		if ((in->resv[i].base | in->resv[i].size) & page)
			return refuse(why, n,
				      "memory: a reserved range is not 4 KiB "
				      "aligned");
	}
	if (in->cmdline && strlen(in->cmdline) >= LA_EFI_CMDLINE_MAX)
		return refuse(why, n, "cmdline: longer than 4095 bytes");
	return 0;
}

static int build_memmap(u8 *area, const struct la_efi_input *in)
{
	u8 *hdr = area + LA_EFI_OFF_MEMMAP;
	struct memmap m = {
	    hdr + EFI_MEMMAP_HDR, 0,
	    (LA_EFI_AREA_SIZE - LA_EFI_OFF_MEMMAP - EFI_MEMMAP_HDR) /
		EFI_MEMDESC_SIZE};
	const struct la_range *r = NULL;
	int err = 0;

	while (!err && (r = nth_lowest(in, r)))
		err = map_region(&m, in, r);
	if (err)
		return err;
	put(hdr, (u64)m.nr * EFI_MEMDESC_SIZE, 8);	 /* map_size */
	put(hdr + 8, EFI_MEMDESC_SIZE, 8);		 /* desc_size */
	put(hdr + 16, 1, 4);				 /* desc_ver */
	put(hdr + 32, (u64)m.max * EFI_MEMDESC_SIZE, 8); /* buff_size */
	return 0;
}

/* ---- System table and configuration tables ---- */

static void add_table(u8 *area, u32 *nr, const u8 guid[16], u64 table)
{
	u8 *t = area + LA_EFI_OFF_TABLES + *nr * EFI_CFG_TABLE_SIZE;

	memcpy(t, guid, 16);
	put(t + 16, table, 8);
	(*nr)++;
}

static void build_systab(u8 *area, u64 base, const struct la_efi_input *in)
{
	static const char vendor[] = "cvisor";
	u8 *st = area + LA_EFI_OFF_SYSTAB;
	u32 nr = 0;

	for (u32 i = 0; i < sizeof(vendor); i++) /* UCS-2 */
		put(area + LA_EFI_OFF_VENDOR + 2 * i, (u8)vendor[i], 2);
	add_table(area, &nr, guid_memmap, base + LA_EFI_OFF_MEMMAP);
	if (in->initrd_size) {
		put(area + LA_EFI_OFF_INITRD, in->initrd_base, 8);
		put(area + LA_EFI_OFF_INITRD + 8, in->initrd_size, 8);
		add_table(area, &nr, guid_initrd, base + LA_EFI_OFF_INITRD);
	}
	if (in->dtb)
		add_table(area, &nr, guid_dtb, in->dtb);
	put(st, EFI_SYSTAB_SIG, 8);		    /* hdr.signature */
	put(st + 8, EFI_SYSTAB_REV, 4);		    /* hdr.revision */
	put(st + 12, EFI_SYSTAB_SIZE, 4);	    /* hdr.headersize */
	put(st + 24, base + LA_EFI_OFF_VENDOR, 8);  /* fw_vendor */
	put(st + 104, nr, 4);			    /* nr_tables */
	put(st + 112, base + LA_EFI_OFF_TABLES, 8); /* tables */
	/* runtime (88) and boottime (96) stay 0: no services. */
}

int la_efi_build(void *area, u64 base, const struct la_efi_input *in,
		 struct la_efi_regs *out, char *why, size_t why_len)
{
	u8 *a = area;
	int err = check_input(in, why, why_len);

	if (err)
		return err;
	memset(a, 0, LA_EFI_AREA_SIZE);
	if (build_memmap(a, in))
		return refuse(why, why_len,
			      "memory: too many regions for the EFI memory "
			      "map");
	if (in->cmdline)
		memcpy(a + LA_EFI_OFF_CMDLINE, in->cmdline,
		       strlen(in->cmdline) + 1);
	build_systab(a, base, in);
	out->a0 = 1;
	out->a1 = base + LA_EFI_OFF_CMDLINE;
	out->a2 = base + LA_EFI_OFF_SYSTAB;
	return 0;
}
