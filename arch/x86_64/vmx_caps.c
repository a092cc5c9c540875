/*
 * has_hardware_support on x86 (axvisor's x86_vcpu::has_hardware_support,
 * plus what cvisor relies on): CPUID.1:ECX.VMX[bit 5], VMX allowed by
 * IA32_FEATURE_CONTROL (locked with bit 2 "VMXON outside SMX"; locked
 * here if the firmware left it open), and the secondary controls EPT,
 * VPID and unrestricted guest with a 4-level write-back EPT.
 */
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"
#include "lib/printf.h"

#define CPUID1_ECX_VMX BIT(5)

static bool feature_control_ok(u64 *fc)
{
	*fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (*fc & FEATURE_CONTROL_LOCK)
		return *fc & FEATURE_CONTROL_VMX_NO_SMX;
	*fc |= FEATURE_CONTROL_VMX_NO_SMX | FEATURE_CONTROL_LOCK;
	wrmsr(MSR_IA32_FEATURE_CONTROL, *fc);
	return true;
}

/* Allowed-1 settings are the high half of the capability MSRs. */
static const char *missing_feature(void)
{
	u64 proc = rdmsr(MSR_IA32_VMX_PROCBASED) >> 32;
	u64 proc2, ept;

	if (!(proc & PROC_SECONDARY_CTLS))
		return "no secondary controls";
	proc2 = rdmsr(MSR_IA32_VMX_PROCBASED2) >> 32;
	if (!(proc2 & PROC2_ENABLE_EPT))
		return "no EPT";
	if (!(proc2 & PROC2_ENABLE_VPID))
		return "no VPID";
	if (!(proc2 & PROC2_UNRESTRICTED_GUEST))
		return "no unrestricted guest";
	ept = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	if (!(ept & EPT_CAP_WALK_4) || !(ept & EPT_CAP_WB))
		return "no 4-level write-back EPT";
	if (!(ept & EPT_CAP_INVEPT) || !(ept & EPT_CAP_INVEPT_ALL) ||
	    !(ept & EPT_CAP_INVEPT_SINGLE) || !(ept & VPID_CAP_INVVPID))
		return "no INVEPT/INVVPID";
	return NULL;
}

bool arch_hw_virt_supported(char *why, size_t len)
{
	const char *missing;
	u64 fc;

	if (!(cpuid(1, 0).ecx & CPUID1_ECX_VMX)) {
		cv_snprintf(why, len, "CPUID.1:ECX.VMX[bit 5]=0, no Intel VMX");
		return false;
	}
	if (!feature_control_ok(&fc)) {
		cv_snprintf(why, len,
			    "IA32_FEATURE_CONTROL=0x%llx: VMX locked off",
			    (unsigned long long)fc);
		return false;
	}
	missing = missing_feature();
	if (missing) {
		cv_snprintf(why, len, "VMX but %s", missing);
		return false;
	}
	cv_snprintf(why, len, "VMX, FEATURE_CONTROL=0x%llx, EPT, VPID, UG",
		    (unsigned long long)fc);
	return true;
}
