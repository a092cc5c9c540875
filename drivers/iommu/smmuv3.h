/*
 * cvisor's SMMUv3 driver (aarch64): the hypervisor owns the SMMU, zones
 * never see it. Every stream aborts unless it belongs to a PCI function a
 * running zone owns; such a stream translates with stage 1 through a copy
 * of the zone's memory map (docs/iommu.md).
 */
#ifndef CVISOR_DRIVERS_IOMMU_SMMUV3_H
#define CVISOR_DRIVERS_IOMMU_SMMUV3_H

#include "cvisor/types.h"

struct zone;

/* Find the SMMU in the DTB ("arm,smmu-v3"), reset it with every stream
 * aborting. 0 (also when there is none: smmu_present() says), or a
 * negative CV_E* code. */
int smmu_probe(const void *fdt);
bool smmu_present(void);
/* Take the event queue's interrupt (once the CPU interfaces are up). */
void smmu_irq_init(void);
/* The zone's streams translate with its memory map from now on. sids[i]
 * is the StreamID of the zone's function i. */
int smmu_zone_attach(struct zone *zone, const u32 *sids, u32 n);
/* Its streams abort again, its translations are invalidated. */
void smmu_zone_detach(struct zone *zone);
/* Log the events waiting in the event queue. */
void smmu_drain_events(void);

#endif
