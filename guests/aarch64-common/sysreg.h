/*
 * System registers, barriers and PSTATE helpers shared by the aarch64
 * bare-metal guests.  They run at EL1 with the MMU off, so every data
 * access is Device-nGnRnE: the code builds with -mstrict-align and uses
 * no exclusives.
 */
#ifndef AARCH64_COMMON_SYSREG_H
#define AARCH64_COMMON_SYSREG_H

#include <stdint.h>

/* ESR_EL1.EC, bits [31:26] */
#define ESR_EC(esr)    (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN     0x00
#define EC_IABT_CUR_EL 0x21
#define EC_DABT_CUR_EL 0x25

#define CNTV_CTL_ENABLE	 (1UL << 0)
#define CNTV_CTL_IMASK	 (1UL << 1)
#define CNTV_CTL_ISTATUS (1UL << 2)

#define read_sysreg(reg)                                                       \
	({                                                                     \
		uint64_t __val;                                                \
		__asm__ volatile("mrs %0, " #reg : "=r"(__val));               \
		__val;                                                         \
	})

#define write_sysreg(val, reg)                                                 \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)))

/* Expand a macro naming a register (S3_...) before stringifying it. */
#define rd_sysreg(r)	read_sysreg(r)
#define wr_sysreg(v, r) write_sysreg(v, r)

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void dmb_sy(void)
{
	__asm__ volatile("dmb sy" : : : "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static inline void sev(void)
{
	__asm__ volatile("sev" : : : "memory");
}

/* PSTATE.I */
static inline void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline unsigned long current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3; /* CurrentEL.EL, [3:2] */
}

#endif /* AARCH64_COMMON_SYSREG_H */
