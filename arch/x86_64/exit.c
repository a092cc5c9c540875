/*
 * VM exits: vmx_entry.S saves the guest's registers and calls
 * vmx_handle_exit(), which dispatches on the basic exit reason. A guest
 * that does something cvisor cannot handle is stopped (its zone), never
 * the hypervisor.
 */
#include "arch/x86_64/entry.h"
#include "arch/x86_64/exit_reason.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

#define VEC_UD 6
#define VEC_GP 13

void vmx_skip_insn(void)
{
	vmwrite(VMCS_GUEST_RIP,
		vmread(VMCS_GUEST_RIP) + vmread(VMCS_EXIT_INSN_LEN));
}

void vmx_inject_exception(u32 vector, bool has_error, u32 error)
{
	vmwrite(VMCS_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION |
					  (has_error ? INTR_INFO_ERRCODE : 0) |
					  vector);
	if (has_error)
		vmwrite(VMCS_ENTRY_EXC_ERRCODE, error);
}

_Noreturn void vmx_stop_zone(struct vcpu *vcpu, const char *why)
{
	struct zone *zone = vcpu->zone;

	pr_err("zone %u '%s' vcpu%u: %s at rip 0x%llx: zone stopped", zone->id,
	       zone->name, vcpu->id, why,
	       (unsigned long long)vmread(VMCS_GUEST_RIP));
	zone->state = ZONE_STOPPED;
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		struct vcpu *v = &zone->vcpus[i];

		if (v != vcpu && v->state != VCPU_OFF)
			event_send(v->pcpu, EVENT_VCPU_STOP, 0);
	}
	vcpu_stop_self();
}

/* Acknowledged on exit (EXIT_ACK_INTR_ON_EXIT): the vector is in the
 * exit interruption information; handled as in the hypervisor. */
static void exit_external_interrupt(void)
{
	x86_handle_vector(INTR_INFO_VECTOR(vmread(VMCS_EXIT_INTR_INFO)));
	event_process_all();
}

/* HLT with interrupts enabled waits for the next interrupt (an IPI: no
 * virtual interrupt source exists yet); with them disabled the vCPU can
 * never run again, so it is turned off. */
static void exit_hlt(struct vcpu *vcpu)
{
	vmx_skip_insn();
	if (!(vmread(VMCS_GUEST_RFLAGS) & RFLAGS_IF)) {
		pr_info(
		    "zone %u vcpu%u: HLT with interrupts disabled: vCPU off",
		    vcpu->zone->id, vcpu->id);
		vcpu_stop_self();
	}
	arch_wait_interrupt();
	event_process_all();
}

static void dispatch(struct vcpu *vcpu, struct guest_regs *regs, u32 basic)
{
	u64 qual = vmread(VMCS_EXIT_QUALIFICATION);

	switch (basic) {
	case EXIT_EXTERNAL_INTERRUPT:
		exit_external_interrupt();
		break;
	case EXIT_TRIPLE_FAULT:
		vmx_stop_zone(vcpu, "triple fault (guest shutdown)");
	case EXIT_CPUID:
		vmx_exit_cpuid(vcpu, regs);
		break;
	case EXIT_HLT:
		exit_hlt(vcpu);
		break;
	case EXIT_INVD:
		vmx_skip_insn(); /* caches are coherent: nothing to drop */
		break;
	case EXIT_VMCALL:
		vmx_exit_vmcall(vcpu, regs);
		break;
	case EXIT_CR_ACCESS:
		vmx_exit_cr_access(vcpu, regs, qual);
		break;
	case EXIT_IO:
		vmx_exit_io(vcpu, regs, qual);
		break;
	case EXIT_RDMSR:
	case EXIT_WRMSR:
		vmx_exit_msr(vcpu, regs, basic == EXIT_WRMSR);
		break;
	case EXIT_EPT_VIOLATION:
		vmx_exit_ept_violation(vcpu, regs, qual);
		break;
	default:
		if (vmx_exit_is_vmx_insn(basic)) {
			vmx_inject_exception(VEC_UD, false, 0); /* no nesting */
			break;
		}
		pr_err("zone %u vcpu%u: unhandled VM exit %u (%s), "
		       "qualification 0x%llx",
		       vcpu->zone->id, vcpu->id, basic,
		       vmx_exit_reason_name(basic), (unsigned long long)qual);
		vmx_stop_zone(vcpu, "unhandled VM exit");
	}
}

void vmx_handle_exit(struct guest_regs *regs)
{
	struct vcpu *vcpu = this_cpu()->vcpu;
	struct vmx_exit_info info =
	    vmx_decode_exit_reason((u32)vmread(VMCS_EXIT_REASON));

	vcpu->nr_traps++;
	if (info.entry_failure) {
		pr_err("zone %u vcpu%u: VM entry failed: %s (reason %u)",
		       vcpu->zone->id, vcpu->id,
		       vmx_exit_reason_name(info.basic), info.basic);
		vmx_stop_zone(vcpu, "VM entry failure");
	}
	dispatch(vcpu, regs, info.basic);
}
