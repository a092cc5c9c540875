/*
 * cvconfig: compile a zone configuration (JSON) into a boot bundle, and check
 * or print a bundle. The bundle format is include/cvisor/config.h; the JSON
 * schema, the rules and the command line are described in docs/config.md.
 *
 * Every error is printed as "cvconfig: <file>: <field>: <reason>" and makes
 * the tool exit with status 1; a bundle is written only when it validates.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cvisor/config_schema.h"
#include "cvisor/errno.h"
#include "loader.h"
#include "place.h"
#include "cvisor/bzimage.h"

#define NR_IMAGES  3u
#define FIELD_LEN  128
#define EXIT_USAGE 2

enum image_slot { IMAGE_KERNEL, IMAGE_INITRD, IMAGE_DTB };

static const char *const image_names[NR_IMAGES] = {"kernel", "initrd", "dtb"};

/* An image named by the configuration, before it is read. */
struct image_spec {
	char *file;		/* NULL: absent */
	bool from_command_line; /* --set: relative to the working directory */
	char field[FIELD_LEN];	/* for messages: "zones[0].kernel.file" */
	u64 load_ipa;
};

/* A shared-memory link's "peer" given by name, resolved once all zones are
 * parsed. */
struct peer_name {
	char *name;	       /* NULL: the peer was given as an id */
	char field[FIELD_LEN]; /* for messages: "zones[0].shm[1].peer" */
};

struct zone_spec {
	struct cv_zone_config cfg;
	bool has_id;
	struct image_spec images[NR_IMAGES];
	struct peer_name shm_peers[CV_MAX_SHM];
};

struct loaded_image {
	u8 *data;
	u64 size;
};

struct config {
	const char *path;      /* the JSON file, named in messages */
	u32 elf_machine;       /* EM_* of --arch: what ELF kernels must be */
	bool add_zone;	       /* a bundle that adds one zone at run time */
	bool iommu_off;	       /* "iommu": "off" (the DMA test only) */
	bool place_root;       /* --place-root-images (place.h) */
	char *dir;	       /* its directory */
	const char *image_dir; /* --image-dir: looked in first, or NULL */
	u32 nr_zones;
	struct zone_spec zones[CV_MAX_ZONES];
	struct loaded_image loaded[CV_MAX_ZONES][NR_IMAGES];
};

struct build_options {
	u32 elf_machine;
	bool add_zone;	 /* --add-zone: CV_BUNDLE_ADD_ZONE */
	bool place_root; /* --place-root-images */
	const char *config_path;
	const char *output_path;
	const char *image_dir;
	const char **sets;
	int nr_sets;
};

/* --arch: the ELF machine a zone's ELF kernel must be built for, and the
 * interrupt ids its controller has and what it calls them (what the
 * hypervisor's own check uses: arch_irqchip_first_spi/nr_irqs/irq_kind):
 * GIC SPIs, PLIC/APLIC sources, IOAPIC pins; loongarch64 drives no
 * external controller yet. */
static const struct arch_facts {
	const char *name;
	u32 machine;
	u32 first_irq, end_irq;
	const char *irq_kind;
} arches[] = {{"aarch64", EM_AARCH64, 32, 1020, "SPI"},
	      {"riscv64", EM_RISCV, 1, 1024, "interrupt source"},
	      {"x86_64", EM_X86_64, 0, 24, "IOAPIC pin"},
	      {"loongarch64", EM_LOONGARCH, 0, 0, "interrupt"}};

/* The interrupt rules of the --arch given (the machine is not known). */
static struct cv_platform_limits arch_limits = {.arch_only = 1};

/* ---- Messages ---- */

