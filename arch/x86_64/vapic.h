/*
 * A zone's virtual interrupt controllers on VMX: each vCPU's local APIC
 * (vlapic.c) at 0xfee00000 and the zone's I/O APIC (vioapic.c) at
 * 0xfec00000, both emulated through EPT-violation MMIO; IPIs (fixed,
 * INIT, STARTUP) between the zone's vCPUs; the local timers on the host
 * LAPIC's TSC-deadline timer; injection at VM entry with
 * interrupt-window exiting when the guest cannot take one yet.
 */
#ifndef CVISOR_ARCH_X86_64_VAPIC_H
#define CVISOR_ARCH_X86_64_VAPIC_H

#include "cvisor/types.h"

struct zone;
struct vcpu;

/* Give the zone its virtual LAPICs and IOAPIC (vmx_vcpu.c does for a
 * Linux zone; other zones have none: their accesses there are #GP). */
int vapic_zone_init(struct zone *zone);
void vapic_vcpu_reset(struct vcpu *vcpu);
/* The zone starts again: its IOAPIC returns to reset (all pins masked). */
void vapic_zone_reset(struct zone *zone);
/* Before every VM entry: expire timers, inject what is pending, arm the
 * host timer for the next local timer event. */
void vapic_before_entry(struct vcpu *vcpu);
/* HLT with interrupts enabled: wait until something is pending. */
void vapic_halt(struct vcpu *vcpu);
/* IA32_TSC_DEADLINE */
void vapic_set_tsc_deadline(struct vcpu *vcpu, u64 tsc);
u64 vapic_get_tsc_deadline(struct vcpu *vcpu);
/* MOV to/from CR8: TPR[7:4] (SDM 10.8.6.1). */
void vapic_set_cr8(struct vcpu *vcpu, u64 v);
u64 vapic_get_cr8(struct vcpu *vcpu);
/* A fixed interrupt with this vector for vcpu (on its own CPU). */
void vapic_inject_vector(struct vcpu *vcpu, u8 vector);
/* Drive an IOAPIC input pin of the zone (an emulated device's line). */
void vapic_set_irq_level(struct zone *zone, u32 pin, bool level);

#endif
