/* VM-exit reason decoding (SDM vol. 3, 25.9.1 and appendix C). Pure. */
#include "arch/x86_64/exit_reason.h"

#include "cvisor/bits.h"

static const char *const names[EXIT_REASON_MAX] = {
    [0] = "exception or NMI",
    [1] = "external interrupt",
    [2] = "triple fault",
    [3] = "INIT signal",
    [4] = "start-up IPI",
    [5] = "I/O SMI",
    [6] = "other SMI",
    [7] = "interrupt window",
    [8] = "NMI window",
    [9] = "task switch",
    [10] = "CPUID",
    [11] = "GETSEC",
    [12] = "HLT",
    [13] = "INVD",
    [14] = "INVLPG",
    [15] = "RDPMC",
    [16] = "RDTSC",
    [17] = "RSM",
    [18] = "VMCALL",
    [19] = "VMCLEAR",
    [20] = "VMLAUNCH",
    [21] = "VMPTRLD",
    [22] = "VMPTRST",
    [23] = "VMREAD",
    [24] = "VMRESUME",
    [25] = "VMWRITE",
    [26] = "VMXOFF",
    [27] = "VMXON",
    [28] = "control-register access",
    [29] = "MOV DR",
    [30] = "I/O instruction",
    [31] = "RDMSR",
    [32] = "WRMSR",
    [33] = "VM-entry failure: invalid guest state",
    [34] = "VM-entry failure: MSR loading",
    [36] = "MWAIT",
    [37] = "monitor trap flag",
    [39] = "MONITOR",
    [40] = "PAUSE",
    [41] = "VM-entry failure: machine-check event",
    [43] = "TPR below threshold",
    [44] = "APIC access",
    [45] = "virtualized EOI",
    [46] = "GDTR or IDTR access",
    [47] = "LDTR or TR access",
    [48] = "EPT violation",
    [49] = "EPT misconfiguration",
    [50] = "INVEPT",
    [51] = "RDTSCP",
    [52] = "VMX-preemption timer expired",
    [53] = "INVVPID",
    [54] = "WBINVD",
    [55] = "XSETBV",
    [56] = "APIC write",
    [57] = "RDRAND",
    [58] = "INVPCID",
    [59] = "VMFUNC",
    [60] = "ENCLS",
    [61] = "RDSEED",
    [62] = "page-modification log full",
    [63] = "XSAVES",
    [64] = "XRSTORS",
};

struct vmx_exit_info vmx_decode_exit_reason(u32 reason)
{
	return (struct vmx_exit_info){
	    .basic = (u32)FIELD_GET(15, 0, reason),
	    .entry_failure = reason & BIT(31),
	};
}

const char *vmx_exit_reason_name(u32 basic)
{
	if (basic >= EXIT_REASON_MAX || !names[basic])
		return "unknown";
	return names[basic];
}

bool vmx_exit_is_vmx_insn(u32 basic)
{
	return (basic >= EXIT_VMCLEAR && basic <= EXIT_VMXON) ||
	       basic == EXIT_INVEPT || basic == EXIT_INVVPID;
}

struct cr_exit vmx_decode_cr_qual(u64 qual)
{
	return (struct cr_exit){
	    .cr = (u8)FIELD_GET(3, 0, qual),
	    .type = (u8)FIELD_GET(5, 4, qual),
	    .gpr = (u8)FIELD_GET(11, 8, qual),
	};
}

u32 vmx_reinjection(u32 info)
{
	if (!(info & BIT(31)))
		return 0;
	return info & (u32)(BIT(31) | BITS(11, 0));
}
