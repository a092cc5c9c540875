/* RDMSR/WRMSR exits: ECX = MSR, EDX:EAX = value; msr_policy() decides. */
#include "arch/x86_64/guest_policy.h"
#include "arch/x86_64/vapic.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

#define VEC_GP 13

/* SCE, LME, NXE are the guest's; LMA only as it is (the CPU sets it
 * when paging is turned on with LME). */
static bool efer_write(u64 v)
{
	u64 cur = vmread(VMCS_GUEST_EFER);

	if (v & ~(EFER_GUEST_WRITABLE | EFER_LMA_BIT) ||
	    (v & EFER_LMA_BIT) != (cur & EFER_LMA_BIT))
		return false;
	vmwrite(VMCS_GUEST_EFER, v);
	return true;
}

void vmx_exit_msr(struct vcpu *vcpu, struct guest_regs *regs, bool write)
{
	u32 msr = (u32)regs->r[REG_RCX];
	u64 in = (regs->r[REG_RDX] << 32) | (u32)regs->r[REG_RAX], out = 0;
	enum msr_action act = msr_policy(msr, write, vcpu->id, &out);

	if (act == MSR_EFER && write && !efer_write(in))
		act = MSR_FAULT;
	else if (act == MSR_EFER)
		out = vmread(VMCS_GUEST_EFER);
	else if (act == MSR_TSC)
		out = rdtsc();
	else if (act == MSR_TSC_DEADLINE && write)
		vapic_set_tsc_deadline(vcpu, in);
	else if (act == MSR_TSC_DEADLINE)
		out = vapic_get_tsc_deadline(vcpu);
	if (act == MSR_FAULT) {
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: %s of MSR 0x%x: #GP "
			  "injected",
			  vcpu->zone->id, vcpu->id, write ? "WRMSR" : "RDMSR",
			  msr);
		vmx_inject_exception(VEC_GP, true, 0);
		return;
	}
	if (!write) {
		regs->r[REG_RAX] = (u32)out;
		regs->r[REG_RDX] = out >> 32;
	}
	vmx_skip_insn();
}
