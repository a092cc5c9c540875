/*
 * VMCALL: cvisor's hypercalls on x86. EAX = CV_HC_BASE | code, arguments
 * in EBX, ECX, EDX (RBX, RCX, RDX for a 64-bit guest); the result comes
 * back in RAX (negative = CV_HC_E*; a 32-bit guest sees its low half).
 * Only ring 0 of the guest may call.
 */
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "cvisor/hypercall.h"
#include "cvisor/vcpu.h"

#define VMCS_GUEST_SS_AR (VMCS_GUEST_ES_AR + 2 * SEG_SS)

void vmx_exit_vmcall(struct vcpu *vcpu, struct guest_regs *regs)
{
	u32 fn = (u32)regs->r[REG_RAX];
	u64 cpl = FIELD_GET(6, 5, vmread(VMCS_GUEST_SS_AR)); /* SS.DPL */
	s64 ret;

	if (cpl)
		ret = CV_HC_EPERM;
	else if ((fn & ~CV_HC_CODE_MASK) != CV_HC_BASE)
		ret = CV_HC_ENOSYS;
	else
		ret = hypercall_dispatch(vcpu, fn & CV_HC_CODE_MASK,
					 regs->r[REG_RBX], regs->r[REG_RCX],
					 regs->r[REG_RDX]);
	regs->r[REG_RAX] = (u64)ret;
	vmx_skip_insn();
}
