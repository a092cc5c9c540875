/*
 * Control-register exits. Only CR4.VMXE is intercepted (guest/host mask):
 * the guest sees it clear and may not set it (no nested VMX: #GP).
 * Qualification (SDM 28.2.1, table 28-3): [3:0] CR number, [5:4] access
 * type (0 = MOV to CR), [11:8] general-purpose register.
 */
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/vcpu.h"

#define VEC_GP 13

void vmx_exit_cr_access(struct vcpu *vcpu, struct guest_regs *regs, u64 qual)
{
	u32 cr = (u32)FIELD_GET(3, 0, qual), type = (u32)FIELD_GET(5, 4, qual);
	u32 gpr = (u32)FIELD_GET(11, 8, qual);
	u64 v = gpr == REG_RSP ? vmread(VMCS_GUEST_RSP) : regs->r[gpr];

	if (cr != 4 || type != 0)
		vmx_stop_zone(vcpu, "unexpected control-register exit");
	if (v & CR4_VMXE) {
		vmx_inject_exception(VEC_GP, true, 0);
		return;
	}
	vmwrite(VMCS_CR4_SHADOW, v);
	vmwrite(VMCS_GUEST_CR4, v | CR4_VMXE);
	vmx_skip_insn();
}
