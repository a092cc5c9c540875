/*
 * Boot-bundle validation: every rule a bundle must satisfy before a zone is
 * created from it (the rules are listed in docs/config.md).
 *
 * This file is compiled into the freestanding hypervisor and into host
 * programs (tools/cvconfig, the unit tests), so it calls no library function
 * at all; the error texts are written by the small formatter below. The only
 * header it needs besides cvisor's own is the compiler's <stdarg.h>.
 *
 * Checksum: FNV-1a, 32 bit (offset basis 0x811c9dc5, prime 0x01000193), over
 * every byte of the bundle in order, the four bytes of header.checksum
 * counting as zero.
 *
 * Checks run in passes, each assuming the previous ones passed: the header,
 * each zone on its own, the zones against each other, the shared-memory
 * links between zones, and (when the caller describes the machine) the zones
 * against the platform. A failure in one zone is reported against the later
 * of the zones involved, naming the earlier one in the reason; a rule between
 * unlike things (a device and RAM, a console interrupt and owned interrupts,
 * a link and RAM) is reported against the first. A link whose peer does not
 * declare it back is reported against the zone that declares it; when both
 * ends exist but differ, that is the first zone of the pair.
 */
#include <stdarg.h>

#include "cvisor/config.h"
#include "cvisor/errno.h"

#define NO_ZONE		 ((u32)-1)
#define NO_LINK		 ((u32)-1)
#define MAP_GRANULE	 4096u
#define NR_IMAGES	 3u
#define ZONE_FLAGS_KNOWN (CV_ZONE_ROOT | CV_ZONE_AUTOSTART)
#define FIRST_SPI	 32u
#define SPURIOUS_IRQ	 1020u /* the first id past the last SPI */

struct check {
	const struct cv_bundle_header *hdr;
	u64 size;
	const struct cv_platform_limits *plat;
	struct cv_config_error *err;
};

/* ---- A tiny formatter: %s %d %u %x, optionally with 'l'; no widths. ---- */

struct text {
	char *buf;
	size_t size; /* capacity, including the terminating NUL */
	size_t len;
};

static void put_char(struct text *t, char c)
{
	if (t->len + 1 < t->size)
		t->buf[t->len++] = c;
}

static void put_string(struct text *t, const char *s)
{
	while (*s)
		put_char(t, *s++);
}

static void put_unsigned(struct text *t, unsigned long v, unsigned int base)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put_char(t, digits[--n]);
}

static void put_signed(struct text *t, long v)
{
	if (v < 0) {
		put_char(t, '-');
		put_unsigned(t, 0ul - (unsigned long)v, 10);
	} else {
		put_unsigned(t, (unsigned long)v, 10);
	}
}

/* Print the conversion at spec (just after '%'); return what follows it. */
static const char *put_conversion(struct text *t, const char *spec, va_list *ap)
{
	bool is_long = *spec == 'l';

	if (is_long)
		spec++;
	switch (*spec) {
	case '\0':
		return spec;
	case 'd':
		put_signed(t, is_long ? va_arg(*ap, long) : va_arg(*ap, int));
		break;
	case 'u':
		put_unsigned(t,
			     is_long ? va_arg(*ap, unsigned long)
				     : va_arg(*ap, unsigned int),
			     10);
		break;
	case 'x':
		put_unsigned(t,
			     is_long ? va_arg(*ap, unsigned long)
				     : va_arg(*ap, unsigned int),
			     16);
		break;
	case 's':
		put_string(t, va_arg(*ap, const char *));
		break;
	default:
		put_char(t, *spec);
		break;
	}
	return spec + 1;
}

static void format_text(char *buf, size_t size, const char *fmt, va_list *ap)
{
	struct text t = {buf, size, 0};

	while (*fmt) {
		if (*fmt == '%')
			fmt = put_conversion(&t, fmt + 1, ap);
		else
			put_char(&t, *fmt++);
	}
	buf[t.len] = '\0';
}

