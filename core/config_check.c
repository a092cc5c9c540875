/*
 * Boot-bundle validation: every rule a bundle must satisfy before a zone is
 * created from it (the rules are listed in docs/config.md). Compiled into
 * the freestanding hypervisor and into host programs (tools/cvconfig, the
 * unit tests): it calls nothing but lib/printf.c.
 *
 * Checks run in passes, each assuming the previous ones passed: the header;
 * each zone's fields, by the schema's rules (cvisor/config_schema.h), and
 * the rules between them; the zones against each other; the shared-memory
 * links; every address range and interrupt at once (one pass over all of
 * them, with an "allowed" predicate); the platform, when the caller
 * describes it. A conflict is reported against the later of the two things
 * in that order (zones in bundle order, and within an address space RAM,
 * then devices, then links), naming the earlier one.
 */
#include "core/config_pci.h"
#include "cvisor/config_schema.h"
#include "cvisor/errno.h"
#include "lib/printf.h"

#define NO_ZONE	     ((u32)-1)
#define NO_LINK	     ((u32)-1)
#define MAP_GRANULE  4096u
#define NR_IMAGES    3u
#define FIRST_SPI    32u
#define SPURIOUS_IRQ 1020u /* the first id past the last SPI */

struct check {
	const struct cv_bundle_header *hdr;
	u64 size;
	const struct cv_platform_limits *plat;
	struct cv_config_error *err;
};

