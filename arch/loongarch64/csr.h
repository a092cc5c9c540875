/*
 * LoongArch CSRs (LoongArch Reference Manual vol. 1, ch. 7) and the LVZ
 * guest CSRs, with accessors. csrrd/csrwr/gcsrrd/gcsrwr encode the CSR
 * number as an immediate, so the accessors are macros.
 */
#ifndef CVISOR_ARCH_LOONGARCH64_CSR_H
#define CVISOR_ARCH_LOONGARCH64_CSR_H

#include "cvisor/bits.h"
#include "cvisor/types.h"
#include "arch/loongarch64/ecode.h"

#define CSR_CRMD    0x0
#define CSR_PRMD    0x1
#define CSR_EUEN    0x2
#define CSR_MISC    0x3
#define CSR_ECFG    0x4
#define CSR_ESTAT   0x5
#define CSR_ERA	    0x6
#define CSR_BADV    0x7
#define CSR_BADI    0x8
#define CSR_EENTRY  0xc
#define CSR_TLBIDX  0x10
#define CSR_TLBEHI  0x11
#define CSR_TLBELO0 0x12
#define CSR_TLBELO1 0x13
#define CSR_GTLBC   0x15 /* LVZ: guest TLB control (manual numbering) */
#define CSR_TRGP    0x16 /* LVZ: TLB read guest info */
#define CSR_ASID    0x18
#define CSR_PGDL    0x19
#define CSR_PGDH    0x1a
#define CSR_PWCL    0x1c
#define CSR_PWCH    0x1d
#define CSR_STLBPS  0x1e
#define CSR_RVACFG  0x1f
#define CSR_CPUID   0x20
#define CSR_SAVE(n) (0x30 + (n))
#define CSR_TID	    0x40
#define CSR_TCFG    0x41
#define CSR_TVAL    0x42
#define CSR_CNTC    0x43
#define CSR_TICLR   0x44
#define CSR_LLBCTL  0x60
#define CSR_GSTAT   0x50
#define CSR_GCFG    0x51
#define CSR_GINTC   0x52
#define CSR_GCNTC   0x53
/* The QEMU-LVZ fork (42b4d34) implements GTLBC/TRGP at 0x54/0x55 instead
 * of the manual's 0x15/0x16 (its target/loongarch/cpu-csr.h). virt.c
 * probes which one holds GTLBC. */
#define CSR_GTLBC_QEMU_LVZ 0x54
#define CSR_TLBRENTRY	   0x88
#define CSR_TLBRBADV	   0x89
#define CSR_TLBRERA	   0x8a
#define CSR_TLBRSAVE	   0x8b
#define CSR_TLBRELO0	   0x8c
#define CSR_TLBRELO1	   0x8d
#define CSR_TLBREHI	   0x8e
#define CSR_TLBRPRMD	   0x8f
#define CSR_MERRENTRY	   0x93
#define CSR_DMW(n)	   (0x180 + (n))

/* CRMD */
#define CRMD_PLV  BITS(1, 0)
#define CRMD_IE	  BIT(2)
#define CRMD_DA	  BIT(3)
#define CRMD_PG	  BIT(4)
#define CRMD_DATF BITS(6, 5)
#define CRMD_DATM BITS(8, 7)
/* PRMD */
#define PRMD_PPLV BITS(1, 0)
#define PRMD_PIE  BIT(2)
/* ECFG.LIE [12:0] and ESTAT.IS [12:0]: SWI0-1, HWI0-7, PMI, TI, IPI */
#define INT_HWI(n) BIT(2 + (n))
#define INT_TI	   BIT(11)
#define INT_IPI	   BIT(12)
#define ECFG_VS	   BITS(18, 16)
/* ESTAT */
#define ESTAT_IS(v) FIELD_GET(12, 0, v)
/* TCFG: En [0], Periodic [1], InitVal [n-1:2] */
#define TCFG_EN	      BIT(0)
#define TCFG_PERIODIC BIT(1)
/* TLBRERA.IsTLBR [0], PC [63:2] */
#define TLBRERA_ISTLBR BIT(0)
/* DMW: PLV0 [0], PLV3 [3], MAT [5:4], VSEG [63:60] */
#define DMW_PLV0   BIT(0)
#define DMW_MAT(m) FIELD_PREP(5, 4, m)
#define MAT_SUC	   0 /* strongly-ordered uncached */
#define MAT_CC	   1 /* coherent cached */
/* GSTAT: VM [0], PVM [1], GIDBIT [9:4], GID [23:16] */
#define GSTAT_VM	BIT(0)
#define GSTAT_PVM	BIT(1)
#define GSTAT_GIDBIT(v) FIELD_GET(9, 4, v)
#define GSTAT_GID	BITS(23, 16)
/* GTLBC: TOTI [0]? no: useTGID [12], TOTI [13], TGID [23:16] (manual);
 * QEMU-LVZ: TOTI [0], useTGID [1], TGID [15:8]. See virt.c. */
