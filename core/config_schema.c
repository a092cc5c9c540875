/*
 * The zone configuration's schema (cvisor/config_schema.h): one line per
 * field. The order of a table is the order in which JSON keys are read,
 * fields are checked and (with a dump label) printed.
 */
#include "cvisor/config_schema.h"

#define F(rec, member)                                                         \
	offsetof(struct rec, member), sizeof(((struct rec *)0)->member)
#define ZONE(m)	    F(cv_zone_config, m)
#define MEM(m)	    F(cv_mem_region, m)
#define DEV(m)	    F(cv_device, m)
#define CON(m)	    F(cv_console, m)
#define SHM(m)	    F(cv_shm, m)
#define VIO(m)	    F(cv_virtio, m)
#define WHOLE(type) 0, sizeof(type) /* an array of bare values */

#define ZONE_FLAGS_KNOWN (CV_ZONE_ROOT | CV_ZONE_AUTOSTART)
#define ADDR		 (CVR_ALIGN | CVR_RANGE)
#define BYTES		 (CVR_NONZERO | CVR_ALIGN)
#define REQ		 CVJ_REQUIRED
#define OPT		 CVJ_OPTIONAL
#define NOJ		 CVJ_NONE

/* One field: key, name, member, kind, json, rules, arg, why, dump label
 * (see struct cv_field). */
#define FIELD(key, name, loc, kind, json, rules, arg, why, dump)               \
	{                                                                      \
		key, name, loc, kind, json, rules, arg, why, dump              \
	}

static const struct cv_field zone_fields[] = {
    FIELD("name", "name", ZONE(name), CVK_TEXT, REQ, CVR_TEXT | CVR_NONEMPTY, 0,
	  NULL, NULL),
    FIELD("id", "id", ZONE(id), CVK_U32, OPT, 0, 0, NULL, NULL),
    FIELD("root", "flags", ZONE(flags), CVK_FLAG, OPT, 0, CV_ZONE_ROOT, NULL,
	  NULL),
    FIELD("autostart", "flags", ZONE(flags), CVK_FLAG, OPT, 0,
	  CV_ZONE_AUTOSTART, NULL, NULL),
    FIELD(NULL, "flags", ZONE(flags), CVK_U32, NOJ, CVR_MASK, ZONE_FLAGS_KNOWN,
	  NULL, NULL),
    FIELD(NULL, "reserved", ZONE(reserved), CVK_U32, NOJ, CVR_ZERO, 0, NULL,
	  NULL),
    FIELD(NULL, "reserved2", ZONE(reserved2), CVK_U32, NOJ, CVR_ZERO, 0, NULL,
	  NULL),
    FIELD(NULL, "reserved3", ZONE(reserved3), CVK_U32, NOJ, CVR_ZERO, 0, NULL,
	  NULL),
    FIELD("cpus", "cpus", ZONE(cpus), CVK_CPUS, REQ, CVR_NONZERO, 0,
	  "is empty: a zone needs at least one CPU", NULL),
    FIELD(NULL, "nr_mem", ZONE(nr_mem), CVK_U32, NOJ, CVR_NONZERO | CVR_MAX,
	  CV_MAX_MEM_REGIONS, "is 0: a zone needs at least one memory region",
	  NULL),
    FIELD(NULL, "nr_devices", ZONE(nr_devices), CVK_U32, NOJ, CVR_MAX,
	  CV_MAX_DEVICES, NULL, NULL),
    FIELD(NULL, "nr_irqs", ZONE(nr_irqs), CVK_U32, NOJ, CVR_MAX, CV_MAX_IRQS,
	  NULL, NULL),
    FIELD(NULL, "nr_shm", ZONE(nr_shm), CVK_U32, NOJ, CVR_MAX, CV_MAX_SHM, NULL,
	  NULL),
    FIELD(NULL, "nr_pci", ZONE(nr_pci), CVK_U32, NOJ, CVR_MAX, CV_MAX_PCI, NULL,
	  NULL),
    FIELD(NULL, "nr_virtio", ZONE(nr_virtio), CVK_U32, NOJ, CVR_MAX,
	  CV_MAX_VIRTIO, NULL, NULL),
    FIELD(NULL, "reserved4", ZONE(reserved4), CVK_U32, NOJ, CVR_ZERO, 0, NULL,
	  NULL),
    FIELD("entry", "entry_ipa", ZONE(entry_ipa), CVK_U64, OPT, 0, 0, NULL,
	  NULL),
    FIELD("cmdline", "cmdline", ZONE(cmdline), CVK_TEXT, OPT, CVR_TEXT, 0, NULL,
	  NULL),
};