static struct check *at(struct check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fail(struct check *c, u32 zone, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Name the failing field; returns c so that it nests inside fail(). */
static struct check *at(struct check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cv_vsnprintf(c->err->field, sizeof(c->err->field), fmt, ap);
	va_end(ap);
	return c;
}

/* Record the zone and the reason of a failure; returns -CV_EINVAL. */
static int fail(struct check *c, u32 zone, const char *fmt, ...)
{
	va_list ap;

	c->err->zone = zone == NO_ZONE ? -1 : (int)zone;
	va_start(ap, fmt);
	cv_vsnprintf(c->err->reason, sizeof(c->err->reason), fmt, ap);
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

static const char *const image_names[NR_IMAGES] = {"kernel", "initrd", "dtb"};

static const struct cv_image *zone_image(const struct cv_zone_config *zc, u32 k)
{
	return k == 0 ? &zc->kernel : k == 1 ? &zc->initrd : &zc->dtb;
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

/* The words of [off, end) (whole, aligned words, past the checksum
 * field), four an iteration: the hot loop of the boot's payload check. */
static u64 hash_aligned(u64 hash, const u64 *w, u64 nwords)
{
	u64 i = 0;

	for (; i + 4 <= nwords; i += 4) {
		hash = (hash ^ w[i]) * FNV64_PRIME;
		hash = (hash ^ w[i + 1]) * FNV64_PRIME;
		hash = (hash ^ w[i + 2]) * FNV64_PRIME;
		hash = (hash ^ w[i + 3]) * FNV64_PRIME;
	}
	for (; i < nwords; i++)
		hash = (hash ^ w[i]) * FNV64_PRIME;
	return hash;
}

u32 cv_bundle_checksum(const void *bundle, u64 size)
{
	const u8 *p = bundle;
	u64 field = offsetof(struct cv_bundle_header, checksum);
	u64 hash = FNV64_OFFSET_BASIS, off = 0;
	bool aligned = ((uintptr_t)p & 7) == 0;

	for (; off < size; off += 8) {
		u64 n = size - off < 8 ? size - off : 8;
		u64 w;

		if (aligned && off > field && size - off >= 8) {
			/* Past the field: whole words to the last full one. */
			u64 words = (size - off) / 8;

			hash = hash_aligned(
			    hash, (const u64 *)(const void *)(p + off), words);
			off += words * 8 - 8;
			continue;
		}
		w = n == 8 && aligned ? *(const u64 *)(const void *)(p + off)
				      : load_le(p + off, n);
		if (field >= off && field < off + 8)
			w &= ~(0xffffffffull << (8 * (field - off)));
		hash = (hash ^ w) * FNV64_PRIME;
	}
	return (u32)(hash ^ (hash >> 32));
}

u64 cv_bundle_meta_size(const struct cv_bundle_header *h, u64 size)
{
	u64 end = sizeof(*h);

	if (size >= sizeof(*h))
		end = (u64)h->zones_offset + (u64)h->nr_zones * h->zone_size;
	return end < size ? end : size;
}

u32 cv_image_head_sum(const void *image, u64 size)
{
	u32 sum = cv_bundle_checksum(
	    image, size < CV_IMAGE_HEAD ? size : CV_IMAGE_HEAD);

	return sum ^ (u32)size ^ (u32)(size >> 32);
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
	static const char drift[] = "(layout drift between tool and "
				    "hypervisor)";

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
		return fail(
		    at(c, "header.header_size"), NO_ZONE,
		    "is %u bytes but this build's header is %u bytes %s",
		    h->header_size, (u32)sizeof(struct cv_bundle_header),
		    drift);
	if (h->zone_size != sizeof(struct cv_zone_config))
		return fail(at(c, "header.zone_size"), NO_ZONE,
			    "is %u bytes but this build's zone record is %u "
			    "bytes %s",
			    h->zone_size, (u32)sizeof(struct cv_zone_config),
			    drift);
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
	sum = cv_bundle_checksum(h, cv_bundle_meta_size(h, c->size));
	if (h->checksum != sum)
		return fail(at(c, "header.checksum"), NO_ZONE,
			    "is 0x%x but the bundle sums to 0x%x: corrupt "
			    "bundle",
			    h->checksum, sum);
	if (h->flags & ~(CV_BUNDLE_ADD_ZONE | CV_BUNDLE_IOMMU_OFF))
		return fail(at(c, "header.flags"), NO_ZONE,
			    "0x%x has unknown bits (known: 0x%x)", h->flags,
			    CV_BUNDLE_ADD_ZONE | CV_BUNDLE_IOMMU_OFF);
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
	int ret = check_bundle_placement(c, bundle);

	if (!ret)
		ret = check_header_format(c);
	if (!ret)
		ret = check_header_integrity(c);
	if (!ret)
		ret = check_zone_table(c);
	return ret;
}

/* ---- Pass 2: each zone's fields, by the schema ---- */

static int check_text(struct check *c, u32 z, const char *path, const void *rec,
		      const struct cv_field *f)
{
	size_t len = bounded_length((const char *)rec + f->offset, f->size);

	if (len == f->size)
		return fail(at(c, "%s%s", path, f->name), z,
			    "is not NUL-terminated within %u bytes", f->size);
	if (!len && (f->rules & CVR_NONEMPTY))
		return fail(at(c, "%s%s", path, f->name), z, "is empty");
	return 0;
}

/* The size that goes with address field f (CVR_RANGE), else 0. */
static u64 range_size(const struct cv_record *r, const void *rec,
		      const struct cv_field *f)
{
	if (!(f->rules & CVR_RANGE))
		return 0;
	return r->fixed_size ? r->fixed_size
			     : cv_field_get(rec, &r->fields[f->arg]);
}

/* The first number rule of field f that the record at rec breaks. */
static u32 broken_rule(const struct check *c, const struct cv_record *r,
		       const void *rec, const struct cv_field *f)
{
	u64 v = cv_field_get(rec, f);
	u64 size = range_size(r, rec, f);
	u32 broken = (!v ? CVR_NONZERO : 0) | (v > f->arg ? CVR_MAX : 0) |
		     (!IS_ALIGNED(v, MAP_GRANULE) ? CVR_ALIGN : 0) |
		     (wraps(v, size) ? CVR_RANGE : 0) |
		     (v & ~f->arg ? CVR_MASK : 0) | (v ? CVR_ZERO : 0) |
		     (v < FIRST_SPI || v >= SPURIOUS_IRQ ? CVR_SPI : 0);

	broken &= f->rules;
	if (c->plat) /* the platform pass checks the machine's own range */
		broken &= ~CVR_SPI;
	return broken & -broken; /* CVR_* are in checking order */
}

static int check_number(struct check *c, u32 z, const char *path,
			const struct cv_record *r, const void *rec,
			const struct cv_field *f)
{
	u64 v = cv_field_get(rec, f);
	u64 size = range_size(r, rec, f);
	u32 rule = broken_rule(c, r, rec, f);

	if (!rule)
		return 0;
	at(c, "%s%s", path, f->name);
	switch (rule) {
	case CVR_NONZERO:
		return fail(c, z, "%s", f->why ? f->why : "is 0");
	case CVR_MAX:
		return fail(c, z, "is %lu, at most %lu", v, f->arg);
	case CVR_ALIGN:
		return fail(c, z, "0x%lx is not 4 KiB aligned", v);
	case CVR_RANGE:
		return fail(c, z, "0x%lx+0x%lx wraps around the address space",
			    v, size);
	case CVR_MASK:
		return fail(c, z, "0x%lx has unknown bits 0x%lx", v,
			    v & ~f->arg);
	case CVR_ZERO:
		return fail(c, z, "is 0x%lx, must be 0", v);
	default:
		return fail(c, z, "%lu is not an SPI id (%u..%u)", v, FIRST_SPI,
			    SPURIOUS_IRQ - 1);
	}
}

/* Every field rule of one record; path prefixes the names ("mem[1]."). */
static int check_record(struct check *c, u32 z, const char *path,
			const struct cv_record *r, const void *rec)
{
	int ret = 0;

	for (u32 i = 0; i < r->nr_fields && !ret; i++) {
		const struct cv_field *f = &r->fields[i];

		if (f->rules & CVR_TEXT)
			ret = check_text(c, z, path, rec, f);
		else if (f->rules)
			ret = check_number(c, z, path, r, rec, f);
	}
	return ret;
}

static int check_arrays(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	char path[24];
	int ret = 0;

	for (u32 a = 0; a < cv_nr_zone_arrays && !ret; a++) {
		const struct cv_array *arr = &cv_zone_arrays[a];

		for (u32 i = 0; i < cv_array_count(zc, arr) && !ret; i++) {
			cv_snprintf(path, sizeof(path), "%s[%u].", arr->name,
				    i);
			ret = check_record(c, z, path, arr->record,
					   cv_array_item(zc, arr, i));
		}
	}
	return ret;
}

static int check_absent_image(struct check *c, u32 z, u32 k)
{
	const struct cv_image *img = zone_image(zone_at(c, z), k);

	if (k == 0)
		return fail(at(c, "kernel.size"), z,
			    "is 0: a zone needs a kernel");
	if (img->offset)
		return fail(at(c, "%s.offset", image_names[k]), z,
			    "is 0x%lx but the image is absent (size 0)",
			    img->offset);
	if (img->load_ipa)
		return fail(at(c, "%s.load_ipa", image_names[k]), z,
			    "is 0x%lx but the image is absent (size 0)",
			    img->load_ipa);
	if (img->head_sum || img->flags)
		return fail(at(c, "%s.flags", image_names[k]), z,
			    "head sum 0x%x, flags 0x%x but the image is absent "
			    "(size 0)",
			    img->head_sum, img->flags);
	return 0;
}

/* An image the boot loader placed in the zone's memory (CV_IMAGE_PLACED):
 * the root zone's kernel or initrd, at a load address inside the zone's
 * memory; its head sum is checked where it lies, when the zone loads. */
static int check_placed_image(struct check *c, u32 z, u32 k)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	const struct cv_image *img = zone_image(zc, k);
	const char *name = image_names[k];

	if (!(zc->flags & CV_ZONE_ROOT) || k == 2)
		return fail(at(c, "%s.flags", name), z,
			    "placed by the boot loader, but only the root "
			    "zone's kernel and initrd can be (another zone's "
			    "images are copied again at each start)");
	if (img->offset)
		return fail(at(c, "%s.offset", name), z,
			    "is 0x%lx but the image is placed, not in the "
			    "bundle",
			    img->offset);
	if (!img->load_ipa || !inside_zone_memory(zc, img->load_ipa, img->size))
		return fail(at(c, "%s.load_ipa", name), z,
			    "image 0x%lx+0x%lx is placed but not inside any of "
			    "the zone's memory regions",
			    img->load_ipa, img->size);
	return 0;
}

/* Where the image sits in the bundle and in the zone. */
static int check_image(struct check *c, u32 z, u32 k)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	const struct cv_image *img = zone_image(zc, k);
	const char *name = image_names[k];

	if (!img->size)
		return check_absent_image(c, z, k);
	if (img->flags & ~CV_IMAGE_PLACED)
		return fail(at(c, "%s.flags", name), z,
			    "0x%x has unknown bits (known: 0x%x)", img->flags,
			    CV_IMAGE_PLACED);
	if (img->flags & CV_IMAGE_PLACED)
		return check_placed_image(c, z, k);
	if (!IS_ALIGNED(img->offset, CV_IMAGE_ALIGN))
		return fail(at(c, "%s.offset", name), z,
			    "0x%lx is not %u-byte aligned", img->offset,
			    CV_IMAGE_ALIGN);
	if (!range_within(img->offset, img->size, 0, c->size))
		return fail(at(c, "%s.offset", name), z,
			    "image 0x%lx+0x%lx is not inside the bundle (0x%lx "
			    "bytes)",
			    img->offset, img->size, c->size);
	if (img->offset < zone_table_end(c->hdr))
		return fail(at(c, "%s.offset", name), z,
			    "image at 0x%lx starts before the end of the zone "
			    "table (0x%lx)",
			    img->offset, zone_table_end(c->hdr));
	if (img->load_ipa && !inside_zone_memory(zc, img->load_ipa, img->size))
		return fail(at(c, "%s.load_ipa", name), z,
			    "image 0x%lx+0x%lx does not fit inside any of the "
			    "zone's memory regions",
			    img->load_ipa, img->size);
	if (img->head_sum !=
	    cv_image_head_sum((const u8 *)c->hdr + img->offset, img->size))
		return fail(at(c, "%s.head_sum", name), z,
			    "0x%x does not match the image's first bytes and "
			    "size (0x%x): corrupt bundle",
			    img->head_sum,
			    cv_image_head_sum((const u8 *)c->hdr + img->offset,
					      img->size));
	return 0;
}

/* A zone without an emulated console leaves the record zero. */
static int check_console(struct check *c, u32 z)
{
	const struct cv_console *con = &zone_at(c, z)->console;
	static const char absent[] = "but the console is absent (type none)";

	if (con->type == CV_CONSOLE_NONE && con->base)
		return fail(at(c, "console.base"), z, "is 0x%lx %s", con->base,
			    absent);
	if (con->type == CV_CONSOLE_NONE && con->irq)
		return fail(at(c, "console.irq"), z, "is %u %s", con->irq,
			    absent);
	if (con->type == CV_CONSOLE_NONE)
		return 0;
	if (con->type >= cv_nr_console_types)
		return fail(at(c, "console.type"), z,
			    "%u is not a known console type (%u none, %u "
			    "pl011, %u ns16550)",
			    con->type, CV_CONSOLE_NONE, CV_CONSOLE_PL011,
			    CV_CONSOLE_NS16550);
	return check_record(c, z, "console.", &cv_console_record, con);
}

/* The rules between a zone's own fields. */
static int check_zone_rules(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	int ret = 0;

	if ((zc->flags & CV_ZONE_ROOT) && zc->id != 0)
		return fail(at(c, "id"), z,
			    "is %u but the root zone must have id 0", zc->id);
	for (u32 k = 0; k < NR_IMAGES && !ret; k++)
		ret = check_image(c, z, k);
	if (!ret && zc->entry_ipa && !inside_zone_memory(zc, zc->entry_ipa, 1))
		return fail(at(c, "entry_ipa"), z,
			    "0x%lx is not inside any of the zone's memory "
			    "regions",
			    zc->entry_ipa);
	if (!ret)
		ret = check_console(c, z);
	for (u32 i = 0; i < zc->nr_shm && !ret; i++) {
		if (zc->shm[i].peer == zc->id)
			ret = fail(at(c, "shm[%u].peer", i), z,
				   "is %u, the zone's own id: a link joins "
				   "two zones",
				   zc->id);
	}
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

/* The GIC's SPI range only without a platform: with one, the platform
 * pass checks the controller's own range. */
static int check_virtio_irq(struct check *c, u32 z, u32 i)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	u32 irq = zc->virtio[i].irq;

	if (!c->plat && (irq < FIRST_SPI || irq >= SPURIOUS_IRQ))
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
	int ret = check_record(c, z, "", &cv_zone_record, zone_at(c, z));

	if (!ret)
		ret = check_arrays(c, z);
	if (!ret)
		ret = check_zone_rules(c, z);
	if (!ret)
		ret = check_virtio(c, z);
	return ret;
}

/* ---- Pass 3: the zones against each other ---- */

static bool same_name(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static int check_unique(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);

	for (u32 y = 0; y < z; y++) {
		const struct cv_zone_config *o = zone_at(c, y);

		if (o->id == zc->id)
			return fail(at(c, "id"), z,
				    "%u is also the id of zone %u '%s'", zc->id,
				    y, o->name);
		if (same_name(zc->name, o->name))
			return fail(at(c, "name"), z,
				    "'%s' is also the name of zone %u",
				    zc->name, y);
	}
	for (u32 y = 0; y < z; y++) {
		const struct cv_zone_config *o = zone_at(c, y);

		if (zc->cpus & o->cpus)
			return fail(at(c, "cpus"), z,
				    "CPU %u is also owned by zone %u '%s'",
				    lowest_cpu(zc->cpus & o->cpus), y, o->name);
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

	if (adds_zone(c) && (zone_at(c, 0)->flags & CV_ZONE_ROOT))
		return fail(at(c, "flags"), 0,
			    "marks the root zone, but this bundle adds a zone "
			    "to a running system");
	for (u32 z = 0; z < nr_zones(c) && !adds_zone(c); z++) {
		if (!(zone_at(c, z)->flags & CV_ZONE_ROOT))
			continue;
		if (root != NO_ZONE)
			return fail(at(c, "flags"), z,
				    "marks a second root zone: zone %u '%s' "
				    "is the root zone",
				    root, zone_at(c, root)->name);
		root = z;
	}
	if (root == NO_ZONE && !adds_zone(c))
		return fail(at(c, "zones"), NO_ZONE,
			    "no zone has the root flag: exactly one must");
	return 0;
}

/* ---- Pass 4: the shared-memory links between zones ---- */

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
static int check_links(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);

	for (u32 i = 0; i < zc->nr_shm; i++) {
		const struct cv_shm *s = &zc->shm[i];
		u32 y = zone_with_id(c, s->peer);
		bool found = false;

		if (y == NO_ZONE && adds_zone(c))
			continue; /* a running zone: the hypervisor checks */
		if (y == NO_ZONE)
			return fail(at(c, "shm[%u].peer", i), z,
				    "%u is not the id of any zone", s->peer);
		for (u32 j = 0; j < zone_at(c, y)->nr_shm; j++)
			found |=
			    is_counterpart(c, z, s, y, &zone_at(c, y)->shm[j]);
		if (!found)
			return fail_shm_unmatched(c, z, i, y);
	}
	return 0;
}

/* ---- Pass 5: every range at once ---- */

/*
 * Every address range and interrupt of every zone, in one sequence: each
 * is checked against all before it in the same space, and a pair that
 * overlaps and is not allowed fails, reported against the later one.
 */
/* The phases in checking order, grouped by space: a zone's guest-physical
 * space (IPA_*) and its guest load addresses (LOAD_IMAGE) are its own;
 * host-physical space (PA_*), the bundle's offsets and interrupt ids
 * (IRQ_*) are shared by all zones. */
enum phase {
	IPA_MEM,
	IPA_DEVICE,
	IPA_CONSOLE,
	IPA_SHM,
	LOAD_IMAGE,
	PA_MEM,
	PA_DEVICE,
	PA_SHM,
	BUNDLE_IMAGE,
	IRQ_OWNED,
	IRQ_CONSOLE,
	IRQ_DOORBELL,
	NR_PHASES
};

struct range {
	u32 phase, zone, index;
	u64 base, size; /* size 0: absent */
};

/* The space of a phase, named by its first phase. */
static u32 space_of(u32 phase)
{
	return phase <= IPA_SHM	       ? IPA_MEM
	       : phase <= LOAD_IMAGE   ? LOAD_IMAGE
	       : phase <= PA_SHM       ? PA_MEM
	       : phase <= BUNDLE_IMAGE ? BUNDLE_IMAGE
				       : IRQ_OWNED;
}

static u32 phase_count(const struct cv_zone_config *zc, u32 phase)
{
	static const u8 fixed[NR_PHASES] = {[IPA_CONSOLE] = 1,
					    [LOAD_IMAGE] = NR_IMAGES,
					    [BUNDLE_IMAGE] = NR_IMAGES,
					    [IRQ_CONSOLE] = 1};

	switch (phase) {
	case IPA_MEM:
	case PA_MEM:
		return zc->nr_mem;
	case IPA_DEVICE:
	case PA_DEVICE:
		return zc->nr_devices;
	case IPA_SHM:
	case PA_SHM:
	case IRQ_DOORBELL:
		return zc->nr_shm;
	case IRQ_OWNED:
		return zc->nr_irqs;
	default:
		return fixed[phase];
	}
}

static struct range range_of(const struct cv_zone_config *zc, u32 phase, u32 z,
			     u32 i)
{
	const struct cv_image *img = zone_image(zc, i % NR_IMAGES);
	const struct cv_shm *s = &zc->shm[i % CV_MAX_SHM];
	const struct cv_mem_region *m = &zc->mem[i % CV_MAX_MEM_REGIONS];
	const struct cv_device *d = &zc->devices[i % CV_MAX_DEVICES];
	bool con = zc->console.type != CV_CONSOLE_NONE;
	struct range r = {phase, z, i, 0, 1};

	switch (phase) {
	case IPA_MEM:
	case PA_MEM:
		r.base = phase == IPA_MEM ? m->ipa : m->pa;
		r.size = m->size;
		break;
	case IPA_DEVICE:
	case PA_DEVICE:
		r.base = d->base;
		r.size = d->size;
		break;
	case IPA_CONSOLE:
		r.base = zc->console.base;
		r.size = con ? CV_CONSOLE_MMIO_SIZE : 0;
		break;
	case IPA_SHM:
	case PA_SHM:
		r.base = phase == IPA_SHM ? s->ipa : s->pa;
		r.size = s->size;
		break;
	case LOAD_IMAGE:
		r.base = img->load_ipa;
		r.size = img->load_ipa ? img->size : 0;
		break;
	case BUNDLE_IMAGE: /* a placed image takes no room in the bundle */
		r.base = img->offset;
		r.size = img->flags & CV_IMAGE_PLACED ? 0 : img->size;
		break;
	case IRQ_OWNED:
		r.base = zc->irqs[i % CV_MAX_IRQS];
		break;
	case IRQ_CONSOLE:
		r.base = zc->console.irq;
		r.size = con ? 1 : 0;
		break;
	default:
		r.base = s->doorbell_irq;
		break;
	}
	return r;
}

/* Walks the ranges in order: phases, then zones, then items. */
struct cursor {
	u32 phase, zone, item;
};

static bool next_range(const struct check *c, struct cursor *k, struct range *r)
{
	for (; k->phase < NR_PHASES; k->phase++, k->zone = 0) {
		for (; k->zone < nr_zones(c); k->zone++, k->item = 0) {
			const struct cv_zone_config *zc = zone_at(c, k->zone);

			if (k->item < phase_count(zc, k->phase)) {
				*r = range_of(zc, k->phase, k->zone, k->item++);
				return true;
			}
		}
	}
	return false;
}

/* May a and b (earlier) overlap? */
static bool allowed(const struct check *c, const struct range *a,
		    const struct range *b)
{
	const struct cv_zone_config *za = zone_at(c, a->zone);
	const struct cv_zone_config *zb = zone_at(c, b->zone);
	bool same = a->zone == b->zone;

	switch (space_of(a->phase)) {
	case IPA_MEM: /* guest-physical: each zone its own; devices are
		       * checked (1:1) in host-physical space */
	case LOAD_IMAGE:
		return !same ||
		       (a->phase == IPA_DEVICE && b->phase <= IPA_DEVICE);
	case PA_MEM: /* both ends of a shared-memory link */
		return a->phase == PA_SHM && b->phase == PA_SHM &&
		       is_counterpart(c, a->zone, &za->shm[a->index], b->zone,
				      &zb->shm[b->index]);
	case IRQ_OWNED: /* virtual interrupts are each zone's own */
		return a->phase != IRQ_OWNED && b->phase != IRQ_OWNED && !same;
	case BUNDLE_IMAGE: /* one copy of an image two zones share */
		return a->base == b->base && a->size == b->size;
	default:
		return false;
	}
}

static const char *const range_field[NR_PHASES] = {
    "mem[%u].ipa",	"devices[%u].base", "console.base",
    "shm[%u].ipa",	"%s.load_ipa",	    "mem[%u].pa",
    "devices[%u].base", "shm[%u].pa",	    "%s.offset",
    "irqs[%u]",		"console.irq",	    "shm[%u].doorbell_irq",
};

/* The earlier range b as the message names it: "zone 1 'x' mem[0] ..". */
static void describe(const struct check *c, const struct range *a,
		     const struct range *b, char *buf, size_t len)
{
	const struct cv_zone_config *zb = zone_at(c, b->zone);
	char who[48] = "";
	u32 n = 0;

	if (space_of(b->phase) == PA_MEM || b->phase == BUNDLE_IMAGE)
		cv_snprintf(who, sizeof(who), "zone %u '%s' ", b->zone,
			    zb->name);
	if (b->phase == PA_MEM && a->phase != PA_MEM)
		n = (u32)cv_snprintf(buf, len, "%sRAM ", who);
	else
		n = (u32)cv_snprintf(buf, len, "%s", who);
	if (b->phase == IPA_CONSOLE)
		n += (u32)cv_snprintf(buf + n, len - n, "the console window");
	else if (b->phase == LOAD_IMAGE || b->phase == BUNDLE_IMAGE)
		n += (u32)cv_snprintf(buf + n, len - n, "%s%s image",
				      b->phase == LOAD_IMAGE ? "the " : "",
				      image_names[b->index]);
	else
		n += (u32)cv_snprintf(
		    buf + n, len - n, "%s[%u]",
		    b->phase == IPA_MEM || b->phase == PA_MEM	? "mem"
		    : b->phase == IPA_SHM || b->phase == PA_SHM ? "shm"
								: "devices",
		    b->index);
	if (b->phase == IPA_DEVICE || b->phase == PA_DEVICE)
		n += (u32)cv_snprintf(buf + n, len - n, " '%s'",
				      zb->devices[b->index].name);
	cv_snprintf(buf + n, len - n, " 0x%lx+0x%lx", b->base, b->size);
}

/* An interrupt taken twice: a (later) and b. */
static int fail_irq(struct check *c, const struct range *a,
		    const struct range *b)
{
	const struct cv_zone_config *zb = zone_at(c, b->zone);
	u32 irq = (u32)a->base;

	if (b->phase == IRQ_OWNED && a->phase != IRQ_OWNED)
		return fail(c, a->zone,
			    "%u is also a physical interrupt owned by zone %u "
			    "'%s' (irqs[%u])",
			    irq, b->zone, zb->name, b->index);
	if (b->phase == IRQ_OWNED && a->zone == b->zone)
		return fail(c, a->zone, "%u is listed twice (also irqs[%u])",
			    irq, b->index);
	if (b->phase == IRQ_OWNED)
		return fail(c, a->zone,
			    "%u is also owned by zone %u '%s' (irqs[%u])", irq,
			    b->zone, zb->name, b->index);
	if (b->phase == IRQ_CONSOLE)
		return fail(c, a->zone,
			    "%u is also the zone's console interrupt", irq);
	return fail(c, a->zone, "%u is also the doorbell of shm[%u]", irq,
		    b->index);
}

static int fail_overlap(struct check *c, const struct range *a,
			const struct range *b)
{
	const struct cv_zone_config *za = zone_at(c, a->zone);
	const struct cv_device *d = &za->devices[a->index % CV_MAX_DEVICES];
	const struct cv_zone_config *zb = zone_at(c, b->zone);
	const struct cv_device *o = &zb->devices[b->index % CV_MAX_DEVICES];
	bool image = a->phase == LOAD_IMAGE || a->phase == BUNDLE_IMAGE;
	char self[64] = "", other[112];
	const char *where = space_of(a->phase) == IPA_MEM
				? " in guest-physical space"
			    : a->phase == LOAD_IMAGE   ? " in guest memory"
			    : a->phase == BUNDLE_IMAGE ? " in the bundle"
			    : b->phase == PA_SHM && a->phase == PA_SHM
				? ", which is not its other end"
				: "";

	if (image)
		at(c, range_field[a->phase], image_names[a->index]);
	else
		at(c, range_field[a->phase], a->index);
	if (space_of(a->phase) == IRQ_OWNED)
		return fail_irq(c, a, b);
	if (a->phase == PA_DEVICE && b->phase == PA_DEVICE &&
	    a->base == b->base && a->size == b->size)
		return fail(c, a->zone,
			    "'%s' 0x%lx+0x%lx is also owned by zone %u '%s' "
			    "(devices[%u] '%s')",
			    d->name, d->base, d->size, b->zone, zb->name,
			    b->index, o->name);
	if (a->phase == IPA_DEVICE || a->phase == PA_DEVICE)
		cv_snprintf(self, sizeof(self), "'%s' ", d->name);
	else if (a->phase != PA_MEM)
		cv_snprintf(self, sizeof(self), "%s0x%lx+0x%lx ",
			    image ? "image " : "", a->base, a->size);
	describe(c, a, b, other, sizeof(other));
	return fail(c, a->zone, "%soverlaps %s%s", self, other, where);
}

/* A pair inside one zone's own spaces (guest-physical, guest load, its
 * virtual interrupts): checked with the zone, before the links. */
static bool is_local(const struct range *a, const struct range *b)
{
	u32 space = space_of(a->phase);

	return a->zone == b->zone &&
	       (space != IRQ_OWNED
		    ? space != PA_MEM && space != BUNDLE_IMAGE
		    : a->phase != IRQ_OWNED && b->phase != IRQ_OWNED);
}

static int check_ranges(struct check *c, bool local)
{
	struct cursor ka = {0};
	struct range a, b;

	for (u32 n = 0; next_range(c, &ka, &a); n++) {
		struct cursor kb = {0};

		for (u32 m = 0; m < n && next_range(c, &kb, &b); m++) {
			if (!a.size || !b.size || is_local(&a, &b) != local ||
			    space_of(a.phase) != space_of(b.phase) ||
			    !ranges_overlap(a.base, a.size, b.base, b.size) ||
			    allowed(c, &a, &b))
				continue;
			return fail_overlap(c, &a, &b);
		}
	}
	return 0;
}

/* ---- Pass 6: the zones against the platform ---- */

static bool inside_platform_ram(const struct cv_platform_limits *p, u64 base,
				u64 size)
{
	for (u32 r = 0; r < p->nr_ram; r++) {
		if (range_within(base, size, p->ram[r].base, p->ram[r].size))
			return true;
	}
	return false;
}

static bool overlaps_hv(const struct cv_platform_limits *p, u64 base, u64 size)
{
	return p->hv_size && !wraps(p->hv_base, p->hv_size) &&
	       ranges_overlap(base, size, p->hv_base, p->hv_size);
}

/* Guest RAM and links: inside the platform's RAM, outside cvisor's. */
static int check_platform_ram(struct check *c, u32 z, const char *field, u32 i,
			      u64 pa, u64 size)
{
	const struct cv_platform_limits *p = c->plat;

	if (!inside_platform_ram(p, pa, size))
		return fail(at(c, field, i), z,
			    "0x%lx+0x%lx is not inside the platform's RAM", pa,
			    size);
	if (overlaps_hv(p, pa, size))
		return fail(at(c, field, i), z,
			    "0x%lx+0x%lx overlaps hypervisor memory "
			    "0x%lx+0x%lx",
			    pa, size, p->hv_base, p->hv_size);
	return 0;
}

static int check_platform_irq(struct check *c, u32 z, struct check *field,
			      u32 irq)
{
	const struct cv_platform_limits *p = c->plat;
	const char *kind = p->irq_kind ? p->irq_kind : "interrupt";

	if (p->nr_irqs <= p->first_spi)
		return fail(field, z,
			    "%u: the platform has no %s a zone can own", irq,
			    kind);
	if (irq < p->first_spi || irq >= p->nr_irqs)
		return fail(field, z,
			    "%u is outside the platform's %s range [%u, %u)",
			    irq, kind, p->first_spi, p->nr_irqs);
	return 0;
}

/* Passthrough devices: never on MMIO that only cvisor may touch. */
static int check_hv_mmio(struct check *c, u32 z, u32 i)
{
	const struct cv_platform_limits *p = c->plat;
	const struct cv_device *d = &zone_at(c, z)->devices[i];

	for (u32 r = 0; r < p->nr_hv_mmio && r < CV_MAX_HV_MMIO; r++) {
		const struct cv_hv_mmio *m = &p->hv_mmio[r];

		if (m->size && !wraps(m->base, m->size) &&
		    ranges_overlap(d->base, d->size, m->base, m->size))
			return fail(at(c, "devices[%u].base", i), z,
				    "'%s' 0x%lx+0x%lx overlaps %s 0x%lx+0x%lx, "
				    "which only cvisor may touch",
				    d->name, d->base, d->size,
				    m->what ? m->what : "cvisor's MMIO",
				    m->base, m->size);
	}
	return 0;
}

/* Passthrough devices: never on RAM, nor on cvisor's MMIO. */
static int check_platform_device(struct check *c, u32 z, u32 i)
{
	const struct cv_platform_limits *p = c->plat;
	const struct cv_device *d = &zone_at(c, z)->devices[i];

	for (u32 r = 0; r < p->nr_ram; r++) {
		u64 base = p->ram[r].base, size = p->ram[r].size;

		if (size && !wraps(base, size) &&
		    ranges_overlap(d->base, d->size, base, size))
			return fail(at(c, "devices[%u].base", i), z,
				    "'%s' 0x%lx+0x%lx overlaps platform RAM "
				    "0x%lx+0x%lx",
				    d->name, d->base, d->size, base, size);
	}
	return check_hv_mmio(c, z, i);
}

/* The machine's interrupt range; its CPUs and memory unless only the
 * architecture is known (arch_only: a host tool). */
static int check_zone_against_platform(struct check *c, u32 z)
{
	const struct cv_zone_config *zc = zone_at(c, z);
	bool machine = !c->plat->arch_only;
	u32 nr_cpus = c->plat->nr_cpus;
	u64 missing = nr_cpus >= 64 ? 0 : zc->cpus & (~(u64)0 << nr_cpus);
	int ret = 0;

	if (machine && missing)
		return fail(at(c, "cpus"), z,
			    "CPU %u does not exist: the platform has %u CPU(s)",
			    lowest_cpu(missing), nr_cpus);
	for (u32 i = 0; i < zc->nr_irqs && !ret; i++)
		ret =
		    check_platform_irq(c, z, at(c, "irqs[%u]", i), zc->irqs[i]);
	for (u32 i = 0; machine && i < zc->nr_mem && !ret; i++)
		ret = check_platform_ram(c, z, "mem[%u].pa", i, zc->mem[i].pa,
					 zc->mem[i].size);
	for (u32 i = 0; machine && i < zc->nr_devices && !ret; i++)
		ret = check_platform_device(c, z, i);
	if (!ret && zc->console.type != CV_CONSOLE_NONE)
		ret = check_platform_irq(c, z, at(c, "console.irq"),
					 zc->console.irq);
	for (u32 i = 0; i < zc->nr_shm && !ret; i++) {
		if (machine)
			ret =
			    check_platform_ram(c, z, "shm[%u].pa", i,
					       zc->shm[i].pa, zc->shm[i].size);
		if (!ret)
			ret = check_platform_irq(
			    c, z, at(c, "shm[%u].doorbell_irq", i),
			    zc->shm[i].doorbell_irq);
	}
	for (u32 i = 0; i < zc->nr_virtio && !ret; i++)
		ret = check_platform_irq(c, z, at(c, "virtio[%u].irq", i),
					 zc->virtio[i].irq);
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
	int ret = check_header(c, bundle);

	if (!ret)
		ret = check_all_zones(c, check_zone);
	if (!ret)
		ret = check_ranges(c, true);
	if (!ret)
		ret = check_single_root(c);
	if (!ret)
		ret = check_all_zones(c, check_unique);
	if (!ret)
		ret = check_all_zones(c, check_links);
	if (!ret)
		ret = check_ranges(c, false);
	if (!ret && c->plat && c->plat->nr_ram > ARRAY_SIZE(c->plat->ram))
		ret =
		    fail(at(c, "platform.nr_ram"), NO_ZONE, "is %u, at most %u",
			 c->plat->nr_ram, (u32)ARRAY_SIZE(c->plat->ram));
	if (!ret && c->plat)
		ret = check_all_zones(c, check_zone_against_platform);
	if (!ret)
		ret = cv_config_check_pci(c->hdr, c->plat, c->err);
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