/* GINTC: HWIS [7:0] inject, HWIP [15:8] pass-through, HWIC [23:16] */
#define GINTC_HWIS BITS(7, 0)
#define GINTC_HWIP BITS(15, 8)
#define GINTC_HWIC BITS(23, 16)
/* CPUCFG word 2: LVZ [10], LVZ_VER [13:11] */
#define CPUCFG2_LVZ	  BIT(10)
#define CPUCFG2_LVZVER(v) FIELD_GET(13, 11, v)

#define __stringify_1(x) #x
#define __stringify(x)	 __stringify_1(x)

#define csr_read(csr)                                                          \
	({                                                                     \
		u64 __v;                                                       \
		__asm__ volatile("csrrd %0, " __stringify(csr)                 \
				 : "=r"(__v)::"memory");                       \
		__v;                                                           \
	})
#define csr_write(csr, val)                                                    \
	do {                                                                   \
		u64 __v = (val);                                               \
		__asm__ volatile("csrwr %0, " __stringify(csr)                 \
				 : "+r"(__v)::"memory");                       \
	} while (0)
/* Set the bits of `mask` in the CSR to those of val; returns the old. */
#define csr_xchg(csr, val, mask)                                               \
	({                                                                     \
		u64 __v = (val);                                               \
		__asm__ volatile("csrxchg %0, %1, " __stringify(csr)           \
				 : "+r"(__v)                                   \
				 : "r"((u64)(mask))                            \
				 : "memory");                                  \
		__v;                                                           \
	})
/* LVZ guest CSRs, from the hypervisor (gcsrrd/gcsrwr/gcsrxchg). */
#define gcsr_read(csr)                                                         \
	({                                                                     \
		u64 __v;                                                       \
		__asm__ volatile("gcsrrd %0, " __stringify(csr)                \
				 : "=r"(__v)::"memory");                       \
		__v;                                                           \
	})
#define gcsr_write(csr, val)                                                   \
	do {                                                                   \
		u64 __v = (val);                                               \
		__asm__ volatile("gcsrwr %0, " __stringify(csr)                \
				 : "+r"(__v)::"memory");                       \
	} while (0)
#define gcsr_xchg(csr, val, mask)                                              \
	({                                                                     \
		u64 __v = (val);                                               \
		__asm__ volatile("gcsrxchg %0, %1, " __stringify(csr)          \
				 : "+r"(__v)                                   \
				 : "r"((u64)(mask))                            \
				 : "memory");                                  \
		__v;                                                           \
	})

static inline u32 cpucfg(u32 word)
{
	u32 v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	return v;
}

static inline u32 iocsr_read32(u32 reg)
{
	u32 v;

	__asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(reg) : "memory");
	return v;
}

static inline u64 iocsr_read64(u32 reg)
{
	u64 v;

	__asm__ volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(reg) : "memory");
	return v;
}

static inline void iocsr_write32(u32 reg, u32 v)
{
	__asm__ volatile("iocsrwr.w %0, %1" ::"r"(v), "r"(reg) : "memory");
}

static inline void iocsr_write64(u32 reg, u64 v)
{
	__asm__ volatile("iocsrwr.d %0, %1" ::"r"(v), "r"(reg) : "memory");
}

#endif