static void report(const char *file, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(const char *file, const char *field, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cvconfig: %s: ", file);
	if (field && *field)
		fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fprintf(out, "usage: cvconfig build <config.json> -o <bundle.bin> "
		     "[--arch ARCH] [--add-zone] [--image-dir DIR] "
		     "[--place-root-images] "
		     "[--set ZONE.FIELD=VALUE ...]\n"
		     "       cvconfig check <bundle.bin> [--arch ARCH]\n"
		     "       cvconfig dump <bundle.bin> [--arch ARCH]\n"
		     "--set fields: kernel, initrd, dtb (image files; empty "
		     "removes initrd/dtb), cpus (e.g. 0,1), and any key of "
		     "the zone object (cmdline, entry, autostart, ...)\n"
		     "--place-root-images: the root zone's kernel and initrd "
		     "go next to the bundle, loaded where they run (lines "
		     "'<pa> <file>' in <bundle>.loads)\n");
}

/* ---- Memory: a host tool out of memory just stops ---- */

static void *checked_allocation(void *p)
{
	if (!p) {
		fprintf(stderr, "cvconfig: out of memory\n");
		exit(1);
	}
	return p;
}

static void *xmalloc(size_t size)
{
	return checked_allocation(malloc(size ? size : 1));
}

static void *xcalloc(size_t n, size_t size)
{
	return checked_allocation(calloc(n ? n : 1, size ? size : 1));
}

static char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* ---- Field paths ---- */

static const char *format_field(char *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Format into a FIELD_LEN buffer; a path too long ends in "...". */
static const char *format_field(char *buf, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, FIELD_LEN, fmt, ap);
	va_end(ap);
	if (len >= FIELD_LEN)
		strcpy(buf + FIELD_LEN - 4, "...");
	return buf;
}

static const char *join_key(char *buf, const char *path, const char *key)
{
	return format_field(buf, "%s%s%s", path, *path ? "." : "", key);
}

static const char *join_index(char *buf, const char *path, size_t index)
{
	return format_field(buf, "%s[%zu]", path, index);
}

/* ---- Numbers: JSON integers or strings "0x..", "123", "16M" ---- */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse the digits at *s in base; advance *s past them. */
static int parse_digits(const char **s, unsigned int base, u64 *out)
{
	const char *p = *s;
	u64 v = 0;
	int d;

	while ((d = digit_value(*p)) >= 0 && (unsigned int)d < base) {
		if (v > (UINT64_MAX - (u64)d) / base)
			return -1;
		v = v * base + (u64)d;
		p++;
	}
	if (p == *s)
		return -1;
	*s = p;
	*out = v;
	return 0;
}

static int suffix_shift(const char *s, unsigned int *shift)
{
	static const char units[] = "KMG";
	const char *u;

	if (*s == '\0') {
		*shift = 0;
		return 0;
	}
	u = strchr(units, *s);
	if (!u || s[1] != '\0')
		return -1;
	*shift = 10 * (unsigned int)(u - units + 1);
	return 0;
}

static int parse_number_text(const char *s, u64 *out)
{
	unsigned int base = 10, shift;
	u64 v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (parse_digits(&s, base, &v) || suffix_shift(s, &shift))
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = v << shift;
	return 0;
}

/* ---- JSON values ---- */

static int parse_u64(const struct config *cf, const char *path, json_t *j,
		     u64 *out)
{
	if (json_is_integer(j)) {
		if (json_integer_value(j) < 0) {
			report(cf->path, path, "must not be negative");
			return -1;
		}
		*out = (u64)json_integer_value(j);
		return 0;
	}
	if (!json_is_string(j)) {
		report(cf->path, path, "must be a number or a string");
		return -1;
	}
	if (parse_number_text(json_string_value(j), out)) {
		report(cf->path, path,
		       "'%s' is not a number (decimal, 0x hex, optional "
		       "K/M/G suffix)",
		       json_string_value(j));
		return -1;
	}
	return 0;
}

static int parse_u32(const struct config *cf, const char *path, json_t *j,
		     u32 *out)
{
	u64 v;

	if (parse_u64(cf, path, j, &v))
		return -1;
	if (v > UINT32_MAX) {
		report(cf->path, path, "0x%llx does not fit in 32 bits",
		       (unsigned long long)v);
		return -1;
	}
	*out = (u32)v;
	return 0;
}

static int parse_bool(const struct config *cf, const char *path, json_t *j,
		      bool *out)
{
	if (!json_is_boolean(j)) {
		report(cf->path, path, "must be true or false");
		return -1;
	}
	*out = json_is_true(j);
	return 0;
}

static int copy_text(const struct config *cf, const char *path,
		     const char *text, char *dst, size_t cap)
{
	size_t len = strlen(text);

	if (len >= cap) {
		report(cf->path, path, "is %zu bytes long, at most %zu", len,
		       cap - 1);
		return -1;
	}
	memcpy(dst, text, len + 1);
	return 0;
}

static int parse_text(const struct config *cf, const char *path, json_t *j,
		      char *dst, size_t cap)
{
	if (!json_is_string(j)) {
		report(cf->path, path, "must be a string");
		return -1;
	}
	return copy_text(cf, path, json_string_value(j), dst, cap);
}

static int expect_object(const struct config *cf, const char *path, json_t *j)
{
	if (json_is_object(j))
		return 0;
	report(cf->path, path, "must be an object");
	return -1;
}

static int expect_array(const struct config *cf, const char *path, json_t *j,
			size_t max)
{
	if (!json_is_array(j)) {
		report(cf->path, path, "must be an array");
		return -1;
	}
	if (json_array_size(j) > max) {
		report(cf->path, path, "has %zu entries, at most %zu",
		       json_array_size(j), max);
		return -1;
	}
	return 0;
}

static json_t *required(const struct config *cf, const char *path, json_t *obj,
			const char *key)
{
	char field[FIELD_LEN];
	json_t *value = json_object_get(obj, key);

	if (!value)
		report(cf->path, join_key(field, path, key),
		       "missing required field");
	return value;
}

/* ---- Records, by the schema (cvisor/config_schema.h) ---- */

static bool record_has_key(const struct cv_record *r, const char *key)
{
	for (u32 i = 0; i < r->nr_fields; i++) {
		if (r->fields[i].key && !strcmp(r->fields[i].key, key))
			return true;
	}
	return false;
}

/* A zone's keys besides its record's: its arrays, images and console. */
static bool zone_has_key(const char *key)
{
	for (u32 a = 0; a < cv_nr_zone_arrays; a++) {
		if (!strcmp(cv_zone_arrays[a].key, key))
			return true;
	}
	for (u32 k = 0; k < NR_IMAGES; k++) {
		if (!strcmp(image_names[k], key))
			return true;
	}
	return !strcmp(key, "console");
}

static int check_known_keys(const struct config *cf, const char *path,
			    json_t *obj, const struct cv_record *r)
{
	char field[FIELD_LEN];
	const char *key;
	json_t *value;

	json_object_foreach(obj, key, value)
	{
		if (!record_has_key(r, key) &&
		    (r != &cv_zone_record || !zone_has_key(key))) {
			report(cf->path, join_key(field, path, key),
			       "unknown field");
			return -1;
		}
	}
	return 0;
}

static int parse_cpus(const struct config *cf, const char *path, json_t *j,
		      u64 *mask)
{
	char item[FIELD_LEN];
	json_t *value;
	size_t i;
	u64 cpu;

	if (expect_array(cf, path, j, CV_MAX_CPUS))
		return -1;
	json_array_foreach(j, i, value)
	{
		join_index(item, path, i);
		if (parse_u64(cf, item, value, &cpu))
			return -1;
		if (cpu >= CV_MAX_CPUS) {
			report(cf->path, item, "%llu is not a CPU id (0..%d)",
			       (unsigned long long)cpu, CV_MAX_CPUS - 1);
			return -1;
		}
		if (*mask & ((u64)1 << cpu)) {
			report(cf->path, item, "CPU %llu is listed twice",
			       (unsigned long long)cpu);
			return -1;
		}
		*mask |= (u64)1 << cpu;
	}
	return 0;
}

static int parse_mem_flags(const struct config *cf, const char *path, json_t *j,
			   u32 *flags)
{
	const char *s;

	if (!json_is_string(j)) {
		report(cf->path, path, "must be a string of r, w, x");
		return -1;
	}
	*flags = 0;
	for (s = json_string_value(j); *s; s++) {
		u32 bit = *s == 'r'   ? CV_MEM_READ
			  : *s == 'w' ? CV_MEM_WRITE
			  : *s == 'x' ? CV_MEM_EXEC
				      : 0;

		if (!bit || (*flags & bit)) {
			report(cf->path, path,
			       "'%s' must be a string of r, w, x, each at "
			       "most once",
			       json_string_value(j));
			return -1;
		}
		*flags |= bit;
	}
	return 0;
}

/* A name from names[first..n-1] into its index. */
static int parse_name(const struct config *cf, const char *path, json_t *j,
		      const char *const *names, u32 first, u32 n,
		      const char *what, u32 *out)
{
	const char *name = json_is_string(j) ? json_string_value(j) : NULL;
	char list[64] = "";

	for (u32 t = first; name && t < n; t++) {
		if (!strcmp(name, names[t])) {
			*out = t;
			return 0;
		}
	}
	for (u32 t = first; t < n; t++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s\"%s\"",
			 t == first  ? ""
			 : t + 1 < n ? ", "
				     : " or ",
			 names[t]);
	if (name)
		report(cf->path, path, "'%s' is not a %s (%s)", name, what,
		       list);
	else
		report(cf->path, path, "must be %s", list);
	return -1;
}

static int parse_console_type(const struct config *cf, const char *path,
			      json_t *j, u32 *type)
{
	return parse_name(cf, path, j, cv_console_names, 0, cv_nr_console_types,
			  "console type", type);
}

/* "peer": a zone name (resolved later) or a numeric zone id. */
static int parse_peer(const struct config *cf, const char *path, json_t *j,
		      u32 *peer, struct peer_name *pn)
{
	format_field(pn->field, "%s", path);
	if (json_is_string(j)) {
		pn->name = xstrdup(json_string_value(j));
		return 0;
	}
	if (json_is_integer(j))
		return parse_u32(cf, path, j, peer);
	report(cf->path, path, "must be a zone name or a zone id");
	return -1;
}

/* "BB:DD.F" (hexadecimal bus and device, function 0-7) -> CV_PCI_BDF. */
static int parse_bdf(const struct config *cf, const char *path, json_t *j,
		     u32 *out)
{
	const char *s = json_is_string(j) ? json_string_value(j) : NULL;
	unsigned bus, dev, fn;
	char end;

	if (!s || sscanf(s, "%2x:%2x.%1u%c", &bus, &dev, &fn, &end) != 3 ||
	    strlen(s) != 7 || dev > 0x1f || fn > 7) {
		report(cf->path, path,
		       "expected a PCI function \"BB:DD.F\" (bus and device "
		       "in hexadecimal, device at most 1f, function 0-7)");
		return -1;
	}
	*out = CV_PCI_BDF(bus, dev, fn);
	return 0;
}

/* One JSON value into field f of the record at rec. */
static int parse_value(const struct config *cf, const char *path, json_t *j,
		       const struct cv_field *f, void *rec,
		       struct peer_name *pn)
{
	void *at = (u8 *)rec + f->offset;
	bool on = false;
	u64 v;

	switch (f->kind) {
	case CVK_TEXT:
		return parse_text(cf, path, j, at, f->size);
	case CVK_FLAG:
		if (parse_bool(cf, path, j, &on))
			return -1;
		cv_field_set(rec, f, cv_field_get(rec, f) | (on ? f->arg : 0));
		return 0;
	case CVK_CPUS:
		return parse_cpus(cf, path, j, at);
	case CVK_MEMFLAGS:
		return parse_mem_flags(cf, path, j, at);
	case CVK_CONSOLE:
		return parse_console_type(cf, path, j, at);
	case CVK_VIRTIO:
		return parse_name(cf, path, j, cv_virtio_names, 1,
				  cv_nr_virtio_types, "virtio type", at);
	case CVK_PEER:
		if (!pn) { /* --set: no link to resolve a name against */
			report(cf->path, path, "cannot be set here");
			return -1;
		}
		return parse_peer(cf, path, j, at, pn);
	case CVK_BDF:
		return parse_bdf(cf, path, j, at);
	case CVK_U32:
		return parse_u32(cf, path, j, at);
	default:
		if (parse_u64(cf, path, j, &v))
			return -1;
		cv_field_set(rec, f, v);
		return 0;
	}
}

/* The record at rec from the JSON object j (path names it). */
static int parse_record(const struct config *cf, const char *path, json_t *j,
			const struct cv_record *r, void *rec,
			struct peer_name *pn)
{
	char field[FIELD_LEN];

	if (expect_object(cf, path, j) || check_known_keys(cf, path, j, r))
		return -1;
	for (u32 i = 0; i < r->nr_fields; i++) {
		const struct cv_field *f = &r->fields[i];
		json_t *v =
		    f->json != CVJ_NONE ? json_object_get(j, f->key) : NULL;

		if (f->kind == CVK_MEMFLAGS)
			cv_field_set(rec, f, CV_MEM_RWX); /* the default */
		if (!v && f->json == CVJ_REQUIRED) {
			required(cf, path, j, f->key);
			return -1;
		}
		if (v && parse_value(cf, join_key(field, path, f->key), v, f,
				     rec, pn))
			return -1;
	}
	return 0;
}

/* The zone's array field a: at most a->max elements. */
static int parse_array(const struct config *cf, const char *path, json_t *jz,
		       const struct cv_array *a, struct zone_spec *zs)
{
	char field[FIELD_LEN], item[FIELD_LEN];
	json_t *array = a->required ? required(cf, path, jz, a->key)
				    : json_object_get(jz, a->key);
	const struct cv_field *bare = &a->record->fields[0];
	json_t *value;
	size_t i;

	if (!array)
		return a->required ? -1 : 0;
	if (expect_array(cf, join_key(field, path, a->key), array, a->max))
		return -1;
	json_array_foreach(array, i, value)
	{
		void *rec = (u8 *)&zs->cfg + a->offset + i * a->stride;
		struct peer_name *pn = &zs->shm_peers[i % CV_MAX_SHM];

		join_index(item, field, i);
		if (bare->key
			? parse_record(cf, item, value, a->record, rec, pn)
			: parse_value(cf, item, value, bare, rec, pn))
			return -1;
	}
	*(u32 *)(void *)((u8 *)&zs->cfg + a->count_offset) =
	    (u32)json_array_size(array);
	return 0;
}

static int parse_image(const struct config *cf, const char *path, json_t *ji,
		       struct image_spec *img)
{
	json_t *file, *load_ipa;
	char field[FIELD_LEN];

	const char *key;
	json_t *v;

	if (expect_object(cf, path, ji))
		return -1;
	json_object_foreach(ji, key, v)
	{
		if (strcmp(key, "file") && strcmp(key, "load_ipa")) {
			report(cf->path, join_key(field, path, key),
			       "unknown field");
			return -1;
		}
	}
	file = required(cf, path, ji, "file");
	if (!file)
		return -1;
	join_key(img->field, path, "file");
	if (!json_is_string(file) || !*json_string_value(file)) {
		report(cf->path, img->field, "must be a non-empty string");
		return -1;
	}
	img->file = xstrdup(json_string_value(file));
	load_ipa = json_object_get(ji, "load_ipa");
	if (load_ipa && parse_u64(cf, join_key(field, path, "load_ipa"),
				  load_ipa, &img->load_ipa))
		return -1;
	return 0;
}

static int parse_images(const struct config *cf, const char *path, json_t *jz,
			struct zone_spec *zs)
{
	char field[FIELD_LEN];

	if (!required(cf, path, jz, image_names[IMAGE_KERNEL]))
		return -1;
	for (u32 k = 0; k < NR_IMAGES; k++) {
		json_t *ji = json_object_get(jz, image_names[k]);

		if (ji && parse_image(cf, join_key(field, path, image_names[k]),
				      ji, &zs->images[k]))
			return -1;
	}
	return 0;
}

static int parse_zone(const struct config *cf, json_t *jz, size_t index,
		      struct zone_spec *zs)
{
	char path[FIELD_LEN], field[FIELD_LEN];
	json_t *jc;

	join_index(path, "zones", index);
	if (parse_record(cf, path, jz, &cv_zone_record, &zs->cfg, NULL))
		return -1;
	zs->has_id = json_is_object(jz) && json_object_get(jz, "id");
	for (u32 a = 0; a < cv_nr_zone_arrays; a++) {
		if (parse_array(cf, path, jz, &cv_zone_arrays[a], zs))
			return -1;
	}
	if (parse_images(cf, path, jz, zs))
		return -1;
	/* Absent: no emulated console (the record stays zero). */
	jc = json_object_get(jz, "console");
	return jc ? parse_record(cf, join_key(field, path, "console"), jc,
				 &cv_console_record, &zs->cfg.console, NULL)
		  : 0;
}

/* Zones without an "id": the root zone gets 0, the others 1, 2, ... */
static void assign_default_ids(struct config *cf)
{
	u32 next = 1;

	for (u32 z = 0; z < cf->nr_zones; z++) {
		struct zone_spec *zs = &cf->zones[z];

		if (zs->has_id)
			continue;
		zs->cfg.id = (zs->cfg.flags & CV_ZONE_ROOT) ? 0 : next++;
	}
}

static struct zone_spec *zone_by_name(struct config *cf, const char *name)
{
	for (u32 z = 0; z < cf->nr_zones; z++) {
		if (!strcmp(cf->zones[z].cfg.name, name))
			return &cf->zones[z];
	}
	return NULL;
}

/* Replace every peer given by name with that zone's id. */
static int resolve_shm_peers(struct config *cf)
{
	for (u32 z = 0; z < cf->nr_zones; z++) {
		struct zone_spec *zs = &cf->zones[z];

		for (u32 i = 0; i < zs->cfg.nr_shm; i++) {
			const struct peer_name *pn = &zs->shm_peers[i];
			const struct zone_spec *peer;

			if (!pn->name)
				continue;
			peer = zone_by_name(cf, pn->name);
			if (!peer) {
				report(cf->path, pn->field,
				       "no zone named '%s'", pn->name);
				return -1;
			}
			zs->cfg.shm[i].peer = peer->cfg.id;
		}
	}
	return 0;
}

/* "iommu": "on" (the default) or "off" (the DMA isolation test only). */
static int parse_iommu(struct config *cf, json_t *root)
{
	json_t *j = json_object_get(root, "iommu");
	const char *v = j && json_is_string(j) ? json_string_value(j) : NULL;

	if (!j)
		return 0;
	if (!v || (strcmp(v, "on") && strcmp(v, "off"))) {
		report(cf->path, "iommu", "expected \"on\" or \"off\"");
		return -1;
	}
	cf->iommu_off = !strcmp(v, "off");
	return 0;
}

static int parse_root(struct config *cf, json_t *root)
{
	json_t *zones, *value;
	const char *key;
	size_t i;

	if (expect_object(cf, "", root))
		return -1;
	json_object_foreach(root, key, value)
	{
		if (strcmp(key, "zones") && strcmp(key, "iommu")) {
			report(cf->path, key, "unknown field");
			return -1;
		}
	}
	if (parse_iommu(cf, root))
		return -1;
	zones = json_object_get(root, "zones");
	if (!zones) {
		report(cf->path, "zones", "missing required field");
		return -1;
	}
	if (expect_array(cf, "zones", zones, CV_MAX_ZONES))
		return -1;
	if (json_array_size(zones) == 0) {
		report(cf->path, "zones", "is empty: at least one zone needed");
		return -1;
	}
	json_array_foreach(zones, i, value)
	{
		cf->nr_zones = (u32)i + 1;
		if (parse_zone(cf, value, i, &cf->zones[i]))
			return -1;
	}
	assign_default_ids(cf);
	return resolve_shm_peers(cf);
}

static int parse_config_file(struct config *cf)
{
	json_error_t jerr;
	json_t *root;
	int ret;

	root = json_load_file(cf->path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (jerr.line > 0)
			report(cf->path, NULL, "line %d, column %d: %s",
			       jerr.line, jerr.column, jerr.text);
		else
			report(cf->path, NULL, "%s", jerr.text);
		return -1;
	}
	ret = parse_root(cf, root);
	json_decref(root);
	return ret;
}

/* ---- --set ZONE.FIELD=VALUE ---- */

static int set_image_file(const struct config *cf, const char *what,
			  struct image_spec *img, enum image_slot kind,
			  const char *value)
{
	if (kind == IMAGE_KERNEL && !*value) {
		report(cf->path, what, "a zone needs a kernel");
		return -1;
	}
	free(img->file);
	img->file = *value ? xstrdup(value) : NULL;
	img->from_command_line = true;
	format_field(img->field, "%s", what);
	if (!img->file)
		img->load_ipa = 0;
	return 0;
}

/* --set zone.cpus=0,1,3: replaces the zone's CPU list. */
static int set_cpus(const struct config *cf, const char *what,
		    struct zone_spec *zs, const char *value)
{
	u64 mask = 0;
	const char *p = value;

	while (*p) {
		char *end;
		unsigned long cpu = strtoul(p, &end, 10);

		if (end == p || cpu >= CV_MAX_CPUS || (*end && *end != ',')) {
			report(cf->path, what,
			       "'%s' is not a list of CPU ids (e.g. 0,1,2)",
			       value);
			return -1;
		}
		mask |= (u64)1 << cpu;
		p = *end ? end + 1 : end;
	}
	if (!mask) {
		report(cf->path, what, "a zone needs at least one CPU");
		return -1;
	}
	zs->cfg.cpus = mask;
	return 0;
}

/* Any field of the zone record JSON may give (the schema), from text: a
 * string field takes it as it is, the others as a JSON value ("true",
 * "7"), or as a string when it is none ("0x1000", "16M"). */
static int set_zone_field(const struct config *cf, const char *what,
			  struct zone_spec *zs, const struct cv_field *f,
			  const char *value)
{
	json_t *j = f->kind == CVK_TEXT
			? NULL
			: json_loads(value, JSON_DECODE_ANY, NULL);
	int ret;

	if (!j)
		j = json_string(value);
	if (f->kind == CVK_FLAG) /* the value replaces the bit */
		cv_field_set(&zs->cfg, f, cv_field_get(&zs->cfg, f) & ~f->arg);
	ret = parse_value(cf, what, j, f, &zs->cfg, NULL);
	json_decref(j);
	if (!ret && !strcmp(f->key, "id"))
		zs->has_id = true;
	return ret;
}

static int apply_field(const struct config *cf, const char *what,
		       struct zone_spec *zs, const char *field,
		       const char *value)
{
	for (u32 k = 0; k < NR_IMAGES; k++) {
		if (!strcmp(field, image_names[k]))
			return set_image_file(cf, what, &zs->images[k], k,
					      value);
	}
	if (!strcmp(field, "cpus"))
		return set_cpus(cf, what, zs, value);
	for (u32 i = 0; i < cv_zone_record.nr_fields; i++) {
		const struct cv_field *f = &cv_zone_record.fields[i];

		if (f->key && !strcmp(f->key, field))
			return set_zone_field(cf, what, zs, f, value);
	}
	report(cf->path, what,
	       "unknown field '%s' (kernel, initrd, dtb, cpus, or a zone key "
	       "of docs/config.md: cmdline, entry, autostart, ...)",
	       field);
	return -1;
}

/* Split "ZONE.FIELD=VALUE" (the zone name may itself contain dots). */
static int apply_set(struct config *cf, const char *arg)
{
	char what[FIELD_LEN], key[FIELD_LEN];
	const char *eq = strchr(arg, '=');
	char *dot;
	struct zone_spec *zs;

	format_field(key, "%.*s", eq ? (int)(eq - arg) : 0, arg);
	format_field(what, "--set %s", eq ? key : arg);
	dot = strrchr(key, '.');
	if (!eq || !dot) {
		report(cf->path, what, "expected ZONE.FIELD=VALUE");
		return -1;
	}
	*dot = '\0';
	zs = zone_by_name(cf, key);
	if (!zs) {
		report(cf->path, what, "no zone named '%s'", key);
		return -1;
	}
	return apply_field(cf, what, zs, dot + 1, eq + 1);
}

/* ---- Images ---- */

/* fclose(f), then fail with errno set to err. */
static int fail_closing(FILE *f, int err)
{
	fclose(f);
	errno = err;
	return -1;
}

static int read_whole_file(const char *path, u8 **data, u64 *size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	u8 *buf;

	if (!f)
		return -1;
	if (fstat(fileno(f), &st))
		return fail_closing(f, errno);
	if (!S_ISREG(st.st_mode))
		return fail_closing(f, S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
	buf = xmalloc((size_t)st.st_size);
	if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		return fail_closing(f, EIO);
	}
	fclose(f);
	*data = buf;
	*size = (u64)st.st_size;
	return 0;
}

static char *join_path(const char *dir, const char *file)
{
	size_t len = strlen(dir) + strlen(file) + 2;
	char *path;

	if (!strcmp(dir, "."))
		return xstrdup(file);
	path = xmalloc(len);
	snprintf(path, len, "%s/%s", dir, file);
	return path;
}

static char *directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static bool searched_image_dir(const struct config *cf,
			       const struct image_spec *img)
{
	return cf->image_dir && !img->from_command_line && img->file[0] != '/';
}

/* Where a JSON-named image is: --image-dir first, then the JSON's dir. */
static char *resolve_image(const struct config *cf,
			   const struct image_spec *img)
{
	struct stat st;
	char *path;

	if (img->from_command_line || img->file[0] == '/')
		return xstrdup(img->file);
	if (searched_image_dir(cf, img)) {
		path = join_path(cf->image_dir, img->file);
		if (!stat(path, &st))
			return path;
		free(path);
	}
	return join_path(cf->dir, img->file);
}

static void report_unreadable(const struct config *cf,
			      const struct image_spec *img, const char *path,
			      int err)
{
	if (searched_image_dir(cf, img))
		report(cf->path, img->field,
		       "cannot open '%s' (nor found in '%s'): %s", path,
		       cf->image_dir, strerror(err));
	else
		report(cf->path, img->field, "cannot open '%s': %s", path,
		       strerror(err));
}

static int load_image(const struct config *cf, const struct image_spec *img,
		      struct loaded_image *out)
{
	char *path = resolve_image(cf, img);
	int ret = read_whole_file(path, &out->data, &out->size);

	if (ret) {
		report_unreadable(cf, img, path, errno);
	} else if (out->size == 0) {
		report(cf->path, img->field, "'%s' is empty", path);
		ret = -1;
	}
	free(path);
	return ret;
}

static int load_images(struct config *cf)
{
	for (u32 z = 0; z < cf->nr_zones; z++) {
		for (u32 k = 0; k < NR_IMAGES; k++) {
			const struct image_spec *img = &cf->zones[z].images[k];

			if (img->file && load_image(cf, img, &cf->loaded[z][k]))
				return -1;
		}
	}
	return 0;
}

/* ---- Placing images in the zone's RAM (the loader) ---- */

static int refuse_image(const struct config *cf, const struct image_spec *img,
			const char *why)
{
	char *path = resolve_image(cf, img);

	report(cf->path, img->field, "'%s': %s", path, why);
	free(path);
	return -1;
}

/* [ipa, ipa+size) must lie in mem[0] below the device-tree area. */
static int check_fits(const struct config *cf, const struct zone_spec *zs,
		      u32 k, u64 ipa, u64 size)
{
	const struct cv_mem_region *m = &zs->cfg.mem[0];
	u64 dtb = m->ipa + m->size - CV_DTB_AREA_SIZE;
	char why[192];

	if (ipa < m->ipa || ipa >= m->ipa + m->size || size > dtb - m->ipa ||
	    ipa - m->ipa > m->size - size) {
		snprintf(why, sizeof(why),
			 "too big for the zone: %llu bytes at 0x%llx, the "
			 "zone's RAM is 0x%llx+0x%llx",
			 (unsigned long long)size, (unsigned long long)ipa,
			 (unsigned long long)m->ipa,
			 (unsigned long long)m->size);
		return refuse_image(cf, &zs->images[k], why);
	}
	if (k != IMAGE_DTB && ipa + size > dtb) {
		snprintf(why, sizeof(why),
			 "overlaps the device tree at 0x%llx (the top %llu "
			 "MiB of the zone's first RAM region)",
			 (unsigned long long)dtb,
			 (unsigned long long)(CV_DTB_AREA_SIZE >> 20));
		return refuse_image(cf, &zs->images[k], why);
	}
	return 0;
}

static int place_kernel(struct config *cf, u32 z, u64 *end)
{
	struct zone_spec *zs = &cf->zones[z];
	struct loaded_image *li = &cf->loaded[z][IMAGE_KERNEL];
	struct image_spec *img = &zs->images[IMAGE_KERNEL];
	struct placement pl;
	char why[160];

	if (loader_prepare_kernel(&li->data, &li->size, cf->elf_machine,
				  zs->cfg.mem[0].ipa, &pl, why, sizeof(why)))
		return refuse_image(cf, img, why);
	/* A raw binary may be placed by the configuration; a kernel with a
	 * header or an ELF is placed as its header says. */
	if (!img->load_ipa || pl.kind != IMAGE_RAW)
		img->load_ipa = pl.load_ipa;
	else
		pl.entry = img->load_ipa;
	if (!zs->cfg.entry_ipa)
		zs->cfg.entry_ipa = pl.entry;
	/* An x86 Linux kernel gets the options its zone needs (bzimage.h). */
	if (pl.kind == IMAGE_BZIMAGE &&
	    bzimage_add_cmdline_defaults(zs->cfg.cmdline, CV_CMDLINE_LEN,
					 BZ_DEFAULT_CMDLINE)) {
		char field[32];

		snprintf(field, sizeof(field), "zones[%u].cmdline", z);
		report(cf->path, field,
		       "too long to add the x86 Linux defaults \"%s\" (at "
		       "most %u bytes)",
		       BZ_DEFAULT_CMDLINE, CV_CMDLINE_LEN - 1);
		return -1;
	}
	*end =
	    img->load_ipa + (pl.mem_size > li->size ? pl.mem_size : li->size);
	return check_fits(cf, zs, IMAGE_KERNEL, img->load_ipa,
			  *end - img->load_ipa);
}

static int place_zone(struct config *cf, u32 z)
{
	struct zone_spec *zs = &cf->zones[z];
	const struct cv_mem_region *m = &zs->cfg.mem[0];
	struct image_spec *initrd = &zs->images[IMAGE_INITRD];
	struct image_spec *dtb = &zs->images[IMAGE_DTB];
	u64 end;

	if (!zs->cfg.nr_mem || !cf->loaded[z][IMAGE_KERNEL].data)
		return 0; /* the validator explains what is missing */
	if (place_kernel(cf, z, &end))
		return -1;
	if (cf->loaded[z][IMAGE_INITRD].data) {
		if (!initrd->load_ipa)
			initrd->load_ipa = ALIGN_UP(end, MiB(2));
		if (check_fits(cf, zs, IMAGE_INITRD, initrd->load_ipa,
			       cf->loaded[z][IMAGE_INITRD].size))
			return -1;
	}
	if (cf->loaded[z][IMAGE_DTB].data) {
		if (!dtb->load_ipa)
			dtb->load_ipa = m->ipa + m->size - CV_DTB_AREA_SIZE;
		if (cf->loaded[z][IMAGE_DTB].size > CV_DTB_AREA_SIZE)
			return refuse_image(cf, dtb, "larger than 2 MiB");
	}
	return 0;
}

static int place_images(struct config *cf)
{
	for (u32 z = 0; z < cf->nr_zones; z++) {
		if (place_zone(cf, z))
			return -1;
	}
	return 0;
}

/* ---- The bundle ---- */

static struct cv_image *zone_image(struct cv_zone_config *zc, u32 k)
{
	if (k == IMAGE_KERNEL)
		return &zc->kernel;
	if (k == IMAGE_INITRD)
		return &zc->initrd;
	return &zc->dtb;
}

static u64 zone_table_end(u32 nr_zones)
{
	return sizeof(struct cv_bundle_header) +
	       (u64)nr_zones * sizeof(struct cv_zone_config);
}

/* An earlier image (zone, kind) with the same bytes: its offset. */
static bool same_image_before(struct config *cf, u32 z, u32 k, u64 *offset)
{
	const struct loaded_image *li = &cf->loaded[z][k];

	for (u32 y = 0; y <= z; y++) {
		for (u32 j = 0; j < NR_IMAGES && (y < z || j < k); j++) {
			const struct loaded_image *o = &cf->loaded[y][j];

			if (zone_image(&cf->zones[y].cfg, j)->flags &
			    CV_IMAGE_PLACED)
				continue; /* not in the bundle */
			if (o->data && o->size == li->size &&
			    !memcmp(o->data, li->data, li->size)) {
				*offset =
				    zone_image(&cf->zones[y].cfg, j)->offset;
				return true;
			}
		}
	}
	return false;
}

/* Give every image its place in the bundle; returns the bundle size. */
static u64 lay_out_images(struct config *cf)
{
	u64 end = zone_table_end(cf->nr_zones);

	for (u32 z = 0; z < cf->nr_zones; z++) {
		struct zone_spec *zs = &cf->zones[z];

		for (u32 k = 0; k < NR_IMAGES; k++) {
			const struct loaded_image *li = &cf->loaded[z][k];
			struct cv_image *img = zone_image(&zs->cfg, k);

			if (!li->data)
				continue;
			img->size = li->size;
			img->load_ipa = zs->images[k].load_ipa;
			img->head_sum = cv_image_head_sum(li->data, li->size);
			if (cf->place_root && place_allowed(&zs->cfg, k)) {
				img->flags = CV_IMAGE_PLACED;
				img->offset = 0; /* the boot loader's */
				continue;
			}
			/* An image another zone has too (the same kernel) is
			 * stored once: cvisor only copies out of the bundle. */
			if (same_image_before(cf, z, k, &img->offset))
				continue;
			img->offset = ALIGN_UP(end, CV_IMAGE_ALIGN);
			end = img->offset + img->size;
		}
	}
	return end;
}

static void copy_images(struct config *cf, u8 *bundle)
{
	for (u32 z = 0; z < cf->nr_zones; z++) {
		for (u32 k = 0; k < NR_IMAGES; k++) {
			const struct loaded_image *li = &cf->loaded[z][k];
			const struct cv_image *img =
			    zone_image(&cf->zones[z].cfg, k);
			u64 offset = img->offset;

			if (li->data && !(img->flags & CV_IMAGE_PLACED))
				memcpy(bundle + offset, li->data, li->size);
		}
	}
}

static u8 *assemble_bundle(struct config *cf, u64 *size)
{
	u64 total = lay_out_images(cf);
	u8 *bundle = calloc(1, total);
	struct cv_bundle_header *h = (struct cv_bundle_header *)bundle;

	if (!bundle) {
		report(cf->path, NULL, "out of memory for a %llu-byte bundle",
		       (unsigned long long)total);
		return NULL;
	}
	*h = (struct cv_bundle_header){
	    .magic = CV_BUNDLE_MAGIC,
	    .version = CV_BUNDLE_VERSION,
	    .total_size = total,
	    .header_size = sizeof(struct cv_bundle_header),
	    .zone_size = sizeof(struct cv_zone_config),
	    .zones_offset = sizeof(struct cv_bundle_header),
	    .nr_zones = cf->nr_zones,
	    .flags = (cf->add_zone ? CV_BUNDLE_ADD_ZONE : 0) |
		     (cf->iommu_off ? CV_BUNDLE_IOMMU_OFF : 0),
	};
	for (u32 z = 0; z < cf->nr_zones; z++)
		memcpy(bundle + h->zones_offset +
			   (u64)z * sizeof(struct cv_zone_config),
		       &cf->zones[z].cfg, sizeof(struct cv_zone_config));
	copy_images(cf, bundle);
	h->checksum = cv_bundle_checksum(bundle, cv_bundle_meta_size(h, total));
	*size = total;
	return bundle;
}

static void print_warning(void *ctx, int zone, const char *field,
			  const char *reason)
{
	fprintf(stderr, "cvconfig: %s: warning: zones[%d].%s: %s\n",
		(const char *)ctx, zone, field, reason);
}

/* Validate; on failure report against file, fields as "zones[N].<field>". */
static int validate_bundle(const char *file, const u8 *bundle, u64 size)
{
	struct cv_config_error err;
	char field[FIELD_LEN];

	if (!cv_config_validate(bundle, size, &arch_limits, &err)) {
		cv_config_warnings(bundle, print_warning, (void *)file);
		return 0;
	}
	if (err.zone >= 0)
		format_field(field, "zones[%d].%s", err.zone, err.field);
	else
		format_field(field, "%s", err.field);
	report(file, field, "%s", err.reason);
	return -1;
}

static int write_whole_file(const char *path, const u8 *data, u64 size)
{
	FILE *f = fopen(path, "wb");
	bool written;

	if (!f)
		return -1;
	written = fwrite(data, 1, (size_t)size, f) == size;
	if (fclose(f) || !written)
		return -1;
	return 0;
}

/* Write to <path>.tmp, then rename: no half-written bundle is left. */
static int write_bundle(const char *path, const u8 *bundle, u64 size)
{
	size_t len = strlen(path) + sizeof(".tmp");
	char *tmp = xmalloc(len);
	int ret;

	snprintf(tmp, len, "%s.tmp", path);
	ret = write_whole_file(tmp, bundle, size);
	if (!ret)
		ret = rename(tmp, path);
	if (ret) {
		int err = errno;

		remove(tmp);
		report(path, NULL, "cannot write: %s", strerror(err));
	}
	free(tmp);
	return ret;
}

/* ---- Commands ---- */

static void free_config(struct config *cf)
{
	for (u32 z = 0; z < CV_MAX_ZONES; z++) {
		for (u32 k = 0; k < NR_IMAGES; k++) {
			free(cf->zones[z].images[k].file);
			free(cf->loaded[z][k].data);
		}
		for (u32 i = 0; i < CV_MAX_SHM; i++)
			free(cf->zones[z].shm_peers[i].name);
	}
	free(cf->dir);
	free(cf);
}

static int prepare_config(struct config *cf, const struct build_options *o)
{
	if (parse_config_file(cf))
		return -1;
	for (int i = 0; i < o->nr_sets; i++) {
		if (apply_set(cf, o->sets[i]))
			return -1;
	}
	if (load_images(cf))
		return -1;
	return place_images(cf);
}

/* The placed images next to the bundle, and their <bundle>.loads. */
static int write_placed(struct config *cf, const char *bundle_path)
{
	bool first = true;

	place_forget(bundle_path);
	for (u32 z = 0; z < cf->nr_zones; z++) {
		const struct cv_zone_config *zc = &cf->zones[z].cfg;

		for (u32 k = 0; k < NR_IMAGES; k++) {
			const struct cv_image *img =
			    zone_image(&cf->zones[z].cfg, k);
			u64 pa;

			if (!(img->flags & CV_IMAGE_PLACED))
				continue;
			if (place_pa(zc, img->load_ipa, img->size, &pa)) {
				report(cf->path, cf->zones[z].images[k].field,
				       "placed at 0x%llx, outside the zone's "
				       "memory",
				       (unsigned long long)img->load_ipa);
				return -1;
			}
			if (place_write(bundle_path, image_names[k], first, pa,
					cf->loaded[z][k].data, img->size))
				return -1;
			first = false;
		}
	}
	return 0;
}

static int build(const struct build_options *o)
{
	struct config *cf = xcalloc(1, sizeof(*cf));
	u8 *bundle = NULL;
	u64 size = 0;
	int ret = -1;

	cf->path = o->config_path;
	cf->dir = directory_of(o->config_path);
	cf->image_dir = o->image_dir;
	cf->elf_machine = o->elf_machine;
	cf->add_zone = o->add_zone;
	cf->place_root = o->place_root;
	if (!prepare_config(cf, o))
		bundle = assemble_bundle(cf, &size);
	if (bundle && !validate_bundle(cf->path, bundle, size))
		ret = write_bundle(o->output_path, bundle, size);
	if (!ret)
		ret = write_placed(cf, o->output_path);
	free(bundle);
	free_config(cf);
	return ret;
}

static u8 *read_bundle(const char *path, u64 *size)
{
	u8 *data;

	if (read_whole_file(path, &data, size)) {
		report(path, NULL, "cannot open: %s", strerror(errno));
		return NULL;
	}
	return data;
}

static int check(const char *path)
{
	u64 size;
	u8 *bundle = read_bundle(path, &size);
	int ret = -1;

	if (bundle && !validate_bundle(path, bundle, size)) {
		printf("%s: valid, %u zone(s), %llu bytes\n", path,
		       ((struct cv_bundle_header *)bundle)->nr_zones,
		       (unsigned long long)size);
		ret = 0;
	}
	free(bundle);
	return ret;
}

/* ---- dump ---- */

static void print_size(u64 size)
{
	if (size && IS_ALIGNED(size, GiB(1)))
		printf("%llu GiB", (unsigned long long)(size >> 30));
	else if (size && IS_ALIGNED(size, MiB(1)))
		printf("%llu MiB", (unsigned long long)(size >> 20));
	else if (size && IS_ALIGNED(size, KiB(1)))
		printf("%llu KiB", (unsigned long long)(size >> 10));
	else
		printf("%llu bytes", (unsigned long long)size);
}

static const char *zone_name_of(const struct cv_bundle_header *h, u32 id)
{
	for (u32 z = 0; z < h->nr_zones; z++) {
		if (cv_bundle_zone(h, z)->id == id)
			return cv_bundle_zone(h, z)->name;
	}
	return "?";
}

/* One field's value as the dump shows it, by its kind. */
static void dump_value(const struct cv_bundle_header *h, const void *rec,
		       const struct cv_field *f)
{
	u64 v = cv_field_get(rec, f);

	switch (f->kind) {
	case CVK_TEXT:
		printf("'%s'", (const char *)rec + f->offset);
		break;
	case CVK_MEMFLAGS:
		printf("%c%c%c", v & CV_MEM_READ ? 'r' : '-',
		       v & CV_MEM_WRITE ? 'w' : '-',
		       v & CV_MEM_EXEC ? 'x' : '-');
		break;
	case CVK_PEER:
		printf("%llu '%s'", (unsigned long long)v,
		       zone_name_of(h, (u32)v));
		break;
	case CVK_U32:
		printf("%llu", (unsigned long long)v);
		break;
	case CVK_BDF:
		printf("%02x:%02x.%u", CV_PCI_BUS((u32)v), CV_PCI_DEV((u32)v),
		       CV_PCI_FN((u32)v));
		break;
	case CVK_VIRTIO:
		printf("%s", v < cv_nr_virtio_types ? cv_virtio_names[v] : "?");
		break;
	case CVK_SIZE:
		printf("0x%llx (", (unsigned long long)v);
		print_size(v);
		printf(")");
		break;
	default:
		printf("0x%llx", (unsigned long long)v);
		break;
	}
}

/* "  mem[0]: ipa 0x.. pa 0x.. size 0x.. (16 MiB) rwx" per element; an
 * array of bare values on one line: "  irqs: 33 34". */
static void dump_array(const struct cv_bundle_header *h,
		       const struct cv_zone_config *zc,
		       const struct cv_array *a)
{
	const struct cv_record *r = a->record;
	u32 n = cv_array_count(zc, a);

	if (!r->fields[0].key)
		printf("  %s:%s", a->name, n ? "" : " none");
	for (u32 i = 0; i < n; i++) {
		const void *rec = cv_array_item(zc, a, i);

		if (r->fields[0].key)
			printf("  %s[%u]:", a->name, i);
		for (u32 k = 0; k < r->nr_fields; k++) {
			if (!r->fields[k].dump)
				continue;
			if (r->fields[k].kind ==
			    CVK_FLAG) { /* label when set */
				if (cv_field_get(rec, &r->fields[k]) &
				    r->fields[k].arg)
					printf(" %s", r->fields[k].dump);
				continue;
			}
			printf(" %s%s", r->fields[k].dump,
			       *r->fields[k].dump ? " " : "");
			dump_value(h, rec, &r->fields[k]);
		}
		if (r->fields[0].key)
			printf("\n");
	}
	if (!r->fields[0].key)
		printf("\n");
}

static void dump_image(const char *name, const struct cv_image *img)
{
	printf("  %s: ", name);
	if (!img->size) {
		printf("none\n");
		return;
	}
	if (img->flags & CV_IMAGE_PLACED)
		printf("placed by the boot loader, size 0x%llx, head sum "
		       "0x%08x, at ",
		       (unsigned long long)img->size, img->head_sum);
	else
		printf("offset 0x%llx size 0x%llx, load ",
		       (unsigned long long)img->offset,
		       (unsigned long long)img->size);
	if (img->load_ipa)
		printf("at 0x%llx\n", (unsigned long long)img->load_ipa);
	else
		printf("where the loader decides\n");
}

static void dump_zone(const struct cv_bundle_header *h, u32 z,
		      const struct cv_zone_config *zc)
{
	const struct cv_console *con = &zc->console;
	const struct cv_image *images[NR_IMAGES] = {&zc->kernel, &zc->initrd,
						    &zc->dtb};

	printf("zone %u '%s': id %u%s%s\n  cpus:", z, zc->name, zc->id,
	       zc->flags & CV_ZONE_ROOT ? ", root" : "",
	       zc->flags & CV_ZONE_AUTOSTART ? ", autostart" : "");
	for (u32 cpu = 0; cpu < CV_MAX_CPUS; cpu++) {
		if (zc->cpus & ((u64)1 << cpu))
			printf(" %u", cpu);
	}
	printf("\n");
	for (u32 a = 0; a < cv_nr_zone_arrays; a++)
		dump_array(h, zc, &cv_zone_arrays[a]);
	for (u32 k = 0; k < NR_IMAGES; k++)
		dump_image(image_names[k], images[k]);
	if (zc->entry_ipa)
		printf("  entry: 0x%llx\n", (unsigned long long)zc->entry_ipa);
	else
		printf("  entry: from the kernel image\n");
	if (con->type == CV_CONSOLE_NONE)
		printf("  console: none\n");
	else
		printf("  console: %s base 0x%llx size 0x%x irq %u\n",
		       cv_console_names[con->type],
		       (unsigned long long)con->base, CV_CONSOLE_MMIO_SIZE,
		       con->irq);
	printf("  cmdline: \"%s\"\n", zc->cmdline);
}

static int dump(const char *path)
{
	u64 size;
	u8 *bundle = read_bundle(path, &size);
	const struct cv_bundle_header *h = (const void *)bundle;
	int ret = -1;

	if (bundle && !validate_bundle(path, bundle, size)) {
		printf("bundle %s: version %u, %llu bytes, %u zone(s), "
		       "checksum 0x%08x%s\n",
		       path, h->version, (unsigned long long)h->total_size,
		       h->nr_zones, h->checksum,
		       h->flags & CV_BUNDLE_ADD_ZONE
			   ? ", adds a zone to a running system"
			   : "");
		for (u32 z = 0; z < h->nr_zones; z++)
			dump_zone(h, z, cv_bundle_zone(h, z));
		ret = 0;
	}
	free(bundle);
	return ret;
}

/* ---- Command line ---- */

/* The value of option argv[*i], consuming it; NULL (reported) if missing. */
static const char *option_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "cvconfig: %s needs a value\n", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

static int parse_arch(const char *name, u32 *machine)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		if (!strcmp(name, arches[i].name)) {
			*machine = arches[i].machine;
			arch_limits.first_spi = arches[i].first_irq;
			arch_limits.nr_irqs = arches[i].end_irq;
			arch_limits.irq_kind = arches[i].irq_kind;
			return 0;
		}
	}
	fprintf(stderr, "cvconfig: unknown --arch '%s'\n", name);
	return -1;
}

