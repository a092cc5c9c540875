/* CPUID as a guest sees it (see guest_policy.h). Pure. */
#include "arch/x86_64/guest_policy.h"

#include "cvisor/bits.h"
#include "cvisor/hypercall.h"

/* CPUID.1: ECX[3] MONITOR, ECX[5] VMX, ECX[6] SMX, ECX[21] x2APIC,
 * ECX[31] hypervisor present; EBX[31:24] initial APIC id. */
#define LEAF1_ECX_HIDDEN (BIT(3) | BIT(5) | BIT(6) | BIT(21))
#define LEAF1_ECX_HV	 BIT(31)

/* "cvisorcvisor" in EBX, ECX, EDX (little-endian). */
#define SIG_CVIS 0x73697663u /* "cvis" */
#define SIG_ORCV 0x7663726fu /* "orcv" */
#define SIG_ISOR 0x726f7369u /* "isor" */

void cpuid_guest_view(u32 leaf, u32 subleaf, u32 vcpu_id,
		      struct cpuid_result *r)
{
	(void)subleaf;
	if (leaf >= CPUID_HV_LEAF && leaf <= 0x400000ffu) {
		*r = (struct cpuid_result){0};
		if (leaf == CPUID_HV_LEAF)
			*r = (struct cpuid_result){CPUID_HV_VERSION, SIG_CVIS,
						   SIG_ORCV, SIG_ISOR};
		else if (leaf == CPUID_HV_VERSION)
			r->eax = CV_ABI_VERSION;
		return;
	}
	switch (leaf) {
	case 1:
		r->ecx = (r->ecx & ~(u32)LEAF1_ECX_HIDDEN) | (u32)LEAF1_ECX_HV;
		r->ebx = (r->ebx & ~(u32)BITS(31, 24)) |
			 (u32)FIELD_PREP(31, 24, vcpu_id);
		break;
	case 0xb: /* extended topology: EDX = x2APIC id */
	case 0x1f:
		r->edx = vcpu_id;
		break;
	default:
		break;
	}
}