static struct check *at(struct check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fail(struct check *c, u32 zone, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Name the failing field; returns c so that it nests inside fail(). */
static struct check *at(struct check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_text(c->err->field, sizeof(c->err->field), fmt, &ap);
	va_end(ap);
	return c;
}

/* Record the zone and the reason of a failure; returns -CV_EINVAL. */
static int fail(struct check *c, u32 zone, const char *fmt, ...)
{
	va_list ap;

	c->err->zone = zone == NO_ZONE ? -1 : (int)zone;
	va_start(ap, fmt);
	format_text(c->err->reason, sizeof(c->err->reason), fmt, &ap);
	va_end(ap);
	return -CV_EINVAL;
}

/* ---- Small helpers ---- */

static size_t bounded_length(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static bool wraps(u64 base, u64 size)
{
	return size > ~(u64)0 - base;
}

static u32 lowest_cpu(u64 mask)
{
	u32 cpu = 0;

	while (!(mask & ((u64)1 << cpu)))
		cpu++;
	return cpu;
}

static u32 nr_zones(const struct check *c)
{
	return c->hdr->nr_zones;
}

static const struct cv_zone_config *zone_at(const struct check *c, u32 z)
{
	return cv_bundle_zone(c->hdr, z);
}

static const char *image_name(u32 k)
{
	static const char *const names[NR_IMAGES] = {"kernel", "initrd", "dtb"};

	return names[k];
}

static const struct cv_image *zone_image(const struct cv_zone_config *zc, u32 k)
{
	if (k == 0)
		return &zc->kernel;
	if (k == 1)
		return &zc->initrd;
	return &zc->dtb;
}

/* End of the zone table: images must start at or after it. */
static u64 zone_table_end(const struct cv_bundle_header *h)
{
	return h->zones_offset + (u64)h->nr_zones * h->zone_size;
}

/* Is [ipa, ipa+size) inside one of the zone's memory regions? */
static bool inside_zone_memory(const struct cv_zone_config *zc, u64 ipa,
			       u64 size)
{
	for (u32 i = 0; i < zc->nr_mem; i++) {
		if (range_within(ipa, size, zc->mem[i].ipa, zc->mem[i].size))
			return true;
	}
	return false;
}

/* ---- Checksum ---- */

/*
 * FNV-1a, 64 bit, over the bundle as little-endian 64-bit words (the last
 * one zero-padded), the checksum field's four bytes counted as zero,
 * folded to 32 bits: one multiply per 8 bytes (the boot bundle of a Linux
 * zone is tens of MiB and cvisor checks it before booting anything).
 */
#define FNV64_OFFSET_BASIS 0xcbf29ce484222325ull
#define FNV64_PRIME	   0x00000100000001b3ull

static u64 load_le(const u8 *p, u64 n)
{
	u64 w = 0;

	for (u64 i = n; i--;)
		w = (w << 8) | p[i];
	return w;
}

u32 cv_bundle_checksum(const void *bundle, u64 size)
{
	const u8 *p = bundle;
	u64 field = offsetof(struct cv_bundle_header, checksum);
	u64 hash = FNV64_OFFSET_BASIS, off = 0;
	bool aligned = ((uintptr_t)p & 7) == 0;

	for (; off < size; off += 8) {
		u64 n = size - off < 8 ? size - off : 8;
		u64 w = n == 8 && aligned
			    ? *(const u64 *)(const void *)(p + off)
			    : load_le(p + off, n);

		if (field >= off && field < off + 8)
			w &= ~(0xffffffffull << (8 * (field - off)));
		hash = (hash ^ w) * FNV64_PRIME;
	}
	return (u32)(hash ^ (hash >> 32));
}

/* ---- Pass 1: the header ---- */

static int check_bundle_placement(struct check *c, const void *bundle)
{
	u64 align = _Alignof(struct cv_bundle_header);

	if (!bundle)
		return fail(at(c, "header"), NO_ZONE, "no bundle (NULL)");
	if ((uintptr_t)bundle % align)
		return fail(at(c, "header"), NO_ZONE,
			    "bundle address 0x%lx is not %lu-byte aligned",
			    (unsigned long)(uintptr_t)bundle, align);
	if (c->size < sizeof(struct cv_bundle_header))
		return fail(at(c, "header"), NO_ZONE,
			    "bundle of %lu bytes is smaller than the %u-byte "
			    "header",
			    c->size, (u32)sizeof(struct cv_bundle_header));
	return 0;
}

static int check_header_format(struct check *c)
{
	const struct cv_bundle_header *h = c->hdr;

	if (h->magic != CV_BUNDLE_MAGIC)
		return fail(at(c, "header.magic"), NO_ZONE,
			    "is 0x%x, expected 0x%x (\"CVBN\"): not a cvisor "
			    "bundle",
			    h->magic, CV_BUNDLE_MAGIC);
	if (h->version != CV_BUNDLE_VERSION)
		return fail(at(c, "header.version"), NO_ZONE,
			    "is %u, this build reads version %u", h->version,
			    CV_BUNDLE_VERSION);
	if (h->header_size != sizeof(struct cv_bundle_header))
		return fail(at(c, "header.header_size"), NO_ZONE,
			    "is %u bytes but this build's header is %u bytes "
			    "(layout drift between tool and hypervisor)",
			    h->header_size,
			    (u32)sizeof(struct cv_bundle_header));
	if (h->zone_size != sizeof(struct cv_zone_config))
		return fail(at(c, "header.zone_size"), NO_ZONE,
			    "is %u bytes but this build's zone record is %u "
			    "bytes (layout drift between tool and hypervisor)",
			    h->zone_size, (u32)sizeof(struct cv_zone_config));
	return 0;
}

static int check_header_integrity(struct check *c)
{
	const struct cv_bundle_header *h = c->hdr;
	u32 sum;

	if (h->total_size != c->size)
		return fail(at(c, "header.total_size"), NO_ZONE,
			    "is 0x%lx bytes but the bundle is 0x%lx bytes",
			    h->total_size, c->size);
	sum = cv_bundle_checksum(h, c->size);
	if (h->checksum != sum)
		return fail(at(c, "header.checksum"), NO_ZONE,
			    "is 0x%x but the bundle sums to 0x%x: corrupt "
			    "bundle",
			    h->checksum, sum);
	if (h->flags & ~CV_BUNDLE_ADD_ZONE)
		return fail(at(c, "header.flags"), NO_ZONE,
			    "0x%x has unknown bits (known: 0x%x)", h->flags,
			    CV_BUNDLE_ADD_ZONE);
	if ((h->flags & CV_BUNDLE_ADD_ZONE) && h->nr_zones != 1)
		return fail(
		    at(c, "header.nr_zones"), NO_ZONE,
		    "is %u: a bundle that adds a zone holds exactly one",
		    h->nr_zones);
	return 0;
}

static int check_zone_table(struct check *c)
{
	const struct cv_bundle_header *h = c->hdr;
	u32 align = _Alignof(struct cv_zone_config);

	if (h->nr_zones < 1 || h->nr_zones > CV_MAX_ZONES)
		return fail(at(c, "header.nr_zones"), NO_ZONE,
			    "is %u, must be 1..%d", h->nr_zones, CV_MAX_ZONES);
	if (h->zones_offset < h->header_size)
		return fail(at(c, "header.zones_offset"), NO_ZONE,
			    "0x%x lies inside the 0x%x-byte header",
			    h->zones_offset, h->header_size);
	if (h->zones_offset % align)
		return fail(at(c, "header.zones_offset"), NO_ZONE,
			    "0x%x is not %u-byte aligned", h->zones_offset,
			    align);
	if (zone_table_end(h) > c->size)
		return fail(at(c, "header.zones_offset"), NO_ZONE,
			    "the table of %u zones at 0x%x ends at 0x%lx, "
			    "beyond the bundle (0x%lx bytes)",
			    h->nr_zones, h->zones_offset, zone_table_end(h),
			    c->size);
	return 0;
}

static int check_header(struct check *c, const void *bundle)
{
	int ret;

	ret = check_bundle_placement(c, bundle);
	if (!ret)
		ret = check_header_format(c);
	if (!ret)
		ret = check_header_integrity(c);
	if (!ret)
		ret = check_zone_table(c);
	return ret;
}

/* ---- Pass 2: each zone on its own ---- */

static int check_zone_identity(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	size_t name_len = bounded_length(zc->name, CV_NAME_LEN);

	if (name_len == CV_NAME_LEN)
		return fail(at(c, "name"), z,
			    "is not NUL-terminated within %d bytes",
			    CV_NAME_LEN);
	if (name_len == 0)
		return fail(at(c, "name"), z, "is empty");
	if (zc->flags & ~ZONE_FLAGS_KNOWN)
		return fail(at(c, "flags"), z, "0x%x has unknown bits 0x%x",
			    zc->flags, zc->flags & ~ZONE_FLAGS_KNOWN);
	if ((zc->flags & CV_ZONE_ROOT) && zc->id != 0)
		return fail(at(c, "id"), z,
			    "is %u but the root zone must have id 0", zc->id);
	if (zc->reserved)
		return fail(at(c, "reserved"), z, "is 0x%x, must be 0",
			    zc->reserved);
	if (zc->reserved2)
		return fail(at(c, "reserved2"), z, "is 0x%x, must be 0",
			    zc->reserved2);
	return 0;
}

static int check_zone_counts(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);

	if (!zc->cpus)
		return fail(at(c, "cpus"), z,
			    "is empty: a zone needs at least one CPU");
	if (zc->nr_mem == 0)
		return fail(at(c, "nr_mem"), z,
			    "is 0: a zone needs at least one memory region");
	if (zc->nr_mem > CV_MAX_MEM_REGIONS)
		return fail(at(c, "nr_mem"), z, "is %u, at most %d", zc->nr_mem,
			    CV_MAX_MEM_REGIONS);
	if (zc->nr_devices > CV_MAX_DEVICES)
		return fail(at(c, "nr_devices"), z, "is %u, at most %d",
			    zc->nr_devices, CV_MAX_DEVICES);
	if (zc->nr_irqs > CV_MAX_IRQS)
		return fail(at(c, "nr_irqs"), z, "is %u, at most %d",
			    zc->nr_irqs, CV_MAX_IRQS);
	if (zc->nr_shm > CV_MAX_SHM)
		return fail(at(c, "nr_shm"), z, "is %u, at most %d", zc->nr_shm,
			    CV_MAX_SHM);
	return 0;
}

static int check_mem_region(struct check *c, u32 z, u32 i)
{
	const struct cv_mem_region *m = &zone_at(c, z)->mem[i];

	if (m->size == 0)
		return fail(at(c, "mem[%u].size", i), z, "is 0");
	if (!IS_ALIGNED(m->size, MAP_GRANULE))
		return fail(at(c, "mem[%u].size", i), z,
			    "0x%lx is not 4 KiB aligned", m->size);
	if (!IS_ALIGNED(m->ipa, MAP_GRANULE))
		return fail(at(c, "mem[%u].ipa", i), z,
			    "0x%lx is not 4 KiB aligned", m->ipa);
	if (!IS_ALIGNED(m->pa, MAP_GRANULE))
		return fail(at(c, "mem[%u].pa", i), z,
			    "0x%lx is not 4 KiB aligned", m->pa);
	if (wraps(m->ipa, m->size))
		return fail(at(c, "mem[%u].ipa", i), z,
			    "0x%lx+0x%lx wraps around the address space",
			    m->ipa, m->size);
	if (wraps(m->pa, m->size))
		return fail(at(c, "mem[%u].pa", i), z,
			    "0x%lx+0x%lx wraps around the address space", m->pa,
			    m->size);
	if (m->flags & ~CV_MEM_RWX)
		return fail(at(c, "mem[%u].flags", i), z,
			    "0x%x has unknown bits 0x%x", m->flags,
			    m->flags & ~CV_MEM_RWX);
	if (m->reserved)
		return fail(at(c, "mem[%u].reserved", i), z,
			    "is 0x%x, must be 0", m->reserved);
	return 0;
}

/* Region i against the zone's earlier regions, in guest-physical space. */
static int check_mem_ipa_overlap(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	const struct cv_mem_region *m = &zc->mem[i];

	for (u32 j = 0; j < i; j++) {
		const struct cv_mem_region *o = &zc->mem[j];

		if (ranges_overlap(m->ipa, m->size, o->ipa, o->size))
			return fail(at(c, "mem[%u].ipa", i), z,
				    "0x%lx+0x%lx overlaps mem[%u] 0x%lx+0x%lx "
				    "in guest-physical space",
				    m->ipa, m->size, j, o->ipa, o->size);
	}
	return 0;
}

static int check_memory(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret = 0;

	for (u32 i = 0; i < zc->nr_mem && !ret; i++) {
		ret = check_mem_region(c, z, i);
		if (!ret)
			ret = check_mem_ipa_overlap(c, z, i);
	}
	return ret;
}

static int check_device(struct check *c, u32 z, u32 i)
{
	const struct cv_device *d = &zone_at(c, z)->devices[i];
	size_t name_len = bounded_length(d->name, CV_NAME_LEN);

	if (name_len == CV_NAME_LEN)
		return fail(at(c, "devices[%u].name", i), z,
			    "is not NUL-terminated within %d bytes",
			    CV_NAME_LEN);
	if (name_len == 0)
		return fail(at(c, "devices[%u].name", i), z, "is empty");
	if (d->size == 0)
		return fail(at(c, "devices[%u].size", i), z, "is 0");
	if (!IS_ALIGNED(d->size, MAP_GRANULE))
		return fail(at(c, "devices[%u].size", i), z,
			    "0x%lx is not 4 KiB aligned", d->size);
	if (!IS_ALIGNED(d->base, MAP_GRANULE))
		return fail(at(c, "devices[%u].base", i), z,
			    "0x%lx is not 4 KiB aligned", d->base);
	if (wraps(d->base, d->size))
		return fail(at(c, "devices[%u].base", i), z,
			    "0x%lx+0x%lx wraps around the address space",
			    d->base, d->size);
	return 0;
}

static int check_devices(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret = 0;

	for (u32 i = 0; i < zc->nr_devices && !ret; i++)
		ret = check_device(c, z, i);
	return ret;
}

static int check_absent_image(struct check *c, u32 z, u32 k)
{
	const struct cv_image *img = zone_image(zone_at(c, z), k);

	if (k == 0)
		return fail(at(c, "kernel.size"), z,
			    "is 0: a zone needs a kernel");
	if (img->offset)
		return fail(at(c, "%s.offset", image_name(k)), z,
			    "is 0x%lx but the image is absent (size 0)",
			    img->offset);
	if (img->load_ipa)
		return fail(at(c, "%s.load_ipa", image_name(k)), z,
			    "is 0x%lx but the image is absent (size 0)",
			    img->load_ipa);
	return 0;
}

/* Where the image sits in the bundle. */
static int check_image_placement(struct check *c, u32 z, u32 k)
{
	const struct cv_image *img = zone_image(zone_at(c, z), k);

	if (!IS_ALIGNED(img->offset, CV_IMAGE_ALIGN))
		return fail(at(c, "%s.offset", image_name(k)), z,
			    "0x%lx is not %u-byte aligned", img->offset,
			    CV_IMAGE_ALIGN);
	if (!range_within(img->offset, img->size, 0, c->size))
		return fail(at(c, "%s.offset", image_name(k)), z,
			    "image 0x%lx+0x%lx is not inside the bundle (0x%lx "
			    "bytes)",
			    img->offset, img->size, c->size);
	if (img->offset < zone_table_end(c->hdr))
		return fail(at(c, "%s.offset", image_name(k)), z,
			    "image at 0x%lx starts before the end of the zone "
			    "table (0x%lx)",
			    img->offset, zone_table_end(c->hdr));
	return 0;
}

/* Where the loader puts the image in the zone. */
static int check_image_load(struct check *c, u32 z, u32 k)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	const struct cv_image *img = zone_image(zc, k);

	if (!img->load_ipa)
		return 0;
	if (!inside_zone_memory(zc, img->load_ipa, img->size))
		return fail(at(c, "%s.load_ipa", image_name(k)), z,
			    "image 0x%lx+0x%lx does not fit inside any of the "
			    "zone's memory regions",
			    img->load_ipa, img->size);
	for (u32 j = 0; j < k; j++) {
		const struct cv_image *o = zone_image(zc, j);

		if (o->size && o->load_ipa &&
		    ranges_overlap(img->load_ipa, img->size, o->load_ipa,
				   o->size))
			return fail(at(c, "%s.load_ipa", image_name(k)), z,
				    "image 0x%lx+0x%lx overlaps the %s image "
				    "0x%lx+0x%lx in guest memory",
				    img->load_ipa, img->size, image_name(j),
				    o->load_ipa, o->size);
	}
	return 0;
}

static int check_images(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret = 0;

	for (u32 k = 0; k < NR_IMAGES && !ret; k++) {
		if (zone_image(zc, k)->size == 0) {
			ret = check_absent_image(c, z, k);
			continue;
		}
		ret = check_image_placement(c, z, k);
		if (!ret)
			ret = check_image_load(c, z, k);
	}
	return ret;
}

static int check_boot_parameters(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);

	if (zc->entry_ipa && !inside_zone_memory(zc, zc->entry_ipa, 1))
		return fail(at(c, "entry_ipa"), z,
			    "0x%lx is not inside any of the zone's memory "
			    "regions",
			    zc->entry_ipa);
	if (bounded_length(zc->cmdline, CV_CMDLINE_LEN) == CV_CMDLINE_LEN)
		return fail(at(c, "cmdline"), z,
			    "is not NUL-terminated within %d bytes",
			    CV_CMDLINE_LEN);
	return 0;
}

