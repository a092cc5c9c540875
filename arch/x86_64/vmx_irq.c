/*
 * Virtual interrupts for x86 vCPUs through the zone's virtual local
 * APICs and IOAPIC (vapic.c): an injected event (a vector) becomes a
 * fixed interrupt in the vCPU's local APIC IRR, delivered at a VM entry
 * when the guest can take it; emulated devices drive IOAPIC pins.
 */
#include "arch/x86_64/vapic.h"
#include "cvisor/arch.h"
#include "cvisor/zone.h"

void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	vapic_inject_vector(vcpu, (u8)arg);
}

/* Nothing marked to undo: vectors are accepted into the vLAPIC's IRR
 * under its lock (vapic.c), not carried by events. */
void arch_vcpu_inject_dropped(struct vcpu *vcpu, u64 arg)
{
	(void)vcpu;
	(void)arg;
}

/* virq = the pin of the zone's virtual IOAPIC. */
void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	vapic_set_irq_level(zone, virq, level);
}
