/*
 * VM exits: vmx_entry.S saves the guest's registers and calls
 * vmx_handle_exit(), which dispatches on the basic exit reason. A guest
 * that does something cvisor cannot handle is stopped (its zone), never
 * the hypervisor.
 */
#include "arch/x86_64/entry.h"
#include "arch/x86_64/exit_reason.h"
#include "arch/x86_64/vapic.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#define VEC_UD 6
#define VEC_GP 13

/* Past the instruction; an STI or MOV SS shadow ends with it
 * (interruptibility state [1:0]), as on hardware. */
void vmx_skip_insn(void)
{
	u64 intr = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	vmwrite(VMCS_GUEST_RIP,
		vmread(VMCS_GUEST_RIP) + vmread(VMCS_EXIT_INSN_LEN));
	if (intr & BITS(1, 0))
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY, intr & ~BITS(1, 0));
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

/* HLT with interrupts enabled waits until the local APIC has something
 * for the vCPU (its timer, an IPI, a device); with them disabled the
 * vCPU can never run again, so it is turned off. */
static void exit_hlt(struct vcpu *vcpu)
{
	vmx_skip_insn();
	if (!(vmread(VMCS_GUEST_RFLAGS) & RFLAGS_IF)) {
		pr_info(
		    "zone %u vcpu%u: HLT with interrupts disabled: vCPU off",
		    vcpu->zone->id, vcpu->id);
		vcpu_stop_self();
	}
	vapic_halt(vcpu);
	event_process_all();
}

/* An event the exit interrupted while it was being delivered (IDT
 * vectoring information, SDM 28.2.4) is delivered again at the next
 * entry: same type, vector, error code and instruction length. */
static void reinject_vectoring(void)
{
	u64 info = vmread(VMCS_IDT_VECTORING_INFO);
	u32 entry = vmx_reinjection((u32)info);

	if (!entry)
		return;
	vmwrite(VMCS_ENTRY_INTR_INFO, entry);
	if (info & INTR_INFO_ERRCODE)
		vmwrite(VMCS_ENTRY_EXC_ERRCODE, vmread(VMCS_IDT_VECTORING_ERR));
	vmwrite(VMCS_ENTRY_INSN_LEN, vmread(VMCS_EXIT_INSN_LEN));
}

void vmx_log_exit_counts(const struct zone *zone)
{
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		const struct vcpu *v = &zone->vcpus[i];
		char line[512];
		int n = 0;

		for (u32 r = 0; r < VMX_EXIT_REASONS; r++) {
			if (v->arch.exits[r] && n < (int)sizeof(line) - 48)
				n += cv_snprintf(
				    line + n, sizeof(line) - (size_t)n,
				    " %s=%llu", vmx_exit_reason_name(r),
				    (unsigned long long)v->arch.exits[r]);
		}
		line[n] = 0;
		pr_info("zone %u vcpu%u VM exits:%s", zone->id, v->id, line);
	}
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
	case EXIT_INTERRUPT_WINDOW:
		break; /* vapic_before_entry injects now */
	case EXIT_XSETBV:
		vmx_inject_exception(VEC_UD, false, 0); /* XSAVE is hidden */
		break;
	case EXIT_EPT_MISCONFIG:
		vmx_stop_zone(vcpu, "EPT misconfiguration (cvisor's EPT "
				    "entry is invalid)");
		break; /* not reached: the zone is stopped */
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
	if (info.basic < VMX_EXIT_REASONS)
		vcpu->arch.exits[info.basic]++;
	if (info.entry_failure) {
		pr_err("zone %u vcpu%u: VM entry failed: %s (reason %u)",
		       vcpu->zone->id, vcpu->id,
		       vmx_exit_reason_name(info.basic), info.basic);
		vmx_stop_zone(vcpu, "VM entry failure");
	}
	reinject_vectoring();
	dispatch(vcpu, regs, info.basic);
	vapic_before_entry(vcpu);
}