/* A zone without an emulated console leaves the record zero. */
static int check_absent_console(struct check *c, u32 z)
{
	const struct cv_console *con = &zone_at(c, z)->console;

	if (con->base)
		return fail(at(c, "console.base"), z,
			    "is 0x%lx but the console is absent (type none)",
			    con->base);
	if (con->irq)
		return fail(at(c, "console.irq"), z,
			    "is %u but the console is absent (type none)",
			    con->irq);
	return 0;
}

static int check_console_base(struct check *c, u32 z)
{
	u64 base = zone_at(c, z)->console.base;

	if (base == 0)
		return fail(at(c, "console.base"), z,
			    "is 0: an emulated console needs an address");
	if (!IS_ALIGNED(base, MAP_GRANULE))
		return fail(at(c, "console.base"), z,
			    "0x%lx is not 4 KiB aligned", base);
	if (wraps(base, CV_CONSOLE_MMIO_SIZE))
		return fail(at(c, "console.base"), z,
			    "0x%lx+0x%x wraps around the address space", base,
			    CV_CONSOLE_MMIO_SIZE);
	return 0;
}

/* The console window against the zone's RAM and devices, in IPA space. */
static int check_console_window(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	u64 base = zc->console.base, size = CV_CONSOLE_MMIO_SIZE;

	for (u32 i = 0; i < zc->nr_mem; i++) {
		const struct cv_mem_region *m = &zc->mem[i];

		if (ranges_overlap(base, size, m->ipa, m->size))
			return fail(at(c, "console.base"), z,
				    "0x%lx+0x%lx overlaps mem[%u] 0x%lx+0x%lx "
				    "in guest-physical space",
				    base, size, i, m->ipa, m->size);
	}
	for (u32 i = 0; i < zc->nr_devices; i++) {
		const struct cv_device *d = &zc->devices[i];

		if (ranges_overlap(base, size, d->base, d->size))
			return fail(at(c, "console.base"), z,
				    "0x%lx+0x%lx overlaps devices[%u] '%s' "
				    "0x%lx+0x%lx",
				    base, size, i, d->name, d->base, d->size);
	}
	return 0;
}

