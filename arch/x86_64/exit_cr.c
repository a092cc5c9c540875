/*
 * Control-register exits. CR4.VMXE is intercepted (guest/host mask): the
 * guest sees it clear and may not set it (no nested VMX: #GP). CR8 (the
 * task priority in 64-bit mode) loads and stores exit and reach the
 * vCPU's local APIC TPR. CR0 and the rest of CR4 belong to the guest,
 * long mode included (EFER.LMA and the IA-32e mode guest entry control
 * follow the guest: saved on every exit, SDM 28.2).
 * Qualification (SDM 28.2.1, table 28-3): [3:0] CR number, [5:4] access
 * type (0 = MOV to CR, 1 = MOV from CR), [11:8] general-purpose register.
 */
#include "arch/x86_64/exit_reason.h"
#include "arch/x86_64/vapic.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/vcpu.h"

#define VEC_GP 13

static void cr4_write(u64 v)
{
	if (v & CR4_VMXE) {
		vmx_inject_exception(VEC_GP, true, 0);
		return;
	}
	vmwrite(VMCS_CR4_SHADOW, v);
	vmwrite(VMCS_GUEST_CR4, v | CR4_VMXE);
	vmx_skip_insn();
}

void vmx_exit_cr_access(struct vcpu *vcpu, struct guest_regs *regs, u64 qual)
{
	struct cr_exit e = vmx_decode_cr_qual(qual);
	u32 cr = e.cr, type = e.type, gpr = e.gpr;
	u64 v = gpr == REG_RSP ? vmread(VMCS_GUEST_RSP) : regs->r[gpr];

	if (cr == 4 && type == CR_MOV_TO) {
		cr4_write(v);
		return;
	}
	if (cr == 8 && type == CR_MOV_TO) {
		if (v & ~0xfull) {
			vmx_inject_exception(VEC_GP, true, 0);
			return;
		}
		vapic_set_cr8(vcpu, v);
	} else if (cr == 8 && type == CR_MOV_FROM) {
		if (gpr == REG_RSP)
			vmwrite(VMCS_GUEST_RSP, vapic_get_cr8(vcpu));
		else
			regs->r[gpr] = vapic_get_cr8(vcpu);
	} else {
		vmx_stop_zone(vcpu, "unexpected control-register exit");
	}
	vmx_skip_insn();
}
