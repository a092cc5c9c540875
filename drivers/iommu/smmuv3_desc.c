/*
 * SMMUv3 structure layouts (IHI 0070 5.2 STE, 5.4 CD, 4 commands, 7
 * events). Bit positions are quoted from the specification next to each
 * field.
 */
#include "drivers/iommu/smmuv3_desc.h"

#include "cvisor/bits.h"

/* STE dword 0: V[0], Config[3:1], S1Fmt[5:4], S1ContextPtr[51:6],
 * S1CDMax[63:59]. Config 0b000 abort, 0b100 bypass, 0b101 stage 1. */
#define STE_V		  BIT(0)
#define STE_CONFIG(c)	  FIELD_PREP(3, 1, c)
#define STE_CONFIG_ABORT  0
#define STE_CONFIG_S1	  5
#define STE_S1CTXPTR_MASK BITS(51, 6)
/* STE dword 1: S1CIR[3:2], S1COR[5:4] (1: WB RA WA), S1CSH[7:6] (3:
 * inner shareable): how the SMMU fetches the CD and the tables. */
#define STE_S1_CACHING                                                         \
	(FIELD_PREP(3, 2, 1) | FIELD_PREP(5, 4, 1) | FIELD_PREP(7, 6, 3))

/* CD dword 0: T0SZ[5:0], TG0[7:6] (0: 4 KiB), IR0[9:8], OR0[11:10] (1: WB
 * RA WA), SH0[13:12] (3: inner), EPD1[30], V[31], IPS[34:32], AFFD[35],
 * AA64[41], R[45], A[46], ASID[63:48]. dword 1: TTB0[51:4]. dword 3:
 * MAIR. */
#define CD_T0SZ(n) FIELD_PREP(5, 0, n)
#define CD_TTB0_WALK                                                           \
	(FIELD_PREP(9, 8, 1) | FIELD_PREP(11, 10, 1) | FIELD_PREP(13, 12, 3))
#define CD_EPD1	    BIT(30)
#define CD_V	    BIT(31)
#define CD_IPS(n)   FIELD_PREP(34, 32, n)
#define CD_AFFD	    BIT(35)
#define CD_AA64	    BIT(41)
#define CD_R	    BIT(45)
#define CD_A	    BIT(46)
#define CD_ASID(a)  FIELD_PREP(63, 48, a)
#define CD_TTB_MASK BITS(51, 4)
#define CD_MAIR	    0x04ffull /* attr0 Normal WB, attr1 Device-nGnRE */

void smmu_ste_abort(u64 ste[SMMU_STE_DWORDS])
{
	for (int i = 0; i < SMMU_STE_DWORDS; i++)
		ste[i] = 0;
	ste[0] = STE_V | STE_CONFIG(STE_CONFIG_ABORT);
}

void smmu_ste_stage1(u64 ste[SMMU_STE_DWORDS], paddr_t cd_pa)
{
	for (int i = 0; i < SMMU_STE_DWORDS; i++)
		ste[i] = 0;
	ste[1] = STE_S1_CACHING;
	/* S1Fmt 0 and S1CDMax 0: one CD, no substreams. */
	ste[0] = STE_V | STE_CONFIG(STE_CONFIG_S1) |
		 (pa_addr(cd_pa) & STE_S1CTXPTR_MASK);
}

void smmu_cd_build(u64 cd[SMMU_CD_DWORDS], const struct smmu_s1_ctx *ctx)
{
	for (int i = 0; i < SMMU_CD_DWORDS; i++)
		cd[i] = 0;
	cd[1] = pa_addr(ctx->ttb) & CD_TTB_MASK;
	cd[3] = CD_MAIR;
	cd[0] = CD_T0SZ(64 - ctx->ia_bits) | CD_TTB0_WALK | CD_EPD1 | CD_V |
		CD_IPS(ctx->ips) | CD_AFFD | CD_AA64 | CD_R | CD_A |
		CD_ASID(ctx->asid);
}

/* Commands: opcode in dword 0 [7:0]. CFGI_STE: SID[63:32], Leaf dw1[0].
 * TLBI_NH_ASID: ASID[63:48]. CMD_SYNC: CS[13:12] = 0, no signal (the
 * consumer index is polled). */
static void cmd_clear(u64 cmd[SMMU_CMD_DWORDS], u32 op)
{
	cmd[0] = FIELD_PREP(7, 0, op);
	cmd[1] = 0;
}

void smmu_cmd_cfgi_ste(u64 cmd[SMMU_CMD_DWORDS], u32 sid)
{
	cmd_clear(cmd, SMMU_CMD_CFGI_STE);
	cmd[0] |= FIELD_PREP(63, 32, sid);
	cmd[1] = BIT(0); /* Leaf: only the STE, no L1 descriptor */
}

void smmu_cmd_tlbi_asid(u64 cmd[SMMU_CMD_DWORDS], u16 asid)
{
	cmd_clear(cmd, SMMU_CMD_TLBI_NH_ASID);
	cmd[0] |= FIELD_PREP(63, 48, asid);
}

void smmu_cmd_tlbi_all(u64 cmd[SMMU_CMD_DWORDS])
{
	cmd_clear(cmd, SMMU_CMD_TLBI_NSNH_ALL);
}

void smmu_cmd_sync(u64 cmd[SMMU_CMD_DWORDS])
{
	cmd_clear(cmd, SMMU_CMD_SYNC);
}

/* Event record: type dw0[7:0], StreamID dw0[63:32]; RnW dw1[35]; the
 * input address in dword 2 (for the F_* translation events). */
void smmu_event_decode(const u64 rec[SMMU_EVT_DWORDS], struct smmu_event *e)
{
	e->type = (u32)FIELD_GET(7, 0, rec[0]);
	e->sid = (u32)FIELD_GET(63, 32, rec[0]);
	e->read = FIELD_GET(35, 35, rec[1]);
	e->addr = rec[2];
}

const char *smmu_event_name(u32 type)
{
	static const char *const names[] = {
	    [0x01] = "F_UUT",
	    [0x02] = "C_BAD_STREAMID",
	    [0x03] = "F_STE_FETCH",
	    [0x04] = "C_BAD_STE",
	    [0x06] = "F_STREAM_DISABLED",
	    [0x07] = "F_TRANSL_FORBIDDEN",
	    [0x08] = "C_BAD_SUBSTREAMID",
	    [0x09] = "F_CD_FETCH",
	    [0x0a] = "C_BAD_CD",
	    [0x0b] = "F_WALK_EABT",
	    [0x10] = "F_TRANSLATION",
	    [0x11] = "F_ADDR_SIZE",
	    [0x12] = "F_ACCESS",
	    [0x13] = "F_PERMISSION",
	};

	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unknown event";
}
