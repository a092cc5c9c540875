/* Inside the SMMUv3 driver: the register-level half (smmuv3.c) as the
 * zone half (smmuv3_zone.c) uses it. */
#ifndef CVISOR_DRIVERS_IOMMU_SMMUV3_HW_H
#define CVISOR_DRIVERS_IOMMU_SMMUV3_HW_H

#include "drivers/iommu/smmuv3_desc.h"

#define SMMU_NR_STREAMS 256u /* a linear table: bus 0 of the host bridge */

struct zone;

void *smmu_hw_alloc(u64 bytes); /* zeroed frames, aligned to their size */
void smmu_hw_free(void *p, u64 bytes);
unsigned smmu_hw_ips(void);
void smmu_hw_lock(void);
void smmu_hw_unlock(void);
/* With the lock held: */
int smmu_hw_set_ste(u32 sid, const u64 ste[SMMU_STE_DWORDS],
		    struct zone *owner);
int smmu_hw_invalidate_ste(u32 sid);
void smmu_hw_tlbi_asid(u16 asid);
int smmu_hw_enable(void);

#endif
