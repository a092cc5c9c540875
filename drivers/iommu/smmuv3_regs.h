/* SMMUv3 register file (Arm IHI 0070, 6.3): offsets and fields used. */
#ifndef CVISOR_DRIVERS_IOMMU_SMMUV3_REGS_H
#define CVISOR_DRIVERS_IOMMU_SMMUV3_REGS_H

#include "cvisor/bits.h"

#define SMMU_IDR0	     0x0000 /* S1P [1], TTF [3:2] (bit 3: AArch64) */
#define SMMU_IDR1	     0x0004 /* SIDSIZE [5:0] */
#define SMMU_IDR5	     0x0014 /* OAS [2:0], GRAN4K [4] */
#define SMMU_CR0	     0x0020 /* SMMUEN [0], EVENTQEN [2], CMDQEN [3] */
#define SMMU_CR0ACK	     0x0024
#define SMMU_CR1	     0x0028 /* queue and table cacheability */
#define SMMU_CR2	     0x002c /* RECINVSID [1] */
#define SMMU_IRQ_CTRL	     0x0050 /* GERROR_IRQEN [0], EVENTQ_IRQEN [2] */
#define SMMU_IRQ_CTRL_ACK    0x0054
#define SMMU_GERROR	     0x0060
#define SMMU_GERRORN	     0x0064
#define SMMU_STRTAB_BASE     0x0080 /* RA [62], ADDR [51:6] */
#define SMMU_STRTAB_BASE_CFG 0x0088 /* FMT [17:16], LOG2SIZE [5:0] */
#define SMMU_CMDQ_BASE	     0x0090 /* RA [62], ADDR [51:5], LOG2SIZE [4:0] */
#define SMMU_CMDQ_PROD	     0x0098
#define SMMU_CMDQ_CONS	     0x009c /* ERR [30:24] */
#define SMMU_EVENTQ_BASE     0x00a0
#define SMMU_EVENTQ_PROD     0x100a8 /* page 1 */
#define SMMU_EVENTQ_CONS     0x100ac

#define CR0_SMMUEN	BIT(0)
#define CR0_EVENTQEN	BIT(2)
#define CR0_CMDQEN	BIT(3)
#define IDR0_S1P	BIT(1)
#define IDR0_TTF_AA64	BIT(3)
#define IDR5_GRAN4K	BIT(4)
#define IRQ_CTRL_GERROR BIT(0)
#define IRQ_CTRL_EVENTQ BIT(2)
#define CR2_RECINVSID	BIT(1)
/* CR1: QUEUE_IC [1:0], QUEUE_OC [3:2] (1: WB), QUEUE_SH [5:4] (3: inner),
 * TABLE_IC [7:6], TABLE_OC [9:8], TABLE_SH [11:10]. */
#define CR1_CACHED	 0x0d75u
#define Q_BASE_RA	 BIT(62)
#define CMDQ_CONS_ERR(v) FIELD_GET(30, 24, v)

#endif
