/*
 * Zone creation from the boot bundle: validate, build the stage-2 table,
 * claim CPUs and interrupts, copy images in, and make vCPU 0 runnable.
 */
#include "cvisor/zone.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/fdt_zone.h"
#include "cvisor/image.h"
#include "cvisor/log.h"
#include "cvisor/mgmt.h"
#include "cvisor/percpu.h"
#include "cvisor/vconsole.h"
#include "cvisor/virtio.h"
#include "lib/bitmap.h"
#include "lib/string.h"

#include <libfdt.h>
#include "cvisor/memory.h"
#include "mm/frame.h"
#include "mm/heap.h"

struct zone *zones[CV_MAX_ZONES];
u32 nr_zones;

static void *table_alloc(void *ctx, u64 bytes)
{
	paddr_t pa;
	u64 n = bytes / FRAME_SIZE;

	(void)ctx;
	if (frame_alloc(&hv_frames, n, n, &pa))
		return NULL;
	memset(pa_to_hv(pa), 0, bytes);
	return pa_to_hv(pa);
}

static void table_free(void *ctx, void *table, u64 bytes)
{
	(void)ctx;
	CHECK(!frame_free(&hv_frames, hv_to_pa(table), bytes / FRAME_SIZE));
}

static void table_flush(void *ctx, ipa_t ipa, u64 size)
{
	arch_stage2_flush(ctx, ipa, size);
}

static u32 pt_attrs(u32 cv_flags)
{
	return (cv_flags & CV_MEM_READ ? PT_READ : 0) |
	       (cv_flags & CV_MEM_WRITE ? PT_WRITE : 0) |
	       (cv_flags & CV_MEM_EXEC ? PT_EXEC : 0);
}

static int build_stage2(struct zone *zone)
{
	const struct cv_zone_config *cfg = zone->cfg;
	struct pt_memory mem = {table_alloc, table_free, table_flush, zone};
	int err = pt_init(&zone->s2, arch_stage2_format(), &mem,
			  arch_stage2_ipa_bits());

	for (u32 i = 0; !err && i < cfg->nr_mem; i++) {
		const struct cv_mem_region *m = &cfg->mem[i];

		err = pt_map(&zone->s2, ipa_init(m->ipa), pa_init(m->pa),
			     m->size, pt_attrs(m->flags));
		if (!err)
			err =
			    arch_map_hv_memory(pa_init(m->pa), m->size, false);
	}
	for (u32 i = 0; !err && i < cfg->nr_devices; i++) {
		const struct cv_device *d = &cfg->devices[i];

		/* Passed through at the same address (ipa == pa). */
		err = pt_map(&zone->s2, ipa_init(d->base), pa_init(d->base),
			     d->size, PT_READ | PT_WRITE | PT_DEVICE);
	}
	/* Shared-memory links: the same pages in both zones, no execute. */
	for (u32 i = 0; !err && i < cfg->nr_shm; i++) {
		const struct cv_shm *l = &cfg->shm[i];

		err = pt_map(&zone->s2, ipa_init(l->ipa), pa_init(l->pa),
			     l->size, PT_READ | PT_WRITE);
		if (!err)
			err =
			    arch_map_hv_memory(pa_init(l->pa), l->size, false);
	}
	return err;
}

static void add_doorbells(struct zone *zone)
{
	for (u32 i = 0; i < zone->cfg->nr_shm; i++)
		arch_zone_add_virq(zone, zone->cfg->shm[i].doorbell_irq);
}

void zone_destroy(struct zone *zone)
{
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		struct percpu *cpu = percpu_get(zone->vcpus[i].pcpu);

		__atomic_store_n(&cpu->vcpu, NULL, __ATOMIC_RELEASE);
		cpu->zone = NULL;
	}
	vconsole_destroy(zone);
	virtio_zone_destroy(zone);
	vpci_host_destroy(zone);
	hv_free(zone->mgmt); /* the root zone's management device, if any */
	if (zone->arch_ready)
		arch_zone_destroy(zone);
	pt_destroy(&zone->s2);
	if (zone->bundle_frames)
		CHECK(!frame_free(&hv_frames, hv_to_pa(zone->bundle),
				  zone->bundle_frames));
	hv_free(zone);
}