/* CVR_RANGE's arg: the index of the record's "size" field. */
static const struct cv_field mem_fields[] = {
    FIELD("ipa", "ipa", MEM(ipa), CVK_U64, REQ, ADDR, 2, NULL, "ipa"),
    FIELD("pa", "pa", MEM(pa), CVK_U64, REQ, ADDR, 2, NULL, "pa"),
    FIELD("size", "size", MEM(size), CVK_SIZE, REQ, BYTES, 0, NULL, "size"),
    FIELD("flags", "flags", MEM(flags), CVK_MEMFLAGS, OPT, CVR_MASK, CV_MEM_RWX,
	  NULL, ""),
    FIELD(NULL, "reserved", MEM(reserved), CVK_U32, NOJ, CVR_ZERO, 0, NULL,
	  NULL),
};

static const struct cv_field device_fields[] = {
    FIELD("name", "name", DEV(name), CVK_TEXT, REQ, CVR_TEXT | CVR_NONEMPTY, 0,
	  NULL, ""),
    FIELD("base", "base", DEV(base), CVK_U64, REQ, ADDR, 2, NULL, "base"),
    FIELD("size", "size", DEV(size), CVK_U64, REQ, BYTES, 0, NULL, "size"),
    FIELD("dma", "flags", DEV(flags), CVK_FLAG, OPT, 0, CV_DEVICE_DMA, NULL,
	  "dma (no IOMMU)"),
    FIELD(NULL, "flags", DEV(flags), CVK_U32, NOJ, CVR_MASK, CV_DEVICE_DMA,
	  NULL, NULL),
    FIELD(NULL, "reserved", DEV(reserved), CVK_U32, NOJ, CVR_ZERO, 0, NULL,
	  NULL),
};

static const struct cv_field irq_fields[] = {
    FIELD(NULL, "irq", WHOLE(u32), CVK_U32, REQ, 0, 0, NULL, ""),
};

/* A PCI function: bus [15:8], device [7:3], function [2:0]. */
static const struct cv_field pci_fields[] = {
    FIELD(NULL, "bdf", WHOLE(u32), CVK_BDF, REQ, CVR_MASK, 0xffff, NULL, ""),
};

static const struct cv_field shm_fields[] = {
    FIELD("ipa", "ipa", SHM(ipa), CVK_U64, REQ, ADDR, 2, NULL, "ipa"),
    FIELD("pa", "pa", SHM(pa), CVK_U64, REQ, ADDR, 2, NULL, "pa"),
    FIELD("size", "size", SHM(size), CVK_SIZE, REQ, BYTES, 0, NULL, "size"),
    FIELD("peer", "peer", SHM(peer), CVK_PEER, REQ, 0, 0, NULL, "peer"),
    FIELD("doorbell_irq", "doorbell_irq", SHM(doorbell_irq), CVK_U32, REQ,
	  CVR_SPI, 0, NULL, "doorbell"),
};

/* A virtio-mmio transport (docs/virtio.md); its rules between fields
 * (0x200 alignment, overlaps, interrupts) are in config_check.c. */
static const struct cv_field virtio_fields[] = {
    FIELD("type", "type", VIO(type), CVK_VIRTIO, REQ, 0, 0, NULL, ""),
    FIELD("base", "base", VIO(base), CVK_U64, REQ, CVR_NONZERO | CVR_RANGE, 0,
	  "is 0: a virtio transport needs an address", "base"),
    FIELD("irq", "irq", VIO(irq), CVK_U32, REQ, CVR_SPI, 0, NULL, "irq"),
};

