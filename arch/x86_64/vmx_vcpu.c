/*
 * The arch interface's virtualization half on VMX: EPT as the stage-2
 * format, a VPID a zone, and entering a vCPU with VMLAUNCH/VMRESUME.
 */
#include "arch/x86_64/entry.h"
#include "arch/x86_64/ept_format.h"
#include "arch/x86_64/guest_policy.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/vapic.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

#define INVEPT_SINGLE_CONTEXT 1

const struct pt_format *arch_stage2_format(void)
{
	return &x86_ept_format;
}

unsigned arch_stage2_ipa_bits(void)
{
	return EPT_GPA_BITS;
}

/* Before VMXON (zones are built in init_early, VMXON comes in
 * per_cpu_init) there is nothing cached: VMXON's INVEPT clears all. */
void arch_stage2_flush(struct zone *zone, ipa_t ipa, u64 size)
{
	(void)ipa;
	(void)size;
	if (this_cpu()->arch.vmx_on && zone->arch.eptp)
		invept(INVEPT_SINGLE_CONTEXT, zone->arch.eptp);
}

/* The TSC's rate against the PIT (1.193182 MHz, 50 ms), rounded to
 * 10 kHz: what CPUID leaves 0x15/0x16 tell guests. */
static void measure_tsc(void)
{
	u64 t0 = rdtsc(), hz;

	pit_delay_us(50000);
	hz = (rdtsc() - t0) * 20;
	cpuid_tsc_hz = (hz + 5000) / 10000 * 10000;
	pr_info("TSC runs at %llu kHz (PIT reference)",
		(unsigned long long)(cpuid_tsc_hz / 1000));
}

int arch_zone_init(struct zone *zone)
{
	int err;

	if (zone->cfg->nr_irqs) {
		pr_err("zone %u: device interrupts are not given to x86 zones "
		       "yet (irqs must be empty)",
		       zone->id);
		return -CV_ENOSYS;
	}
	if (!cpuid_tsc_hz)
		measure_tsc();
	zone->arch.vpid = (u16)(zone->id + 1); /* VPID 0 is the host's */
	zone->arch.eptp = x86_eptp(hv_to_pa(zone->s2.root));
	/* The PC platform (virtual LAPICs/IOAPIC, ACPI tables) is a Linux
	 * zone's; the bare-metal test guests see none, as before. */
	err = x86_zone_is_linux(zone) ? vapic_zone_init(zone) : 0;
	if (err)
		pr_err("zone %u: no room for its local APIC/IOAPIC regions",
		       zone->id);
	return err;
}

void arch_zone_destroy(struct zone *zone)
{
	arch_stage2_flush(zone, ipa_init(0), 0);
}

/* No devices that master the bus are assigned to zones here (no VT-d). */
void arch_zone_stopped(struct zone *zone)
{
	(void)zone;
}

/* vCPU 0 of a zone whose kernel is a bzImage enters through the Linux
 * boot protocol; a vCPU started by INIT + STARTUP enters in real mode
 * (vapic.c set start_real_mode); any other as the test guests expect,
 * EBX = arg. */
void arch_vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg)
{
	vcpu->arch.regs = (struct guest_regs){0};
	vcpu->arch.entry = entry;
	vcpu->arch.arg = arg;
	vcpu->arch.reset = true;
	vcpu->arch.linux = false;
	/* The zone (re)starts: its I/O APIC first, so that the APIC's reset
	 * (which ends the level interrupts it held) sends no old pin. */
	if (vcpu->id == 0 && !vcpu->arch.start_real_mode)
		vapic_zone_reset(vcpu->zone);
	vapic_vcpu_reset(vcpu);
	if (vcpu->arch.start_real_mode)
		return;
	if (vcpu->id == 0 && x86_zone_is_linux(vcpu->zone)) {
		vcpu->arch.linux = true;
		if (x86_linux_boot_prepare(vcpu))
			vcpu->arch.linux = false;
		return;
	}
	vcpu->arch.regs.r[REG_RBX] = arg;
}

void arch_vcpu_quiesce(struct vcpu *vcpu)
{
	(void)vcpu; /* no guest timers yet */
}

_Noreturn void arch_vcpu_run(struct vcpu *vcpu)
{
	struct percpu *cpu = this_cpu();
	u8 *top = hv_stacks[cpu->id] + HV_STACK_SIZE;
	struct guest_regs *frame =
	    (struct guest_regs *)(void *)(top - GUEST_REGS_SIZE);
	bool launched = cpu->arch.launched;

	if (!cpu->arch.vmx_on) {
		pr_err("zone %u vcpu%u: this CPU is not in VMX operation",
		       vcpu->zone->id, vcpu->id);
		vcpu_stop_self();
	}
	if (vcpu->arch.reset) {
		if (vmcs_setup(vcpu)) {
			pr_err("zone %u vcpu%u: VMCLEAR/VMPTRLD failed",
			       vcpu->zone->id, vcpu->id);
			vcpu_stop_self();
		}
		vcpu->arch.reset = false;
		vcpu->arch.start_real_mode = false;
		launched = false;
	}
	vapic_before_entry(vcpu);
	*frame = vcpu->arch.regs;
	cpu->arch.launched = true;
	vmx_enter(frame, launched);
}

_Static_assert(sizeof(struct guest_regs) == GUEST_REGS_SIZE, "GUEST_REGS_SIZE");

/* VMLAUNCH/VMRESUME fell through: VMfailValid has the reason in the
 * VM-instruction error field (30.4), e.g. 7 = invalid control fields,
 * 8 = invalid host state. */
_Noreturn void vmx_entry_failed(void)
{
	struct vcpu *vcpu = this_cpu()->vcpu;

	pr_err("zone %u vcpu%u: VM entry failed, VM-instruction error %llu",
	       vcpu->zone->id, vcpu->id,
	       (unsigned long long)vmread(VMCS_INSN_ERROR));
	this_cpu()->arch.launched = false;
	vmx_stop_zone(vcpu, "VM entry failed");
}