static int claim_cpus(struct zone *zone)
{
	for (u32 c = 0; c < MAX_CPUS; c++) {
		struct vcpu *v;

		if (!(zone->cpus & (1ull << c)))
			continue;
		v = &zone->vcpus[zone->nr_vcpus];
		v->id = zone->nr_vcpus++;
		v->pcpu = c;
		v->zone = zone;
		v->state = VCPU_OFF;
		v->lock = (spinlock_t)SPINLOCK_INIT;
		percpu_get(c)->zone = zone;
		percpu_get(c)->vcpu = v;
	}
	return zone->nr_vcpus ? 0 : -CV_EINVAL;
}

struct zone *zone_create(const struct cv_zone_config *cfg, const u8 *bundle)
{
	struct zone *zone = hv_alloc(sizeof(*zone));
	int err;

	if (!zone)
		return NULL;
	zone->id = cfg->id;
	memcpy(zone->name, cfg->name, CV_NAME_LEN);
	zone->cfg = cfg;
	zone->bundle = bundle;
	zone->cpus = cfg->cpus;
	for (u32 i = 0; i < cfg->nr_irqs; i++)
		bitmap_assign(zone->irq_bitmap, cfg->irqs[i], true);
	err = claim_cpus(zone);
	if (!err)
		err = build_stage2(zone);
	if (!err)
		err = arch_zone_init(zone);
	if (!err) {
		zone->arch_ready = true;
		add_doorbells(zone);
	}
	if (!err && (cfg->flags & CV_ZONE_ROOT))
		err = mgmt_device_create(zone);
	if (!err && (cfg->flags & CV_ZONE_ROOT))
		err = vpci_host_create(zone);
	if (!err)
		err = vconsole_create(zone);
	if (!err)
		err = virtio_zone_create(zone);
	if (!err)
		err = zone_load_and_reset(zone);
	if (err) {
		pr_err("zone %u '%s': creation failed: %s", cfg->id, cfg->name,
		       cv_strerror(err));
		zone_destroy(zone);
		return NULL;
	}
	return zone;
}

/* An image the boot loader placed (CV_IMAGE_PLACED): nothing to copy;
 * its size and first bytes must be the ones the configuration was built
 * with (the rest is read by the guest only, the first and only time the
 * root zone starts; the boot loader cleaned it to the point of coherency,
 * as the arm64 boot protocol asks of it). */
static int check_placed(struct zone *zone, const struct cv_image *img,
			paddr_t pa, const char *what)
{
	u32 sum = cv_image_head_sum(pa_to_hv(pa), img->size);

	if (sum != img->head_sum) {
		pr_err("zone %u: %s placed at pa 0x%llx: head sum 0x%x, the "
		       "configuration's 0x%x (not loaded, or another image)",
		       zone->id, what, (unsigned long long)pa_addr(pa), sum,
		       img->head_sum);
		return -CV_EINVAL;
	}
	return 0;
}

static int copy_image(struct zone *zone, const struct cv_image *img, ipa_t ipa,
		      const char *what)
{
	bool placed = img->flags & CV_IMAGE_PLACED;
	paddr_t pa;

	if (!img->size)
		return 0;
	if (!zone_ipa_to_pa(zone, ipa, img->size, &pa)) {
		pr_err("zone %u: %s of %llu bytes does not fit at ipa 0x%llx",
		       zone->id, what, (unsigned long long)img->size,
		       (unsigned long long)ipa_addr(ipa));
		return -CV_ERANGE;
	}
	if (placed && check_placed(zone, img, pa, what))
		return -CV_EINVAL;
	if (!placed) {
		memcpy(pa_to_hv(pa), zone->bundle + img->offset, img->size);
		arch_dcache_clean(pa_to_hv(pa), img->size);
	}
	pr_info("zone %u: %s: %llu bytes at ipa 0x%llx (pa 0x%llx)%s", zone->id,
		what, (unsigned long long)img->size,
		(unsigned long long)ipa_addr(ipa),
		(unsigned long long)pa_addr(pa),
		placed ? ", placed by the boot loader" : "");
	return 0;
}

/* The zone's device tree: the configuration's own, or derived from the
 * platform's, in the top CV_DTB_AREA_SIZE of the first RAM region. */
