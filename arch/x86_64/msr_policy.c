/* MSR decisions (see guest_policy.h). Pure. Every RDMSR/WRMSR exits (no
 * MSR bitmaps): the guest gets only what is listed here. */
#include "arch/x86_64/guest_policy.h"

#include "cvisor/bits.h"

#define IA32_TSC	     0x10
#define IA32_APIC_BASE	     0x1b
#define IA32_FEATURE_CONTROL 0x3a
#define IA32_MISC_ENABLE     0x1a0
#define IA32_EFER	     0xc0000080u

/* IA32_APIC_BASE: BSP [8], xAPIC enable [11], base [51:12]. */
#define APIC_BASE_VALUE 0xfee00800ull
#define APIC_BASE_BSP	BIT(8)
/* IA32_FEATURE_CONTROL: locked [0], VMX disabled: no nested VMX. */
#define FEATURE_CONTROL_LOCKED BIT(0)
/* IA32_MISC_ENABLE: fast strings [0]; MONITOR [18] off as in CPUID. */
#define MISC_ENABLE_VALUE BIT(0)

enum msr_action msr_policy(u32 msr, bool write, u32 vcpu_id, u64 *value)
{
	switch (msr) {
	case IA32_EFER:
		return MSR_EFER;
	case IA32_TSC:
		return write ? MSR_IGNORED : MSR_TSC;
	case IA32_APIC_BASE:
		*value = APIC_BASE_VALUE | (vcpu_id == 0 ? APIC_BASE_BSP : 0);
		return write ? MSR_IGNORED : MSR_VALUE;
	case IA32_FEATURE_CONTROL:
		*value = FEATURE_CONTROL_LOCKED;
		return write ? MSR_FAULT : MSR_VALUE; /* locked: #GP */
	case IA32_MISC_ENABLE:
		*value = MISC_ENABLE_VALUE;
		return write ? MSR_IGNORED : MSR_VALUE;
	default:
		return MSR_FAULT;
	}
}