static int check_console_irq(struct check *c, u32 z)
{
	u32 irq = zone_at(c, z)->console.irq;

	if (irq < FIRST_SPI || irq >= SPURIOUS_IRQ)
		return fail(at(c, "console.irq"), z,
			    "%u is not an SPI id (%u..%u)", irq, FIRST_SPI,
			    SPURIOUS_IRQ - 1);
	return 0;
}

static int check_console(struct check *c, u32 z)
{
	const struct cv_console *con = &zone_at(c, z)->console;
	int ret;

	if (con->type == CV_CONSOLE_NONE)
		return check_absent_console(c, z);
	if (con->type != CV_CONSOLE_PL011 && con->type != CV_CONSOLE_NS16550)
		return fail(at(c, "console.type"), z,
			    "%u is not a known console type (%u none, %u "
			    "pl011, %u ns16550)",
			    con->type, CV_CONSOLE_NONE, CV_CONSOLE_PL011,
			    CV_CONSOLE_NS16550);
	ret = check_console_base(c, z);
	if (!ret)
		ret = check_console_window(c, z);
	if (!ret)
		ret = check_console_irq(c, z);
	return ret;
}

/* Shared-memory link i of zone z on its own. */
static int check_shm_range(struct check *c, u32 z, u32 i)
{
	const struct cv_shm *s = &zone_at(c, z)->shm[i];

	if (s->size == 0)
		return fail(at(c, "shm[%u].size", i), z, "is 0");
	if (!IS_ALIGNED(s->size, MAP_GRANULE))
		return fail(at(c, "shm[%u].size", i), z,
			    "0x%lx is not 4 KiB aligned", s->size);
	if (!IS_ALIGNED(s->ipa, MAP_GRANULE))
		return fail(at(c, "shm[%u].ipa", i), z,
			    "0x%lx is not 4 KiB aligned", s->ipa);
	if (!IS_ALIGNED(s->pa, MAP_GRANULE))
		return fail(at(c, "shm[%u].pa", i), z,
			    "0x%lx is not 4 KiB aligned", s->pa);
	if (wraps(s->ipa, s->size))
		return fail(at(c, "shm[%u].ipa", i), z,
			    "0x%lx+0x%lx wraps around the address space",
			    s->ipa, s->size);
	if (wraps(s->pa, s->size))
		return fail(at(c, "shm[%u].pa", i), z,
			    "0x%lx+0x%lx wraps around the address space", s->pa,
			    s->size);
	return 0;
}

/* The link's window against the zone's RAM and devices, in IPA space. */
static int check_shm_ipa_memory(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	const struct cv_shm *s = &zc->shm[i];

	for (u32 j = 0; j < zc->nr_mem; j++) {
		const struct cv_mem_region *m = &zc->mem[j];

		if (ranges_overlap(s->ipa, s->size, m->ipa, m->size))
			return fail(at(c, "shm[%u].ipa", i), z,
				    "0x%lx+0x%lx overlaps mem[%u] 0x%lx+0x%lx "
				    "in guest-physical space",
				    s->ipa, s->size, j, m->ipa, m->size);
	}
	for (u32 j = 0; j < zc->nr_devices; j++) {
		const struct cv_device *d = &zc->devices[j];

		if (ranges_overlap(s->ipa, s->size, d->base, d->size))
			return fail(at(c, "shm[%u].ipa", i), z,
				    "0x%lx+0x%lx overlaps devices[%u] '%s' "
				    "0x%lx+0x%lx",
				    s->ipa, s->size, j, d->name, d->base,
				    d->size);
	}
	return 0;
}

/* The link's window against the console and the zone's earlier links. */
static int check_shm_ipa_windows(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	const struct cv_shm *s = &zc->shm[i];

	if (zc->console.type != CV_CONSOLE_NONE &&
	    ranges_overlap(s->ipa, s->size, zc->console.base,
			   CV_CONSOLE_MMIO_SIZE))
		return fail(at(c, "shm[%u].ipa", i), z,
			    "0x%lx+0x%lx overlaps the console window "
			    "0x%lx+0x%x",
			    s->ipa, s->size, zc->console.base,
			    CV_CONSOLE_MMIO_SIZE);
	for (u32 j = 0; j < i; j++) {
		const struct cv_shm *o = &zc->shm[j];

		if (ranges_overlap(s->ipa, s->size, o->ipa, o->size))
			return fail(at(c, "shm[%u].ipa", i), z,
				    "0x%lx+0x%lx overlaps shm[%u] 0x%lx+0x%lx "
				    "in guest-physical space",
				    s->ipa, s->size, j, o->ipa, o->size);
	}
	return 0;
}

