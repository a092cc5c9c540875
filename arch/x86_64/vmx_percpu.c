/*
 * enable_virtualization on x86 (axvisor's VmxPerCpuState::hardware_enable):
 * CR0 and CR4 adjusted to IA32_VMX_CR{0,4}_FIXED{0,1}, CR4.VMXE, a VMXON
 * region stamped with the VMCS revision id, VMXON, then a clean slate of
 * EPT and VPID translations.
 */
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"

#define INVEPT_ALL_CONTEXT  2
#define INVVPID_ALL_CONTEXT 2

static u8 vmxon_region[MAX_CPUS][4096] __attribute__((aligned(4096)));
u8 vmcs_region[MAX_CPUS][4096] __attribute__((aligned(4096)));

static u64 fixed_bits(u64 v, u32 fixed0_msr, u32 fixed1_msr)
{
	return (v | rdmsr(fixed0_msr)) & rdmsr(fixed1_msr);
}

void arch_virt_enable_percpu(struct percpu *cpu)
{
	u32 rev = VMX_BASIC_REVISION(rdmsr(MSR_IA32_VMX_BASIC));
	u64 region = (u64)(uintptr_t)vmxon_region[cpu->id];

	write_cr0(fixed_bits(read_cr0(), MSR_IA32_VMX_CR0_FIXED0,
			     MSR_IA32_VMX_CR0_FIXED1));
	write_cr4(fixed_bits(read_cr4() | CR4_VMXE, MSR_IA32_VMX_CR4_FIXED0,
			     MSR_IA32_VMX_CR4_FIXED1));
	*(u32 *)(void *)vmxon_region[cpu->id] = rev;
	if (!vmxon(region)) {
		pr_err("per_cpu_init: VMXON failed: this CPU runs no vCPU");
		return;
	}
	cpu->arch.vmx_on = true;
	invept(INVEPT_ALL_CONTEXT, 0);
	invvpid(INVVPID_ALL_CONTEXT, 0);
	if (vmx_controls_init()) {
		pr_err("per_cpu_init: VMX controls unavailable");
		cpu->arch.vmx_on = false;
		return;
	}
	pr_info("per_cpu_init: VMXON ok (VMCS revision 0x%x, region 0x%llx), "
		"CR0=0x%llx CR4=0x%llx, EPT 4-level WB, VPID, unrestricted "
		"guest, %s",
		rev, (unsigned long long)region, (unsigned long long)read_cr0(),
		(unsigned long long)read_cr4(), arch_irqchip_name());
}
