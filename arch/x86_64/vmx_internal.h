/* Shared between the x86_64 VMX files (not part of the arch interface). */
#ifndef CVISOR_ARCH_X86_64_VMX_INTERNAL_H
#define CVISOR_ARCH_X86_64_VMX_INTERNAL_H

#include "arch_defs.h"
#include "cvisor/limits.h"
#include "cvisor/types.h"

struct vcpu;
struct zone;

struct vmx_controls {
	u32 pin, proc, proc2, exit, entry;
};

extern struct vmx_controls vmx_ctls;
extern u8 vmcs_region[MAX_CPUS][4096];

/* Compute the control fields from the capability MSRs (every CPU gets
 * the same); 0 or -CV_ENOSYS when a needed control is missing. */
int vmx_controls_init(void);
/* VMCLEAR + VMPTRLD this CPU's VMCS and write every field for vcpu. */
int vmcs_setup(struct vcpu *vcpu);

/* The MSR bitmap every vCPU uses (vmx_msr_bitmap.c): its address. */
u64 vmx_msr_bitmap(void);

/* Exit handling helpers (exit.c). */
void vmx_skip_insn(void);
void vmx_inject_exception(u32 vector, bool has_error, u32 error);
/* The guest's default operand/address size from CR0.PE, EFER.LMA and
 * CS.L/CS.D: 16, 32 or 64 (exit_ept.c). */
unsigned vmx_guest_mode_bits(void);
/* The guest did something fatal: stop its zone, never the hypervisor. */
_Noreturn void vmx_stop_zone(struct vcpu *vcpu, const char *why);

/* The exits handled in their own files. */
void vmx_exit_cpuid(struct vcpu *vcpu, struct guest_regs *regs);
void vmx_exit_io(struct vcpu *vcpu, struct guest_regs *regs, u64 qual);
void vmx_exit_msr(struct vcpu *vcpu, struct guest_regs *regs, bool write);
void vmx_exit_ept_violation(struct vcpu *vcpu, struct guest_regs *regs,
			    u64 qual);
void vmx_exit_vmcall(struct vcpu *vcpu, struct guest_regs *regs);
void vmx_exit_cr_access(struct vcpu *vcpu, struct guest_regs *regs, u64 qual);
/* Guest memory: linear -> guest-physical through the guest's paging,
 * and copying bytes from guest-linear memory (false if not mapped). */
bool vmx_guest_linear_to_phys(struct vcpu *vcpu, u64 lin, u64 *gpa);
bool vmx_read_guest_linear(struct vcpu *vcpu, u64 lin, void *buf, u32 n);
/* Linux boot protocol state for vCPU 0 (linux_boot.c); 0 or -CV_E*. */
int x86_linux_boot_prepare(struct vcpu *vcpu);
bool x86_zone_is_linux(const struct zone *zone);
/* Exit counts by reason of a zone's vCPUs, one line each. */
void vmx_log_exit_counts(const struct zone *zone);

#endif