static int check_shm_doorbell(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	u32 irq = zc->shm[i].doorbell_irq;

	if (irq < FIRST_SPI || irq >= SPURIOUS_IRQ)
		return fail(at(c, "shm[%u].doorbell_irq", i), z,
			    "%u is not an SPI id (%u..%u)", irq, FIRST_SPI,
			    SPURIOUS_IRQ - 1);
	if (zc->console.type != CV_CONSOLE_NONE && irq == zc->console.irq)
		return fail(at(c, "shm[%u].doorbell_irq", i), z,
			    "%u is also the zone's console interrupt", irq);
	for (u32 j = 0; j < i; j++) {
		if (zc->shm[j].doorbell_irq == irq)
			return fail(at(c, "shm[%u].doorbell_irq", i), z,
				    "%u is also the doorbell of shm[%u]", irq,
				    j);
	}
	return 0;
}

static int check_shm_link(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret;

	ret = check_shm_range(c, z, i);
	if (!ret)
		ret = check_shm_ipa_memory(c, z, i);
	if (!ret)
		ret = check_shm_ipa_windows(c, z, i);
	if (!ret && zc->shm[i].peer == zc->id)
		ret = fail(at(c, "shm[%u].peer", i), z,
			   "is %u, the zone's own id: a link joins two zones",
			   zc->id);
	if (!ret)
		ret = check_shm_doorbell(c, z, i);
	return ret;
}

static int check_shm(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret = 0;

	for (u32 i = 0; i < zc->nr_shm && !ret; i++)
		ret = check_shm_link(c, z, i);
	return ret;
}

/* ---- virtio transports (docs/virtio.md) ---- */

static int check_virtio_window(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	u64 base = zc->virtio[i].base, size = CV_VIRTIO_MMIO_SIZE;

	if (!base || !IS_ALIGNED(base, CV_VIRTIO_MMIO_SIZE) ||
	    wraps(base, size))
		return fail(at(c, "virtio[%u].base", i), z,
			    "0x%lx is not a non-zero, 0x%x-aligned address",
			    base, CV_VIRTIO_MMIO_SIZE);
	for (u32 j = 0; j < zc->nr_mem; j++)
		if (ranges_overlap(base, size, zc->mem[j].ipa, zc->mem[j].size))
			return fail(at(c, "virtio[%u].base", i), z,
				    "0x%lx overlaps mem[%u]", base, j);
	for (u32 j = 0; j < zc->nr_devices; j++)
		if (ranges_overlap(base, size, zc->devices[j].base,
				   zc->devices[j].size))
			return fail(at(c, "virtio[%u].base", i), z,
				    "0x%lx overlaps devices[%u]", base, j);
	for (u32 j = 0; j < zc->nr_shm; j++)
		if (ranges_overlap(base, size, zc->shm[j].ipa, zc->shm[j].size))
			return fail(at(c, "virtio[%u].base", i), z,
				    "0x%lx overlaps shm[%u]", base, j);
	if (zc->console.type != CV_CONSOLE_NONE &&
	    ranges_overlap(base, size, zc->console.base, CV_CONSOLE_MMIO_SIZE))
		return fail(at(c, "virtio[%u].base", i), z,
			    "0x%lx overlaps the console window", base);
	for (u32 j = 0; j < i; j++)
		if (ranges_overlap(base, size, zc->virtio[j].base, size))
			return fail(at(c, "virtio[%u].base", i), z,
				    "0x%lx overlaps virtio[%u]", base, j);
	return 0;
}

static int check_virtio_irq(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	u32 irq = zc->virtio[i].irq;

	if (irq < FIRST_SPI || irq >= SPURIOUS_IRQ)
		return fail(at(c, "virtio[%u].irq", i), z,
			    "%u is not an SPI id (%u..%u)", irq, FIRST_SPI,
			    SPURIOUS_IRQ - 1);
	if (zc->console.type != CV_CONSOLE_NONE && irq == zc->console.irq)
		return fail(at(c, "virtio[%u].irq", i), z,
			    "%u is also the zone's console interrupt", irq);
	for (u32 j = 0; j < zc->nr_shm; j++)
		if (zc->shm[j].doorbell_irq == irq)
			return fail(at(c, "virtio[%u].irq", i), z,
				    "%u is also the doorbell of shm[%u]", irq,
				    j);
	for (u32 j = 0; j < zc->nr_irqs; j++)
		if (zc->irqs[j] == irq)
			return fail(at(c, "virtio[%u].irq", i), z,
				    "%u is also a physical interrupt the zone "
				    "owns (irqs[%u])",
				    irq, j);
	for (u32 j = 0; j < i; j++)
		if (zc->virtio[j].irq == irq)
			return fail(at(c, "virtio[%u].irq", i), z,
				    "%u is also the interrupt of virtio[%u]",
				    irq, j);
	return 0;
}

static int check_virtio(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret = 0;

	if (zc->nr_virtio > CV_MAX_VIRTIO)
		return fail(at(c, "nr_virtio"), z, "is %u, at most %d",
			    zc->nr_virtio, CV_MAX_VIRTIO);
	if (zc->nr_virtio && (zc->flags & CV_ZONE_ROOT))
		return fail(at(c, "virtio"), z,
			    "the root zone serves virtio devices; it has none "
			    "of its own");
	for (u32 i = 0; i < zc->nr_virtio && !ret; i++) {
		u32 t = zc->virtio[i].type;

		if (t != CV_VIRTIO_NET && t != CV_VIRTIO_BLK &&
		    t != CV_VIRTIO_CONSOLE)
			return fail(at(c, "virtio[%u].type", i), z,
				    "%u is not a virtio device type (%u net, "
				    "%u blk, %u console)",
				    t, CV_VIRTIO_NET, CV_VIRTIO_BLK,
				    CV_VIRTIO_CONSOLE);
		ret = check_virtio_window(c, z, i);
		if (!ret)
			ret = check_virtio_irq(c, z, i);
	}
	return ret;
}

static int check_zone(struct check *c, u32 z)
{
	int ret;

	ret = check_zone_identity(c, z);
	if (!ret)
		ret = check_zone_counts(c, z);
	if (!ret)
		ret = check_memory(c, z);
	if (!ret)
		ret = check_devices(c, z);
	if (!ret)
		ret = check_images(c, z);
	if (!ret)
		ret = check_boot_parameters(c, z);
	if (!ret)
		ret = check_console(c, z);
	if (!ret)
		ret = check_shm(c, z);
	if (!ret)
		ret = check_virtio(c, z);
	return ret;
}

/* ---- Pass 3: the zones against each other ---- */

static int check_unique_ids(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);

	for (u32 y = 0; y < z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);

		if (other->id == zc->id)
			return fail(at(c, "id"), z,
				    "%u is also the id of zone %u '%s'", zc->id,
				    y, other->name);
	}
	return 0;
}

static int check_unique_names(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);

	for (u32 y = 0; y < z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);
		u32 n = 0;

		while (zc->name[n] && zc->name[n] == other->name[n])
			n++;
		if (zc->name[n] == other->name[n])
			return fail(at(c, "name"), z,
				    "'%s' is also the name of zone %u",
				    zc->name, y);
	}
	return 0;
}

static bool adds_zone(const struct check *c)
{
	return c->hdr->flags & CV_BUNDLE_ADD_ZONE;
}

