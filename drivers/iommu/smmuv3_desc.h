/*
 * SMMUv3 in-memory structures (Arm IHI 0070): stream table entries,
 * context descriptors, commands and event records. Pure builders and
 * decoders, compiled into cvisor and into the host unit tests.
 */
#ifndef CVISOR_DRIVERS_IOMMU_SMMUV3_DESC_H
#define CVISOR_DRIVERS_IOMMU_SMMUV3_DESC_H

#include "cvisor/types.h"

#define SMMU_STE_DWORDS 8 /* 64 bytes */
#define SMMU_CD_DWORDS	8 /* 64 bytes */
#define SMMU_CMD_DWORDS 2 /* 16 bytes */
#define SMMU_EVT_DWORDS 4 /* 32 bytes */

/* Command opcodes (IHI 0070 4.1) cvisor issues. */
#define SMMU_CMD_CFGI_STE      0x03
#define SMMU_CMD_TLBI_NH_ASID  0x11
#define SMMU_CMD_TLBI_NSNH_ALL 0x30
#define SMMU_CMD_SYNC	       0x46

/* Event types (IHI 0070 7.3) that name a stream. */
#define SMMU_EVT_F_TRANSLATION 0x10
#define SMMU_EVT_F_PERMISSION  0x13

/* A stage-1 context: what cvisor puts in a CD. */
struct smmu_s1_ctx {
	paddr_t ttb;	  /* root table of the stage-1 copy, 4 KiB granule */
	unsigned ia_bits; /* input (device address) size: 64 - T0SZ */
	unsigned ips;	  /* output size, the IDR5.OAS encoding */
	u16 asid;
};

/* STE that aborts every transaction of the stream (Config 0b000, V=1). */
void smmu_ste_abort(u64 ste[SMMU_STE_DWORDS]);
/* STE that translates with stage 1 through the single CD at cd_pa. */
void smmu_ste_stage1(u64 ste[SMMU_STE_DWORDS], paddr_t cd_pa);
/* CD: TTB0 only (EPD1), 4 KiB granule, AArch64, faults recorded (R) and
 * terminated (A), access-flag faults off (AFFD), MAIR attr0 Normal WB,
 * attr1 Device-nGnRE. */
void smmu_cd_build(u64 cd[SMMU_CD_DWORDS], const struct smmu_s1_ctx *ctx);

void smmu_cmd_cfgi_ste(u64 cmd[SMMU_CMD_DWORDS], u32 sid);
void smmu_cmd_tlbi_asid(u64 cmd[SMMU_CMD_DWORDS], u16 asid);
void smmu_cmd_tlbi_all(u64 cmd[SMMU_CMD_DWORDS]);
void smmu_cmd_sync(u64 cmd[SMMU_CMD_DWORDS]);

struct smmu_event {
	u32 type;
	u32 sid;
	u64 addr; /* input (device) address, for faults */
	bool read;
};

void smmu_event_decode(const u64 rec[SMMU_EVT_DWORDS], struct smmu_event *e);
/* "F_TRANSLATION", ... or "event 0xNN" for the ones not named here. */
const char *smmu_event_name(u32 type);

/* Queue pointers (PROD/CONS): index in [log2-1:0], wrap bit [log2]. */
static inline bool smmu_queue_empty(u32 prod, u32 cons, unsigned log2)
{
	u32 mask = (2u << log2) - 1;

	return (prod & mask) == (cons & mask);
}

static inline u32 smmu_queue_next(u32 ptr, unsigned log2)
{
	return (ptr + 1) & ((2u << log2) - 1);
}

#endif
