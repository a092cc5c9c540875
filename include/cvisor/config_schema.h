/*
 * The zone configuration's schema, written once: for every record of the
 * boot bundle (include/cvisor/config.h), a table of its fields with their
 * JSON key, their name in the bundle, where they live, what they hold and
 * the rules a value must satisfy. tools/cvconfig parses JSON into records
 * and dumps them from these tables; core/config_check.c checks every
 * field's own rules from them (the rules between fields and between zones
 * are written there). Adding a field is one line in core/config_schema.c
 * (and the struct member): see docs/config.md, "Adding a field".
 */
#ifndef CVISOR_CONFIG_SCHEMA_H
#define CVISOR_CONFIG_SCHEMA_H

#include "cvisor/config.h"

#include <stddef.h>

/* What a field holds: how JSON gives it and how it is printed. */
enum cv_kind {
	CVK_U64,      /* JSON integer or "0x1000", "4096", "16M" */
	CVK_U32,      /* the same, at most 0xffffffff */
	CVK_SIZE,     /* a u64 byte count: dumped with "(16 MiB)" */
	CVK_TEXT,     /* JSON string into char[size], NUL-terminated */
	CVK_FLAG,     /* JSON boolean: sets bit `arg` of a u32 */
	CVK_CPUS,     /* JSON array of CPU ids: a u64 mask */
	CVK_MEMFLAGS, /* "rwx": CV_MEM_* bits; absent: rwx */
	CVK_CONSOLE,  /* "none" | "pl011" | "ns16550": CV_CONSOLE_* */
	CVK_PEER,     /* a zone name (resolved by cvconfig) or a zone id */
	CVK_BDF,      /* "BB:DD.F": a PCI requester id, CV_PCI_BDF() */
	CVK_VIRTIO,   /* "net" | "blk" | "console": CV_VIRTIO_* */
};

/* Whether JSON must give the field (CVJ_NONE: not in JSON at all). */
enum cv_json { CVJ_NONE, CVJ_OPTIONAL, CVJ_REQUIRED };

/* The rules of one field, checked in this order (config_check.c). */
#define CVR_TEXT     (1u << 0) /* NUL-terminated within the array */
#define CVR_NONEMPTY (1u << 1) /* text: not "" */
#define CVR_NONZERO  (1u << 2) /* not 0 ("is 0", or `why`) */
#define CVR_MAX	     (1u << 3) /* at most `arg` */
#define CVR_ALIGN    (1u << 4) /* 4 KiB aligned */
#define CVR_RANGE    (1u << 5) /* value + the record's size: no wrap */
#define CVR_MASK     (1u << 6) /* only the bits of `arg` */
#define CVR_ZERO     (1u << 7) /* reserved: must be 0 */
#define CVR_SPI	     (1u << 8) /* an SPI id (32..1019) */

struct cv_field {
	const char *key;  /* JSON key; NULL for an array's bare elements */
	const char *name; /* in the bundle and in messages: "ipa" */
	u16 offset;	  /* in the record */
	u16 size;	  /* bytes (text: the array's size) */
	u8 kind;	  /* enum cv_kind */
	u8 json;	  /* enum cv_json */
	u16 rules;	  /* CVR_* */
	u64 arg; /* CVR_MAX: maximum, CVR_MASK: known bits, CVR_RANGE: index
		  * of the size field, CVK_FLAG: the bit */
	const char *why;  /* CVR_NONZERO: the sentence instead of "is 0" */
	const char *dump; /* label in cvconfig dump; "" value only, NULL not */
};

struct cv_record {
	const char *name; /* "zone", "mem", "console" */
	const struct cv_field *fields;
	u32 nr_fields;
	u64 fixed_size; /* CVR_RANGE without a "size" field (the console) */
};

/* An array of records in struct cv_zone_config ("memory" -> mem[]). */
struct cv_array {
	const char *key;  /* JSON key */
	const char *name; /* bundle field: "mem" */
	const struct cv_record *record;
	u16 offset;	  /* of the array in struct cv_zone_config */
	u16 count_offset; /* of its u32 count */
	u16 stride;	  /* bytes per element */
	u16 max;
	bool required; /* JSON must give at least the key */
};

extern const struct cv_record cv_zone_record;
extern const struct cv_record cv_console_record;
extern const struct cv_array cv_zone_arrays[];
extern const u32 cv_nr_zone_arrays;

/* The console type names, indexed by CV_CONSOLE_*. */
extern const char *const cv_console_names[];
extern const u32 cv_nr_console_types;
/* The virtio device type names, indexed by CV_VIRTIO_* (0: none). */
extern const char *const cv_virtio_names[];
extern const u32 cv_nr_virtio_types;

/* A field's value (u32 or u64 by its size; 0 for text). */
u64 cv_field_get(const void *record, const struct cv_field *f);
void cv_field_set(void *record, const struct cv_field *f, u64 v);

static inline const void *cv_array_item(const struct cv_zone_config *zc,
					const struct cv_array *a, u32 i)
{
	return (const u8 *)zc + a->offset + (size_t)i * a->stride;
}

static inline u32 cv_array_count(const struct cv_zone_config *zc,
				 const struct cv_array *a)
{
	return *(const u32 *)(const void *)((const u8 *)zc + a->count_offset);
}

#endif
