/* Constants shared by the loongarch64 assembly and C (keep in sync with
 * struct trap_frame in include/arch_defs.h; static asserts in trap.c). */
#ifndef CVISOR_ARCH_LOONGARCH64_ASM_H
#define CVISOR_ARCH_LOONGARCH64_ASM_H

#include "cvisor/limits.h"

#define HV_STACK_SIZE 16384

/* struct trap_frame: r0..r31 (r0's slot unused), then the CSRs. */
#define TF_REG(n)	((n)*8)
#define TF_ERA		256
#define TF_PRMD		264
#define TF_ESTAT	272
#define TF_BADV		280
#define TF_BADI		288
#define TF_FROM_GUEST	296
#define TF_TLBR		304
#define TRAP_FRAME_SIZE 320

/* CSR numbers the assembly needs (all CSRs: csr.h). */
#define ASM_CSR_CRMD	 0x0
#define ASM_CSR_PRMD	 0x1
#define ASM_CSR_ECFG	 0x4
#define ASM_CSR_ESTAT	 0x5
#define ASM_CSR_ERA	 0x6
#define ASM_CSR_BADV	 0x7
#define ASM_CSR_BADI	 0x8
#define ASM_CSR_CPUID	 0x20
#define ASM_CSR_SAVE0	 0x30 /* scratch of the exception entry */
#define ASM_CSR_SAVE1	 0x31 /* this CPU's struct percpu */
#define ASM_CSR_SAVE2	 0x32 /* guest frame address while in a guest, else 0 */
#define ASM_CSR_TLBRERA	 0x8a
#define ASM_CSR_TLBRSAVE 0x8b
#define ASM_CSR_TLBRPRMD 0x8f
#define ASM_CSR_DMW0	 0x180
#define ASM_CSR_DMW1	 0x181

/* IOCSR IPI block of the calling CPU (Loongson IPI, as QEMU's virt has). */
#define ASM_IOCSR_IPI_STATUS 0x1000
#define ASM_IOCSR_IPI_EN     0x1004
#define ASM_IOCSR_IPI_CLEAR  0x100c
#define ASM_IOCSR_MBUF0	     0x1020

#endif