/* A boot bundle has exactly one root zone; a bundle that adds a zone to
 * a running system has none. */
static int check_single_root(struct check *c)
{
	u32 root = NO_ZONE;

	if (adds_zone(c)) {
		if (zone_at(c, 0)->flags & CV_ZONE_ROOT)
			return fail(at(c, "flags"), 0,
				    "marks the root zone, but this bundle "
				    "adds a zone to a running system");
		return 0;
	}

	for (u32 z = 0; z < nr_zones(c); z++) {
		if (!(zone_at(c, z)->flags & CV_ZONE_ROOT))
			continue;
		if (root != NO_ZONE)
			return fail(at(c, "flags"), z,
				    "marks a second root zone: zone %u '%s' "
				    "is the root zone",
				    root, zone_at(c, root)->name);
		root = z;
	}
	if (root == NO_ZONE)
		return fail(at(c, "zones"), NO_ZONE,
			    "no zone has the root flag: exactly one must");
	return 0;
}

static int check_cpu_ownership(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);

	for (u32 y = 0; y < z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);
		u64 shared = zc->cpus & other->cpus;

		if (shared)
			return fail(at(c, "cpus"), z,
				    "CPU %u is also owned by zone %u '%s'",
				    lowest_cpu(shared), y, other->name);
	}
	return 0;
}

/* Region (z, i) against every earlier region of any zone, in host PA. */
static int check_mem_pa_overlap(struct check *c, u32 z, u32 i)
{
	const struct cv_mem_region *m = &zone_at(c, z)->mem[i];

	for (u32 y = 0; y <= z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);
		u32 end = y == z ? i : other->nr_mem;

		for (u32 j = 0; j < end; j++) {
			const struct cv_mem_region *o = &other->mem[j];

			if (ranges_overlap(m->pa, m->size, o->pa, o->size))
				return fail(at(c, "mem[%u].pa", i), z,
					    "overlaps zone %u '%s' mem[%u] "
					    "0x%lx+0x%lx",
					    y, other->name, j, o->pa, o->size);
		}
	}
	return 0;
}

static int fail_device_conflict(struct check *c, u32 z, u32 i, u32 y, u32 j)
{
	const struct cv_device *d = &zone_at(c, z)->devices[i];
	const struct cv_zone_config *other = zone_at(c, y);
	const struct cv_device *o = &other->devices[j];

	if (d->base == o->base && d->size == o->size)
		return fail(at(c, "devices[%u].base", i), z,
			    "'%s' 0x%lx+0x%lx is also owned by zone %u '%s' "
			    "(devices[%u] '%s')",
			    d->name, d->base, d->size, y, other->name, j,
			    o->name);
	return fail(at(c, "devices[%u].base", i), z,
		    "overlaps zone %u '%s' devices[%u] '%s' 0x%lx+0x%lx", y,
		    other->name, j, o->name, o->base, o->size);
}

/* Device (z, i) against every earlier device of any zone. */
static int check_device_overlap(struct check *c, u32 z, u32 i)
{
	const struct cv_device *d = &zone_at(c, z)->devices[i];

	for (u32 y = 0; y <= z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);
		u32 end = y == z ? i : other->nr_devices;

		for (u32 j = 0; j < end; j++) {
			const struct cv_device *o = &other->devices[j];

			if (ranges_overlap(d->base, d->size, o->base, o->size))
				return fail_device_conflict(c, z, i, y, j);
		}
	}
	return 0;
}

/* Device (z, i) against the RAM of every zone. */
static int check_device_ram_overlap(struct check *c, u32 z, u32 i)
{
	const struct cv_device *d = &zone_at(c, z)->devices[i];

	for (u32 y = 0; y < nr_zones(c); y++) {
		const struct cv_zone_config *other = zone_at(c, y);

		for (u32 j = 0; j < other->nr_mem; j++) {
			const struct cv_mem_region *m = &other->mem[j];

			if (ranges_overlap(d->base, d->size, m->pa, m->size))
				return fail(at(c, "devices[%u].base", i), z,
					    "'%s' overlaps zone %u '%s' RAM "
					    "mem[%u] 0x%lx+0x%lx",
					    d->name, y, other->name, j, m->pa,
					    m->size);
		}
	}
	return 0;
}

static int fail_irq_conflict(struct check *c, u32 z, u32 i, u32 y, u32 j)
{
	const struct cv_zone_config *other = zone_at(c, y);
	u32 irq = zone_at(c, z)->irqs[i];

	if (y == z)
		return fail(at(c, "irqs[%u]", i), z,
			    "%u is listed twice (also irqs[%u])", irq, j);
	return fail(at(c, "irqs[%u]", i), z,
		    "%u is also owned by zone %u '%s' (irqs[%u])", irq, y,
		    other->name, j);
}

/* Interrupt (z, i) against every earlier interrupt of any zone. */
static int check_irq_ownership(struct check *c, u32 z, u32 i)
{
	u32 irq = zone_at(c, z)->irqs[i];

	for (u32 y = 0; y <= z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);
		u32 end = y == z ? i : other->nr_irqs;

		for (u32 j = 0; j < end; j++) {
			if (other->irqs[j] == irq)
				return fail_irq_conflict(c, z, i, y, j);
		}
	}
	return 0;
}

/* A virtual interrupt must not also be a physical one that a zone owns. */
static int check_console_irq_ownership(struct check *c, u32 z)
{
	const struct cv_console *con = &zone_at(c, z)->console;

	if (con->type == CV_CONSOLE_NONE)
		return 0;
	for (u32 y = 0; y < nr_zones(c); y++) {
		const struct cv_zone_config *other = zone_at(c, y);

		for (u32 j = 0; j < other->nr_irqs; j++) {
			if (other->irqs[j] == con->irq)
				return fail(at(c, "console.irq"), z,
					    "%u is also a physical interrupt "
					    "owned by zone %u '%s' (irqs[%u])",
					    con->irq, y, other->name, j);
		}
	}
	return 0;
}

static int fail_image_overlap(struct check *c, u32 z, u32 k, u32 y, u32 j)
{
	const struct cv_image *img = zone_image(zone_at(c, z), k);
	const struct cv_zone_config *other = zone_at(c, y);
	const struct cv_image *o = zone_image(other, j);

	return fail(at(c, "%s.offset", image_name(k)), z,
		    "image 0x%lx+0x%lx overlaps zone %u '%s' %s image "
		    "0x%lx+0x%lx in the bundle",
		    img->offset, img->size, y, other->name, image_name(j),
		    o->offset, o->size);
}

/* Image (z, k) against every earlier image of any zone, in the bundle. */
static int check_image_overlap(struct check *c, u32 z, u32 k)
{
	const struct cv_image *img = zone_image(zone_at(c, z), k);

	if (!img->size)
		return 0;
	for (u32 y = 0; y <= z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);
		u32 end = y == z ? k : NR_IMAGES;

		for (u32 j = 0; j < end; j++) {
			const struct cv_image *o = zone_image(other, j);

			/* The same bytes for two zones (one kernel) are
			 * stored once: exactly the same range is fine. */
			if (o->offset == img->offset && o->size == img->size)
				continue;
			if (o->size && ranges_overlap(img->offset, img->size,
						      o->offset, o->size))
				return fail_image_overlap(c, z, k, y, j);
		}
	}
	return 0;
}