static const struct cv_field console_fields[] = {
    FIELD("type", "type", CON(type), CVK_CONSOLE, REQ, 0, 0, NULL, NULL),
    FIELD("base", "base", CON(base), CVK_U64, REQ,
	  CVR_NONZERO | CVR_ALIGN | CVR_RANGE, 0,
	  "is 0: an emulated console needs an address", NULL),
    FIELD("irq", "irq", CON(irq), CVK_U32, REQ, CVR_SPI, 0, NULL, NULL),
};

#define RECORD(n, f)                                                           \
	{                                                                      \
		n, f, ARRAY_SIZE(f), 0                                         \
	}

const struct cv_record cv_zone_record = RECORD("zone", zone_fields);
const struct cv_record cv_console_record = {"console", console_fields,
					    ARRAY_SIZE(console_fields),
					    CV_CONSOLE_MMIO_SIZE};
static const struct cv_record mem_record = RECORD("mem", mem_fields);
static const struct cv_record device_record = RECORD("devices", device_fields);
static const struct cv_record irq_record = RECORD("irqs", irq_fields);
static const struct cv_record shm_record = RECORD("shm", shm_fields);
static const struct cv_record pci_record = RECORD("pci", pci_fields);
static const struct cv_record virtio_record = {
    "virtio", virtio_fields, ARRAY_SIZE(virtio_fields), CV_VIRTIO_MMIO_SIZE};

#define ARRAY(m, count)                                                        \
	offsetof(struct cv_zone_config, m),                                    \
	    offsetof(struct cv_zone_config, count),                            \
	    sizeof(((struct cv_zone_config *)0)->m[0])

/* key, name, record, offsets, max, required */
const struct cv_array cv_zone_arrays[] = {
    {"memory", "mem", &mem_record, ARRAY(mem, nr_mem), CV_MAX_MEM_REGIONS,
     true},
    {"devices", "devices", &device_record, ARRAY(devices, nr_devices),
     CV_MAX_DEVICES, false},
    {"irqs", "irqs", &irq_record, ARRAY(irqs, nr_irqs), CV_MAX_IRQS, false},
    {"shm", "shm", &shm_record, ARRAY(shm, nr_shm), CV_MAX_SHM, false},
    {"pci", "pci", &pci_record, ARRAY(pci, nr_pci), CV_MAX_PCI, false},
    {"virtio", "virtio", &virtio_record, ARRAY(virtio, nr_virtio),
     CV_MAX_VIRTIO, false},
};
const u32 cv_nr_zone_arrays = ARRAY_SIZE(cv_zone_arrays);

const char *const cv_console_names[] = {
    [CV_CONSOLE_NONE] = "none",
    [CV_CONSOLE_PL011] = "pl011",
    [CV_CONSOLE_NS16550] = "ns16550",
};
const u32 cv_nr_console_types = ARRAY_SIZE(cv_console_names);

u64 cv_field_get(const void *record, const struct cv_field *f)
{
	const u8 *p = (const u8 *)record + f->offset;

	if (f->size == sizeof(u64))
		return *(const u64 *)(const void *)p;
	if (f->size == sizeof(u32))
		return *(const u32 *)(const void *)p;
	return 0;
}

void cv_field_set(void *record, const struct cv_field *f, u64 v)
{
	u8 *p = (u8 *)record + f->offset;

	if (f->size == sizeof(u64))
		*(u64 *)(void *)p = v;
	else if (f->size == sizeof(u32))
		*(u32 *)(void *)p = (u32)v;
}

const char *const cv_virtio_names[] = {
    [0] = "none",
    [CV_VIRTIO_NET] = "net",
    [CV_VIRTIO_BLK] = "blk",
    [CV_VIRTIO_CONSOLE] = "console",
};
const u32 cv_nr_virtio_types = ARRAY_SIZE(cv_virtio_names);