static int prepare_dtb(struct zone *zone, ipa_t *dtb_ipa)
{
	const struct cv_zone_config *cfg = zone->cfg;
	paddr_t pa;
	int err;

	*dtb_ipa =
	    ipa_init(cfg->mem[0].ipa + cfg->mem[0].size - CV_DTB_AREA_SIZE);
	if (cfg->dtb.size) {
		*dtb_ipa = ipa_init(cfg->dtb.load_ipa);
		return copy_image(zone, &cfg->dtb, *dtb_ipa, "dtb");
	}
	if (!zone_ipa_to_pa(zone, *dtb_ipa, CV_DTB_AREA_SIZE, &pa))
		return -CV_ERANGE;
	err =
	    fdt_derive_zone(platform.dtb, pa_to_hv(pa), CV_DTB_AREA_SIZE, zone);
	if (err) {
		pr_err("zone %u: cannot derive its device tree", zone->id);
		return err;
	}
	arch_dcache_clean(pa_to_hv(pa), fdt_totalsize(pa_to_hv(pa)));
	pr_info("zone %u: device tree derived from the platform's at ipa "
		"0x%llx",
		zone->id, (unsigned long long)ipa_addr(*dtb_ipa));
	return 0;
}

int zone_load_and_reset(struct zone *zone)
{
	ipa_t dtb_ipa;
	const struct cv_zone_config *cfg = zone->cfg;
	ipa_t kernel = ipa_init(cfg->kernel.load_ipa
				    ? cfg->kernel.load_ipa
				    : cfg->mem[0].ipa + IMAGE_RAW_LOAD_OFFSET);
	int err = copy_image(zone, &cfg->kernel, kernel, "kernel");

	if (!err)
		err = copy_image(zone, &cfg->initrd,
				 ipa_init(cfg->initrd.load_ipa), "initrd");
	if (!err)
		err = prepare_dtb(zone, &dtb_ipa);
	if (err)
		return err;
	for (u32 i = 0; i < zone->nr_vcpus; i++)
		zone->vcpus[i].state = VCPU_OFF;
	/* Register values: the entry PC and the DT's address in x0/a1. */
	zone->vcpus[0].start_entry =
	    cfg->entry_ipa ? cfg->entry_ipa : ipa_addr(kernel);
	zone->vcpus[0].start_arg = ipa_addr(dtb_ipa);
	virtio_zone_reset(zone);
	zone->vcpus[0].state = VCPU_ON_PENDING;
	zone->state = ZONE_RUNNING;
	return 0;
}

/* What the bundle leaves unconfined (docs/iommu.md). */
static void log_config_warning(void *ctx, int zone, const char *field,
			       const char *reason)
{
	(void)ctx;
	pr_warn("config: zones[%d].%s: %s", zone, field, reason);
}

static void log_limits(const struct cv_platform_limits *lim)
{
	pr_info("init_early: config checked against %u CPUs, %u interrupts, "
		"%u RAM ranges, hypervisor 0x%llx+0x%llx",
		lim->nr_cpus, lim->nr_irqs, lim->nr_ram,
		(unsigned long long)lim->hv_base,
		(unsigned long long)lim->hv_size);
}

int zones_create_from_bundle(const void *bundle)
{
	const struct cv_bundle_header *h = bundle;
	struct cv_platform_limits lim;
	struct cv_config_error err;
	u64 size = h->total_size;

	platform_limits(&lim, arch_irqchip_nr_irqs(), arch_irqchip_first_spi());
	log_limits(&lim);
	if (h->magic != CV_BUNDLE_MAGIC || size > platform.staging.size)
		size = platform.staging.size; /* let validation explain */
	if (cv_config_validate(bundle, size, &lim, &err)) {
		if (err.zone >= 0)
			pr_err("config rejected: zones[%d].%s: %s", err.zone,
			       err.field, err.reason);
		else
			pr_err("config rejected: %s: %s", err.field,
			       err.reason);
		return -CV_EINVAL;
	}
	if (h->flags & CV_BUNDLE_ADD_ZONE) {
		pr_err("config rejected: header.flags: this bundle adds a zone "
		       "to a running system; boot needs one with a root zone");
		return -CV_EINVAL;
	}
	cv_config_warnings(bundle, log_config_warning, NULL);
	for (u32 i = 0; i < h->nr_zones; i++) {
		const struct cv_zone_config *cfg = cv_bundle_zone(h, i);
		struct zone *zone;

		if (!(cfg->flags & CV_ZONE_AUTOSTART))
			continue;
		zone = zone_create(cfg, bundle);
		if (!zone)
			return -CV_EINVAL;
		zones[nr_zones++] = zone;
		pr_info("init_early: zone %u '%s' created: %u vCPU(s) on CPU "
			"mask 0x%llx, %u memory region(s), %u device(s), "
			"%u interrupt(s)",
			zone->id, zone->name, zone->nr_vcpus,
			(unsigned long long)zone->cpus, cfg->nr_mem,
			cfg->nr_devices, cfg->nr_irqs);
	}
	return nr_zones ? 0 : -CV_ENOENT;
}
