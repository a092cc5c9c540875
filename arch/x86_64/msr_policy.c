/* MSR decisions (see guest_policy.h). Pure. The MSRs a guest owns
 * outright (FS/GS bases, SYSCALL/SYSENTER, PAT) are not intercepted
 * (vmx_msr_bitmap.c); every other RDMSR/WRMSR exits and gets only what
 * is listed here, #GP for the rest (Linux probes with rdmsr_safe). */
#include "arch/x86_64/guest_policy.h"

#include "cvisor/bits.h"

#define IA32_TSC	     0x10
#define IA32_PLATFORM_ID     0x17
#define IA32_APIC_BASE	     0x1b
#define IA32_FEATURE_CONTROL 0x3a
#define IA32_UCODE_WRITE     0x79
#define IA32_UCODE_REV	     0x8b
#define IA32_MTRRCAP	     0xfe
#define IA32_MISC_ENABLE     0x1a0
#define IA32_DEBUGCTL	     0x1d9
#define IA32_MTRR_FIRST	     0x200 /* variable and fixed ranges ... */
#define IA32_MTRR_LAST	     0x26f
#define IA32_MTRR_DEF_TYPE   0x2ff
#define IA32_TSC_DEADLINE    0x6e0
#define IA32_EFER	     0xc0000080u

/* IA32_APIC_BASE: BSP [8], xAPIC enable [11], base [51:12]. */
#define APIC_BASE_VALUE 0xfee00800ull
#define APIC_BASE_BSP	BIT(8)
/* IA32_FEATURE_CONTROL: locked [0], VMX disabled: no nested VMX. */
#define FEATURE_CONTROL_LOCKED BIT(0)
/* IA32_MISC_ENABLE: fast strings [0]; MONITOR [18] off as in CPUID. */
#define MISC_ENABLE_VALUE BIT(0)
/* A microcode revision no errata check complains about ([63:32]). */
#define UCODE_REV_VALUE 0xffffffff00000000ull
/* MTRRs: no variable or fixed ranges (MTRRCAP 0); enabled [11] with
 * write-back (6) as the default type. EPT decides the memory type. */
#define MTRR_DEF_TYPE_VALUE (BIT(11) | 6)

static enum msr_action value(u64 *out, u64 v, bool write, bool writable)
{
	*out = v;
	if (write)
		return writable ? MSR_IGNORED : MSR_FAULT;
	return MSR_VALUE;
}

enum msr_action msr_policy(u32 msr, bool write, u32 vcpu_id, u64 *v)
{
	if (msr >= IA32_MTRR_FIRST && msr <= IA32_MTRR_LAST)
		return value(v, 0, write, true);
	switch (msr) {
	case IA32_EFER:
		return MSR_EFER;
	case IA32_TSC:
		return write ? MSR_IGNORED : MSR_TSC;
	case IA32_TSC_DEADLINE:
		return MSR_TSC_DEADLINE;
	case IA32_APIC_BASE:
		return value(
		    v, APIC_BASE_VALUE | (vcpu_id == 0 ? APIC_BASE_BSP : 0),
		    write, true);
	case IA32_FEATURE_CONTROL: /* locked: a write is #GP */
		return value(v, FEATURE_CONTROL_LOCKED, write, false);
	case IA32_MISC_ENABLE:
		return value(v, MISC_ENABLE_VALUE, write, true);
	case IA32_PLATFORM_ID:
	case IA32_DEBUGCTL:
		return value(v, 0, write, true);
	case IA32_UCODE_REV:
		return value(v, UCODE_REV_VALUE, write, true);
	case IA32_UCODE_WRITE:
		return write ? MSR_IGNORED : MSR_FAULT;
	case IA32_MTRRCAP:
		return value(v, 0, write, false);
	case IA32_MTRR_DEF_TYPE:
		return value(v, MTRR_DEF_TYPE_VALUE, write, true);
	default:
		return MSR_FAULT;
	}
}
