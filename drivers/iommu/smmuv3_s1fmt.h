#ifndef CVISOR_DRIVERS_IOMMU_SMMUV3_S1FMT_H
#define CVISOR_DRIVERS_IOMMU_SMMUV3_S1FMT_H

#include "mm/pt.h"

/* The VMSAv8-64 stage-1 format the SMMU walks for a zone's devices. */
extern const struct pt_format smmu_s1_format;
/* Device address bits of the copy: 48, a 4-level walk from level 0 (stage
 * 1 has no concatenated root tables, so pt_init must not make any). */
#define SMMU_S1_IA_BITS 48

#endif
