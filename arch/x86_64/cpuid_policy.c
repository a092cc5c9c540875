/* CPUID as a guest sees it (see guest_policy.h). Pure. */
#include "arch/x86_64/guest_policy.h"

#include "cvisor/bits.h"
#include "cvisor/hypercall.h"

u64 cpuid_tsc_hz;

/* CPUID.1 ECX: DTES64 [2], MONITOR [3], DS-CPL [4], VMX [5], SMX [6],
 * EST [7], TM2 [8], PDCM [15], x2APIC [21], XSAVE [26], OSXSAVE [27],
 * AVX [28] (needs XSAVE); TSC-deadline [24] is emulated (vlapic.c);
 * hypervisor present [31]. EDX: MCE [7], MCA [14], DS [21], ACPI [22]
 * (thermal MSRs), TM [29], PBE [31]. EBX[31:24] initial APIC id. */
#define LEAF1_ECX_HIDDEN                                                       \
	(BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) |        \
	 BIT(15) | BIT(21) | BIT(26) | BIT(27) | BIT(28))
#define LEAF1_ECX_SET (BIT(24) | BIT(31))
#define LEAF1_EDX_HIDDEN                                                       \
	(BIT(7) | BIT(14) | BIT(21) | BIT(22) | BIT(29) | BIT(31))
/* CPUID.7.0 EBX: TSC_ADJUST [1], SGX [2], INVPCID [10] (needs a VMX
 * control), PQM [12], MPX [14], PQE [15], AVX512* [16,17,21,26-28,30,31]
 * (XSAVE state), Intel PT [25]. ECX: AVX512_VBMI [1], WAITPKG [5],
 * AVX512_VBMI2 [6], AVX512_VNNI [11], AVX512_BITALG [12],
 * AVX512_VPOPCNTDQ [14], LA57 [16], RDPID [22] (needs enable-RDTSCP),
 * SGX_LC [30], PKS [31]. EDX keeps only FSRM [4] and MD_CLEAR [10]:
 * the rest announce MSRs (SPEC_CTRL, ARCH_CAPABILITIES, ...). */
#define LEAF7_EBX_HIDDEN                                                       \
	(BIT(1) | BIT(2) | BIT(10) | BIT(12) | BIT(14) | BIT(15) | BIT(16) |   \
	 BIT(17) | BIT(21) | BIT(25) | BIT(26) | BIT(27) | BIT(28) | BIT(30) | \
	 BIT(31))
#define LEAF7_ECX_HIDDEN                                                       \
	(BIT(1) | BIT(5) | BIT(6) | BIT(11) | BIT(12) | BIT(14) | BIT(16) |    \
	 BIT(22) | BIT(30) | BIT(31))
#define LEAF7_EDX_KEPT (BIT(4) | BIT(10))
/* CPUID.80000001 EDX: RDTSCP [27] (needs enable-RDTSCP). */
#define EXT1_EDX_HIDDEN BIT(27)
/* CPUID.80000007 EDX: invariant TSC [8]. */
#define EXT7_EDX_INVARIANT_TSC BIT(8)

/* "cvisorcvisor" in EBX, ECX, EDX (little-endian). */
#define SIG_CVIS 0x73697663u /* "cvis" */
#define SIG_ORCV 0x7663726fu /* "orcv" */
#define SIG_ISOR 0x726f7369u /* "isor" */

static void hv_leaves(u32 leaf, struct cpuid_result *r)
{
	*r = (struct cpuid_result){0};
	if (leaf == CPUID_HV_LEAF)
		*r = (struct cpuid_result){CPUID_HV_VERSION, SIG_CVIS, SIG_ORCV,
					   SIG_ISOR};
	else if (leaf == CPUID_HV_VERSION)
		r->eax = CV_ABI_VERSION;
}

/* 0x15: TSC = crystal (ECX Hz) * EBX / EAX; 0x16: base/max/bus MHz.
 * The TSC's real rate (Bochs' follows its `ips`, not the model's
 * 3.5 GHz), so that a guest's clocks run at the right speed. */
static void clock_leaves(u32 leaf, struct cpuid_result *r)
{
	u32 mhz = (u32)(cpuid_tsc_hz / 1000000);

	if (!cpuid_tsc_hz) {
		*r = (struct cpuid_result){0};
		return;
	}
	if (leaf == 0x15)
		*r = (struct cpuid_result){1, 1, (u32)cpuid_tsc_hz, 0};
	else
		*r = (struct cpuid_result){mhz, mhz, 100, 0};
}

static void leaf1(u32 vcpu_id, struct cpuid_result *r)
{
	r->ecx = (r->ecx & ~(u32)LEAF1_ECX_HIDDEN) | (u32)LEAF1_ECX_SET;
	r->edx &= ~(u32)LEAF1_EDX_HIDDEN;
	r->ebx =
	    (r->ebx & ~(u32)BITS(31, 24)) | (u32)FIELD_PREP(31, 24, vcpu_id);
}

static void leaf7(u32 subleaf, struct cpuid_result *r)
{
	if (subleaf) {
		*r = (struct cpuid_result){0};
		return;
	}
	r->ebx &= ~(u32)LEAF7_EBX_HIDDEN;
	r->ecx &= ~(u32)LEAF7_ECX_HIDDEN;
	r->edx &= (u32)LEAF7_EDX_KEPT;
}

void cpuid_guest_view(u32 leaf, u32 subleaf, u32 vcpu_id,
		      struct cpuid_result *r)
{
	if (leaf >= CPUID_HV_LEAF && leaf <= 0x400000ffu) {
		hv_leaves(leaf, r);
		return;
	}
	switch (leaf) {
	case 0: /* the clock leaves exist */
		if (r->eax < 0x16)
			r->eax = 0x16;
		break;
	case 1:
		leaf1(vcpu_id, r);
		break;
	case 6:	   /* thermal and power management: none */
	case 0xa:  /* architectural performance monitoring: none */
	case 0xd:  /* XSAVE: hidden */
	case 0x14: /* processor trace: hidden */
		*r = (struct cpuid_result){0};
		break;
	case 7:
		leaf7(subleaf, r);
		break;
	case 0xb: /* extended topology: EDX = x2APIC id */
	case 0x1f:
		r->edx = vcpu_id;
		break;
	case 0x15:
	case 0x16:
		clock_leaves(leaf, r);
		break;
	case 0x80000001u:
		r->edx &= ~(u32)EXT1_EDX_HIDDEN;
		break;
	case 0x80000007u:
		r->edx = EXT7_EDX_INVARIANT_TSC;
		break;
	default:
		break;
	}
}
