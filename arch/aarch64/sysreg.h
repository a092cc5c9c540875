/* System register access and the EL2 registers' fields cvisor uses. */
#ifndef CVISOR_ARCH_AARCH64_SYSREG_H
#define CVISOR_ARCH_AARCH64_SYSREG_H

#include "cvisor/bits.h"

#define read_sysreg(r)                                                         \
	({                                                                     \
		u64 v__;                                                       \
		__asm__ volatile("mrs %0, " #r : "=r"(v__));                   \
		v__;                                                           \
	})
#define write_sysreg(r, v)                                                     \
	__asm__ volatile("msr " #r ", %0" ::"r"((u64)(v)) : "memory")

#define isb()	 __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* GICv3 CPU interface registers by encoding (older assemblers). */
#define ICC_SRE_EL2	S3_4_C12_C9_5
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICH_HCR_EL2	S3_4_C12_C11_0
#define ICH_VTR_EL2	S3_4_C12_C11_1
#define ICH_MISR_EL2	S3_4_C12_C11_2
#define ICH_EISR_EL2	S3_4_C12_C11_3
#define ICH_ELRSR_EL2	S3_4_C12_C11_5
#define ICH_VMCR_EL2	S3_4_C12_C11_7
#define ICH_AP1R0_EL2	S3_4_C12_C9_0

/* HCR_EL2 (D13.2.48) */
#define HCR_VM	   BIT(0) /* stage-2 translation on */
#define HCR_SWIO   BIT(1) /* set/way invalidate becomes clean+invalidate */
#define HCR_FMO	   BIT(3) /* physical FIQ to EL2, virtual FIQ to EL1 */
#define HCR_IMO	   BIT(4) /* physical IRQ to EL2, virtual IRQ to EL1 */
#define HCR_AMO	   BIT(5) /* SError to EL2 */
#define HCR_FB	   BIT(9) /* broadcast TLB/cache maintenance inner shareable */
#define HCR_BSU_IS FIELD_PREP(11, 10, 1)
#define HCR_TSC	   BIT(19) /* trap SMC from EL1 */
#define HCR_TID3   BIT(18)
#define HCR_RW	   BIT(31) /* EL1 is AArch64 */

/* ESR_ELx (D13.2.37) */
#define ESR_EC(esr)  FIELD_GET(31, 26, esr)
#define ESR_IL	     BIT(25)
#define ESR_ISS(esr) FIELD_GET(24, 0, esr)

#define EC_UNKNOWN  0x00
#define EC_WFX	    0x01
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYSREG   0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25

/* SPSR_EL2 mode for entering EL1h with DAIF masked */
#define SPSR_EL1H_DAIF 0x3c5ull

#endif