static int check_zone_against_others(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret;

	ret = check_unique_ids(c, z);
	if (!ret)
		ret = check_unique_names(c, z);
	if (!ret)
		ret = check_cpu_ownership(c, z);
	for (u32 i = 0; i < zc->nr_mem && !ret; i++)
		ret = check_mem_pa_overlap(c, z, i);
	for (u32 i = 0; i < zc->nr_devices && !ret; i++)
		ret = check_device_overlap(c, z, i);
	for (u32 i = 0; i < zc->nr_devices && !ret; i++)
		ret = check_device_ram_overlap(c, z, i);
	for (u32 i = 0; i < zc->nr_irqs && !ret; i++)
		ret = check_irq_ownership(c, z, i);
	if (!ret)
		ret = check_console_irq_ownership(c, z);
	for (u32 k = 0; k < NR_IMAGES && !ret; k++)
		ret = check_image_overlap(c, z, k);
	return ret;
}

/* ---- Pass 3b: the shared-memory links between zones ---- */

static u32 zone_with_id(const struct check *c, u32 id)
{
	for (u32 y = 0; y < nr_zones(c); y++) {
		if (zone_at(c, y)->id == id)
			return y;
	}
	return NO_ZONE;
}

/* Is link o of zone y the other end of link s of zone z? */
static bool is_counterpart(const struct check *c, u32 z, const struct cv_shm *s,
			   u32 y, const struct cv_shm *o)
{
	return y != z && zone_at(c, y)->id == s->peer &&
	       o->peer == zone_at(c, z)->id && o->pa == s->pa &&
	       o->size == s->size;
}

/* The link back from zone y most like link s: same pa, else the first. */
static u32 closest_link_back(const struct check *c, u32 z, u32 y,
			     const struct cv_shm *s)
{
	const struct cv_zone_config *peer = zone_at(c, y);
	u32 found = NO_LINK;

	for (u32 j = 0; j < peer->nr_shm; j++) {
		const struct cv_shm *o = &peer->shm[j];

		if (o->peer != zone_at(c, z)->id)
			continue;
		if (o->pa == s->pa)
			return j;
		if (found == NO_LINK)
			found = j;
	}
	return found;
}

static int fail_shm_unmatched(struct check *c, u32 z, u32 i, u32 y)
{
	const struct cv_shm *s = &zone_at(c, z)->shm[i];
	const struct cv_zone_config *peer = zone_at(c, y);
	u32 j = closest_link_back(c, z, y, s);

	if (j == NO_LINK)
		return fail(at(c, "shm[%u].peer", i), z,
			    "zone %u '%s' (id %u) declares no link back to "
			    "this zone (id %u)",
			    y, peer->name, peer->id, zone_at(c, z)->id);
	if (peer->shm[j].pa == s->pa)
		return fail(at(c, "shm[%u].size", i), z,
			    "0x%lx differs from the size 0x%lx of zone %u '%s' "
			    "shm[%u]: both ends need the same pa and size",
			    s->size, peer->shm[j].size, y, peer->name, j);
	return fail(at(c, "shm[%u].pa", i), z,
		    "0x%lx+0x%lx differs from zone %u '%s' shm[%u] "
		    "0x%lx+0x%lx: both ends need the same pa and size",
		    s->pa, s->size, y, peer->name, j, peer->shm[j].pa,
		    peer->shm[j].size);
}

/* The peer exists and declares the same link back. */
static int check_shm_peer(struct check *c, u32 z, u32 i)
{
	const struct cv_shm *s = &zone_at(c, z)->shm[i];
	u32 y = zone_with_id(c, s->peer);

	if (y == NO_ZONE && adds_zone(c))
		return 0; /* a running zone: the hypervisor checks it */
	if (y == NO_ZONE)
		return fail(at(c, "shm[%u].peer", i), z,
			    "%u is not the id of any zone", s->peer);
	for (u32 j = 0; j < zone_at(c, y)->nr_shm; j++) {
		if (is_counterpart(c, z, s, y, &zone_at(c, y)->shm[j]))
			return 0;
	}
	return fail_shm_unmatched(c, z, i, y);
}

/* The link's pages against the RAM and devices of every zone. */
static int check_shm_pa_memory(struct check *c, u32 z, u32 i)
{
	const struct cv_shm *s = &zone_at(c, z)->shm[i];

	for (u32 y = 0; y < nr_zones(c); y++) {
		const struct cv_zone_config *other = zone_at(c, y);

		for (u32 j = 0; j < other->nr_mem; j++) {
			const struct cv_mem_region *m = &other->mem[j];

			if (ranges_overlap(s->pa, s->size, m->pa, m->size))
				return fail(at(c, "shm[%u].pa", i), z,
					    "0x%lx+0x%lx overlaps zone %u '%s' "
					    "RAM mem[%u] 0x%lx+0x%lx",
					    s->pa, s->size, y, other->name, j,
					    m->pa, m->size);
		}
		for (u32 j = 0; j < other->nr_devices; j++) {
			const struct cv_device *d = &other->devices[j];

			if (ranges_overlap(s->pa, s->size, d->base, d->size))
				return fail(at(c, "shm[%u].pa", i), z,
					    "0x%lx+0x%lx overlaps zone %u '%s' "
					    "devices[%u] '%s' 0x%lx+0x%lx",
					    s->pa, s->size, y, other->name, j,
					    d->name, d->base, d->size);
		}
	}
	return 0;
}

/* Link (z, i) against every earlier link of any zone, in host PA. */
static int check_shm_pa_links(struct check *c, u32 z, u32 i)
{
	const struct cv_shm *s = &zone_at(c, z)->shm[i];

	for (u32 y = 0; y <= z; y++) {
		const struct cv_zone_config *other = zone_at(c, y);
		u32 end = y == z ? i : other->nr_shm;

		for (u32 j = 0; j < end; j++) {
			const struct cv_shm *o = &other->shm[j];

			if (ranges_overlap(s->pa, s->size, o->pa, o->size) &&
			    !is_counterpart(c, z, s, y, o))
				return fail(at(c, "shm[%u].pa", i), z,
					    "0x%lx+0x%lx overlaps zone %u '%s' "
					    "shm[%u] 0x%lx+0x%lx, which is not "
					    "its other end",
					    s->pa, s->size, y, other->name, j,
					    o->pa, o->size);
		}
	}
	return 0;
}

/* A doorbell is virtual: no zone may own it as a physical interrupt. */
static int check_shm_doorbell_ownership(struct check *c, u32 z, u32 i)
{
	u32 irq = zone_at(c, z)->shm[i].doorbell_irq;

	for (u32 y = 0; y < nr_zones(c); y++) {
		const struct cv_zone_config *other = zone_at(c, y);

		for (u32 j = 0; j < other->nr_irqs; j++) {
			if (other->irqs[j] == irq)
				return fail(at(c, "shm[%u].doorbell_irq", i), z,
					    "%u is also a physical interrupt "
					    "owned by zone %u '%s' (irqs[%u])",
					    irq, y, other->name, j);
		}
	}
	return 0;
}