static int parse_build_arguments(int argc, char **argv, struct build_options *o)
{
	const char *arch = "aarch64";

	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		const char **slot;

		if (!strcmp(arg, "--add-zone")) {
			o->add_zone = true;
			continue;
		} else if (!strcmp(arg, "--place-root-images")) {
			o->place_root = true;
			continue;
		} else if (!strcmp(arg, "--arch")) {
			slot = &arch;
		} else if (!strcmp(arg, "-o")) {
			slot = &o->output_path;
		} else if (!strcmp(arg, "--image-dir")) {
			slot = &o->image_dir;
		} else if (!strcmp(arg, "--set")) {
			slot = &o->sets[o->nr_sets++];
		} else if (arg[0] == '-') {
			fprintf(stderr, "cvconfig: unknown option '%s'\n", arg);
			return -1;
		} else if (o->config_path) {
			fprintf(stderr,
				"cvconfig: more than one config file\n");
			return -1;
		} else {
			o->config_path = arg;
			continue;
		}
		*slot = option_value(argc, argv, &i);
		if (!*slot)
			return -1;
	}
	if (!o->config_path || !o->output_path) {
		fprintf(stderr, "cvconfig: build needs <config.json> and -o\n");
		return -1;
	}
	return parse_arch(arch, &o->elf_machine);
}

static int run_build(int argc, char **argv)
{
	struct build_options o = {0};
	int ret;

	o.sets = xcalloc((size_t)argc, sizeof(*o.sets));
	if (parse_build_arguments(argc, argv, &o)) {
		usage(stderr);
		free(o.sets);
		return EXIT_USAGE;
	}
	ret = build(&o) ? 1 : 0;
	free(o.sets);
	return ret;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	u32 machine;

	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "build"))
		return run_build(argc, argv);
	if ((!strcmp(cmd, "check") || !strcmp(cmd, "dump")) &&
	    (argc == 3 || (argc == 5 && !strcmp(argv[3], "--arch")))) {
		if (parse_arch(argc == 5 ? argv[4] : "aarch64", &machine))
			return EXIT_USAGE;
		if (!strcmp(cmd, "check"))
			return check(argv[2]) ? 1 : 0;
		return dump(argv[2]) ? 1 : 0;
	}
	usage(stderr);
	return EXIT_USAGE;
}
