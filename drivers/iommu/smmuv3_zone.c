/*
 * Zones and the SMMU: one context (a stage-1 copy of the zone's memory
 * map, a CD, an ASID) per zone that owns PCI functions; its streams point
 * at the CD while the zone exists and abort otherwise.
 *
 * The copy maps what the zone's stage-2 maps as memory: its RAM regions
 * (with their read/write permissions) and its shared-memory links. Not its
 * passthrough MMIO: device-to-device DMA is not given to zones. A zone's
 * stage 2 is fixed for its lifetime (links are made when it is created), so
 * the copy is built when the zone's streams attach and torn down, with the
 * ASID invalidated, when they detach at its stop.
 */
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "drivers/iommu/smmuv3.h"
#include "drivers/iommu/smmuv3_hw.h"
#include "drivers/iommu/smmuv3_s1fmt.h"

struct smmu_ctx {
	struct zone *zone;
	struct page_table pt;
	u64 *cd;
	u16 asid;
	u32 nr_sids;
	u32 sids[CV_MAX_PCI];
};

static struct smmu_ctx ctxs[CV_MAX_ZONES];

static void *table_alloc(void *ctx, u64 bytes)
{
	(void)ctx;
	return smmu_hw_alloc(bytes);
}

static void table_free(void *ctx, void *table, u64 bytes)
{
	(void)ctx;
	smmu_hw_free(table, bytes);
}

static u32 region_attrs(u32 flags)
{
	return (flags & CV_MEM_READ ? PT_READ : 0) |
	       (flags & CV_MEM_WRITE ? PT_WRITE : 0);
}

static int build_copy(struct smmu_ctx *c)
{
	const struct cv_zone_config *cfg = c->zone->cfg;
	struct pt_memory mem = {table_alloc, table_free, NULL, c};
	int err = pt_init(&c->pt, &smmu_s1_format, &mem, SMMU_S1_IA_BITS);

	for (u32 i = 0; !err && i < cfg->nr_mem; i++) {
		const struct cv_mem_region *m = &cfg->mem[i];

		if (m->flags & CV_MEM_READ)
			err = pt_map(&c->pt, ipa_init(m->ipa), pa_init(m->pa),
				     m->size, region_attrs(m->flags));
	}
	for (u32 i = 0; !err && i < cfg->nr_shm; i++) {
		const struct cv_shm *l = &cfg->shm[i];

		err = pt_map(&c->pt, ipa_init(l->ipa), pa_init(l->pa), l->size,
			     PT_READ | PT_WRITE);
	}
	return err;
}

static int build_context(struct smmu_ctx *c)
{
	struct smmu_s1_ctx s1;
	int err = build_copy(c);

	if (err)
		return err;
	c->cd = smmu_hw_alloc(SMMU_CD_DWORDS * 8);
	if (!c->cd)
		return -CV_ENOMEM;
	s1 = (struct smmu_s1_ctx){.ttb = hv_to_pa(c->pt.root),
				  .ia_bits = SMMU_S1_IA_BITS,
				  .ips = smmu_hw_ips(),
				  .asid = c->asid};
	smmu_cd_build(c->cd, &s1);
	return 0;
}

static void free_context(struct smmu_ctx *c)
{
	if (c->pt.root)
		pt_destroy(&c->pt);
	if (c->cd)
		smmu_hw_free(c->cd, SMMU_CD_DWORDS * 8);
	*c = (struct smmu_ctx){0};
}

static bool iommu_switched_off(const struct zone *zone)
{
	const struct cv_bundle_header *h = (const void *)zone->bundle;

	return h->flags & CV_BUNDLE_IOMMU_OFF;
}

static struct smmu_ctx *free_slot(u32 *index)
{
	for (u32 i = 0; i < CV_MAX_ZONES; i++) {
		if (!ctxs[i].zone) {
			*index = i;
			return &ctxs[i];
		}
	}
	return NULL;
}

static int point_streams(struct smmu_ctx *c)
{
	u64 ste[SMMU_STE_DWORDS];
	int err = 0;

	smmu_ste_stage1(ste, hv_to_pa(c->cd));
	smmu_hw_lock();
	smmu_hw_tlbi_asid(c->asid);
	for (u32 i = 0; !err && i < c->nr_sids; i++)
		err = smmu_hw_set_ste(c->sids[i], ste, c->zone);
	if (!err)
		err = smmu_hw_enable();
	smmu_hw_unlock();
	return err;
}

static int check_sids(const struct zone *zone, const u32 *sids, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		if (sids[i] >= SMMU_NR_STREAMS) {
			pr_err("smmu: zone %u: StreamID 0x%x beyond the stream "
			       "table (%u)",
			       zone->id, sids[i], SMMU_NR_STREAMS);
			return -CV_ERANGE;
		}
	}
	return n <= CV_MAX_PCI ? 0 : -CV_ERANGE;
}

int smmu_zone_attach(struct zone *zone, const u32 *sids, u32 n)
{
	struct smmu_ctx *c;
	u32 slot;
	int err;

	if (!n)
		return 0;
	if (!smmu_present() || iommu_switched_off(zone)) {
		pr_warn("smmu: zone %u '%s': %u PCI function(s) with the IOMMU "
			"%s: their DMA reaches all memory",
			zone->id, zone->name, n,
			smmu_present() ? "switched off (\"iommu\": \"off\")"
				       : "absent");
		return 0;
	}
	err = check_sids(zone, sids, n);
	c = err ? NULL : free_slot(&slot);
	if (!c)
		return err ? err : -CV_ENOMEM;
	*c = (struct smmu_ctx){
	    .zone = zone, .asid = (u16)(slot + 1), .nr_sids = n};
	for (u32 i = 0; i < n; i++)
		c->sids[i] = sids[i];
	err = build_context(c);
	if (!err)
		err = point_streams(c);
	if (err) {
		smmu_zone_detach(zone);
		return err;
	}
	pr_info("smmu: zone %u '%s': %u stream(s) translate with its memory "
		"map (ASID %u, %llu stage-1 tables)",
		zone->id, zone->name, n, c->asid,
		(unsigned long long)c->pt.nr_tables);
	return 0;
}

void smmu_zone_detach(struct zone *zone)
{
	u64 ste[SMMU_STE_DWORDS];

	for (u32 i = 0; i < CV_MAX_ZONES; i++) {
		struct smmu_ctx *c = &ctxs[i];

		if (c->zone != zone)
			continue;
		smmu_drain_events(); /* while the streams still name it */
		smmu_ste_abort(ste);
		smmu_hw_lock();
		for (u32 s = 0; s < c->nr_sids; s++)
			smmu_hw_set_ste(c->sids[s], ste, NULL);
		smmu_hw_tlbi_asid(c->asid);
		smmu_hw_unlock();
		pr_info("smmu: zone %u: %u stream(s) abort again", zone->id,
			c->nr_sids);
		free_context(c);
	}
}