static int check_zone_links(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret = 0;

	for (u32 i = 0; i < zc->nr_shm && !ret; i++) {
		ret = check_shm_peer(c, z, i);
		if (!ret)
			ret = check_shm_pa_memory(c, z, i);
		if (!ret)
			ret = check_shm_pa_links(c, z, i);
		if (!ret)
			ret = check_shm_doorbell_ownership(c, z, i);
	}
	return ret;
}

/* ---- Pass 4: the zones against the platform ---- */

static bool usable_range(u64 base, u64 size)
{
	return size != 0 && !wraps(base, size);
}

static int check_platform_description(struct check *c)
{
	const struct cv_platform_limits *p = c->plat;

	if (p->nr_ram > ARRAY_SIZE(p->ram))
		return fail(at(c, "platform.nr_ram"), NO_ZONE,
			    "is %u, at most %u", p->nr_ram,
			    (u32)ARRAY_SIZE(p->ram));
	return 0;
}

static int check_platform_cpus(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	u32 nr_cpus = c->plat->nr_cpus;
	u64 missing = nr_cpus >= 64 ? 0 : zc->cpus & (~(u64)0 << nr_cpus);

	if (missing)
		return fail(at(c, "cpus"), z,
			    "CPU %u does not exist: the platform has %u CPU(s)",
			    lowest_cpu(missing), nr_cpus);
	return 0;
}

static int check_platform_irq(struct check *c, u32 z, u32 i)
{
	const struct cv_platform_limits *p = c->plat;
	u32 irq = zone_at(c, z)->irqs[i];

	if (irq < p->first_spi || irq >= p->nr_irqs)
		return fail(at(c, "irqs[%u]", i), z,
			    "%u is outside the platform's SPI range [%u, %u)",
			    irq, p->first_spi, p->nr_irqs);
	return 0;
}

static bool inside_platform_ram(const struct cv_platform_limits *p, u64 base,
				u64 size)
{
	for (u32 r = 0; r < p->nr_ram; r++) {
		if (range_within(base, size, p->ram[r].base, p->ram[r].size))
			return true;
	}
	return false;
}

static int check_platform_mem(struct check *c, u32 z, u32 i)
{
	const struct cv_platform_limits *p = c->plat;
	const struct cv_mem_region *m = &zone_at(c, z)->mem[i];

	if (!inside_platform_ram(p, m->pa, m->size))
		return fail(at(c, "mem[%u].pa", i), z,
			    "0x%lx+0x%lx is not inside the platform's RAM",
			    m->pa, m->size);
	if (usable_range(p->hv_base, p->hv_size) &&
	    ranges_overlap(m->pa, m->size, p->hv_base, p->hv_size))
		return fail(at(c, "mem[%u].pa", i), z,
			    "0x%lx+0x%lx overlaps hypervisor memory "
			    "0x%lx+0x%lx",
			    m->pa, m->size, p->hv_base, p->hv_size);
	return 0;
}

static int check_platform_device(struct check *c, u32 z, u32 i)
{
	const struct cv_platform_limits *p = c->plat;
	const struct cv_device *d = &zone_at(c, z)->devices[i];

	for (u32 r = 0; r < p->nr_ram; r++) {
		u64 base = p->ram[r].base, size = p->ram[r].size;

		if (usable_range(base, size) &&
		    ranges_overlap(d->base, d->size, base, size))
			return fail(at(c, "devices[%u].base", i), z,
				    "'%s' 0x%lx+0x%lx overlaps platform RAM "
				    "0x%lx+0x%lx",
				    d->name, d->base, d->size, base, size);
	}
	return 0;
}

static int check_platform_console(struct check *c, u32 z)
{
	const struct cv_platform_limits *p = c->plat;
	const struct cv_console *con = &zone_at(c, z)->console;

	if (con->type == CV_CONSOLE_NONE)
		return 0;
	if (con->irq < p->first_spi || con->irq >= p->nr_irqs)
		return fail(at(c, "console.irq"), z,
			    "%u is outside the platform's SPI range [%u, %u)",
			    con->irq, p->first_spi, p->nr_irqs);
	return 0;
}

static int check_platform_shm(struct check *c, u32 z, u32 i)
{
	const struct cv_platform_limits *p = c->plat;
	const struct cv_shm *s = &zone_at(c, z)->shm[i];

	if (!inside_platform_ram(p, s->pa, s->size))
		return fail(at(c, "shm[%u].pa", i), z,
			    "0x%lx+0x%lx is not inside the platform's RAM",
			    s->pa, s->size);
	if (usable_range(p->hv_base, p->hv_size) &&
	    ranges_overlap(s->pa, s->size, p->hv_base, p->hv_size))
		return fail(at(c, "shm[%u].pa", i), z,
			    "0x%lx+0x%lx overlaps hypervisor memory "
			    "0x%lx+0x%lx",
			    s->pa, s->size, p->hv_base, p->hv_size);
	if (s->doorbell_irq < p->first_spi || s->doorbell_irq >= p->nr_irqs)
		return fail(at(c, "shm[%u].doorbell_irq", i), z,
			    "%u is outside the platform's SPI range [%u, %u)",
			    s->doorbell_irq, p->first_spi, p->nr_irqs);
	return 0;
}

static int check_zone_against_platform(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret;

	ret = check_platform_cpus(c, z);
	for (u32 i = 0; i < zc->nr_irqs && !ret; i++)
		ret = check_platform_irq(c, z, i);
	for (u32 i = 0; i < zc->nr_mem && !ret; i++)
		ret = check_platform_mem(c, z, i);
	for (u32 i = 0; i < zc->nr_devices && !ret; i++)
		ret = check_platform_device(c, z, i);
	if (!ret)
		ret = check_platform_console(c, z);
	for (u32 i = 0; i < zc->nr_shm && !ret; i++)
		ret = check_platform_shm(c, z, i);
	return ret;
}

/* ---- Entry point ---- */

static int check_all_zones(struct check *c,
			   int (*check_one)(struct check *c, u32 z))
{
	int ret = 0;

	for (u32 z = 0; z < nr_zones(c) && !ret; z++)
		ret = check_one(c, z);
	return ret;
}

static int check_bundle(struct check *c, const void *bundle)
{
	int ret;

	ret = check_header(c, bundle);
	if (!ret)
		ret = check_all_zones(c, check_zone);
	if (!ret)
		ret = check_single_root(c);
	if (!ret)
		ret = check_all_zones(c, check_zone_against_others);
	if (!ret)
		ret = check_all_zones(c, check_zone_links);
	if (!ret && c->plat)
		ret = check_platform_description(c);
	if (!ret && c->plat)
		ret = check_all_zones(c, check_zone_against_platform);
	return ret;
}

int cv_config_validate(const void *bundle, u64 bundle_size,
		       const struct cv_platform_limits *plat,
		       struct cv_config_error *err)
{
	struct cv_config_error ignored = {0};
	struct check c = {
	    .hdr = bundle,
	    .size = bundle_size,
	    .plat = plat,
	    .err = err ? err : &ignored,
	};

	c.err->zone = -1;
	c.err->field[0] = '\0';
	c.err->reason[0] = '\0';
	return check_bundle(&c, bundle);
}
