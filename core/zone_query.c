/* Questions about a zone's resources (pure: host-tested). */
#include "cvisor/zone.h"

#include "cvisor/errno.h"
#include "lib/bitmap.h"

bool zone_owns_irq(const struct zone *zone, u32 irq)
{
	return irq < 1024 && bitmap_test(zone->irq_bitmap, irq);
}

int zone_ram_access(const struct zone *zone, ipa_t ipa, u64 size, u32 need,
		    paddr_t *pa)
{
	const struct cv_zone_config *cfg = zone->cfg;

	for (u32 i = 0; i < cfg->nr_mem; i++) {
		const struct cv_mem_region *m = &cfg->mem[i];

		/* range_within() neither overflows nor wraps past 2^64. */
		if (!size ||
		    !range_within(ipa_addr(ipa), size, m->ipa, m->size))
			continue;
		if ((m->flags & need) != need)
			return -CV_EPERM;
		*pa = pa_init(m->pa + (ipa_addr(ipa) - m->ipa));
		return 0;
	}
	return -CV_EINVAL;
}

bool zone_ipa_to_pa(const struct zone *zone, ipa_t ipa, u64 size, paddr_t *pa)
{
	return zone_ram_access(zone, ipa, size, 0, pa) == 0;
}

/* Virtual MPIDRs: Aff0 = vCPU index, higher affinities zero (bit 31 and
 * the U/MT bits are ignored, as PSCI does). */
struct vcpu *zone_vcpu_by_mpidr(struct zone *zone, u64 mpidr)
{
	u64 aff = mpidr & 0xff00ffffffull;

	if (aff >= zone->nr_vcpus)
		return NULL;
	return &zone->vcpus[aff];
}
