/*
 * Virtual interrupts for x86 vCPUs: the minimum the arch interface asks.
 * There is no virtual LAPIC/IOAPIC/PIC yet, so no emulated device raises
 * a line and arch_zone_set_irq_level has nothing to drive; an injected
 * event (a vector) is delivered at the next VM entry when the guest can
 * take it (RFLAGS.IF = 1, no STI/MOV-SS blocking), else dropped with a
 * warning (interrupt-window exiting is not used yet).
 */
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	u32 vector = (u32)arg & 0xff;

	if (vector < 32 || !(vmread(VMCS_GUEST_RFLAGS) & RFLAGS_IF) ||
	    (vmread(VMCS_GUEST_INTERRUPTIBILITY) & BITS(1, 0))) {
		pr_warn("zone %u vcpu%u: virtual interrupt 0x%x dropped "
			"(guest not interruptible)",
			vcpu->zone->id, vcpu->id, vector);
		return;
	}
	vmwrite(VMCS_ENTRY_INTR_INFO,
		INTR_INFO_VALID | INTR_TYPE_EXT_INTR | vector);
}

void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	if (level)
		pr_warn("zone %u: virtual interrupt line %u raised, but x86 "
			"zones have no virtual interrupt controller yet",
			zone->id, virq);
}
