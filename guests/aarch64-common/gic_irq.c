/*
 * Acknowledge and EOI, for whichever GIC gic_detect() found: gic.c's, or
 * a guest's own that sets gic_version.
 */
#include "gic.h"
#include "mmio.h"
#include "sysreg.h"

/* GICv2 CPU interface */
#define GICC_IAR  0x0C
#define GICC_EOIR 0x10

/* GICv3 CPU interface system registers, spelt by encoding. */
#define ICC_IAR1_EL1  S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1

int gic_version;

uint32_t gic_ack(void)
{
	if (gic_version == 3)
		return (uint32_t)rd_sysreg(ICC_IAR1_EL1);
	return mmio_read32(GICC_BASE + GICC_IAR);
}

/* v3: INTID is IAR[23:0]; v2: IAR[9:0] (CPUID in [12:10] for SGIs). */
uint32_t gic_intid(uint32_t iar)
{
	return gic_version == 3 ? iar & 0xffffff : iar & 0x3ff;
}

void gic_eoi(uint32_t iar)
{
	if (gic_version == 3) {
		wr_sysreg(iar, ICC_EOIR1_EL1);
		isb();
	} else {
		mmio_write32(GICC_BASE + GICC_EOIR, iar);
	}
}
