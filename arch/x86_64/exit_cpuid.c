/* CPUID exits: the host's answer filtered by cpuid_guest_view(). */
#include "arch/x86_64/guest_policy.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/vcpu.h"

void vmx_exit_cpuid(struct vcpu *vcpu, struct guest_regs *regs)
{
	u32 leaf = (u32)regs->r[REG_RAX], subleaf = (u32)regs->r[REG_RCX];
	struct cpuid_regs h = cpuid(leaf, subleaf);
	struct cpuid_result r = {h.eax, h.ebx, h.ecx, h.edx};

	cpuid_guest_view(leaf, subleaf, vcpu->id, &r);
	regs->r[REG_RAX] = r.eax;
	regs->r[REG_RBX] = r.ebx;
	regs->r[REG_RCX] = r.ecx;
	regs->r[REG_RDX] = r.edx;
	vmx_skip_insn();
}
