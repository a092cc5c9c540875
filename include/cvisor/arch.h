/*
 * The architecture interface: plain functions every arch/<a>/ provides.
 * Core code calls only these; it never includes an arch's private headers.
 * Each function's contract is written here, once. Every arch defines every
 * hook (an explicit "not supported" where it is so) and nothing here is a
 * weak symbol: a missing hook fails the link of that arch.
 */
#ifndef CVISOR_ARCH_H
#define CVISOR_ARCH_H

#include "cvisor/types.h"

struct percpu;
struct zone;
struct vcpu;
struct pt_format;

/* --- the other direction: what the arch's entry and linker script use -- */

/* Every CPU's entry calls this on its own stack (core/main.c). */
_Noreturn void cvisor_main(u32 cpuid, paddr_t boot_arg);
/* The hypervisor image's bounds (linker.ld). */
extern char __hv_start[], __hv_end[];

/* --- CPU --------------------------------------------------------------- */

/* Point this CPU's exception vector at the hypervisor's handlers. */
void arch_install_trap_vector(void);
/* Does this CPU have the virtualization extension cvisor needs? When not,
 * write why into `why` (e.g. "CurrentEL=1, need EL2"). */
bool arch_hw_virt_supported(char *why, size_t len);
/* Start secondary CPU `cpuid` (hardware id hwid) at the hypervisor entry. */
int arch_cpu_start(u32 cpuid, u64 hwid);
/* Make this CPU's percpu reachable through this_cpu(). */
void arch_set_this_cpu(struct percpu *cpu);
struct percpu *this_cpu(void);
/* Busy-wait hint; and a low-power wait woken by arch_send_event() or an
 * interrupt. */
void arch_cpu_relax(void);
void arch_wait_event(void);
void arch_send_event(void);
/* Wait for an interrupt with interrupts enabled at the hypervisor, then
 * mask them again (the idle loop of a CPU without a running vCPU). */
void arch_wait_interrupt(void);
/* Continue in fn on this CPU's empty stack (never returns). */
_Noreturn void arch_call_on_fresh_stack(void (*fn)(void));
/* Stop this CPU for good (interrupts masked). */
_Noreturn void arch_cpu_park(void);
_Noreturn void arch_system_off(void);
_Noreturn void arch_system_reset(void);
/* Map host-physical memory into the hypervisor's own address space
 * (identity). Returns 0 or a negative CV_E* code. */
int arch_map_hv_memory(paddr_t base, u64 size, bool device);
/* Write back data cache lines of [va, va+size) to the point of coherency,
 * so a guest starting with caches off sees what cvisor wrote. */
void arch_dcache_clean(const void *va, u64 size);

/* --- virtualization ---------------------------------------------------- */

/* Enable this CPU's virtualization extension and timers (per_cpu_init). */
void arch_virt_enable_percpu(struct percpu *cpu);
/* The stage-2 format and the guest-physical address size this CPU gives. */
const struct pt_format *arch_stage2_format(void);
unsigned arch_stage2_ipa_bits(void);
/* Invalidate stage-2 TLB entries of zone for [ipa, ipa+size). */
void arch_stage2_flush(struct zone *zone, ipa_t ipa, u64 size);
/* Arch part of zone creation (VMID, emulated interrupt controller). */
int arch_zone_init(struct zone *zone);
void arch_zone_destroy(struct zone *zone);
/* The zone's vCPUs are parked, before its memory is scrubbed: devices it
 * owns must stop touching memory (aarch64: its PCI functions' DMA). */
void arch_zone_stopped(struct zone *zone);
/* Reset vcpu to start at entry with arg as its first argument register. */
void arch_vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg);
/* Enter vcpu on this CPU; returns only by traps, never to the caller. */
_Noreturn void arch_vcpu_run(struct vcpu *vcpu);
/* Stop the guest timers of the vCPU on this CPU (it is going off). */
void arch_vcpu_quiesce(struct vcpu *vcpu);

/* --- interrupt controller --------------------------------------------- */

int arch_irqchip_init_early(void);     /* global (distributor) */
void arch_irqchip_init_percpu(void);   /* this CPU's interface */
void arch_irqchip_init_late(void);     /* route zone interrupts */
void arch_irqchip_send_ipi(u32 cpuid); /* kick cpuid's event queue */
u32 arch_irqchip_nr_irqs(void);
u32 arch_irqchip_first_spi(void);
const char *arch_irqchip_name(void);
/* What an interrupt id a zone can own is called on this controller ("SPI",
 * "interrupt source", "IOAPIC pin"), for the config validator's messages. */
const char *arch_irqchip_irq_kind(void);
/* Inject what an EVENT_INJECT_IRQ carries into vcpu (on its CPU). */
void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg);
/* Declare a virtual interrupt of an emulated device of the zone. */
void arch_zone_add_virq(struct zone *zone, u32 virq);
/* Stop delivering the physical interrupt irq (the zone that owned it is
 * stopped): disable it and drop any pending/active state. */
void arch_irqchip_release(u32 irq);
/* Route physical interrupt irq to cpuid and enable it for cvisor's own
 * use (the console's receive interrupt). */
void arch_irqchip_claim(u32 irq, u32 cpuid);
/* Drive the level of an emulated device's virtual interrupt line. */
void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level);
/* The interrupt id of a DT node's first "interrupts" entry, decoded with
 * this arch's interrupt controller cells: 0 and *irq set, -CV_ENOENT when
 * the node has none, -CV_ENOSYS when this arch cannot decode them (then
 * cvisor takes no console input). */
int arch_irqchip_fdt_irq(const void *fdt, int node, u32 *irq);

/* --- zone device tree -------------------------------------------------- */

struct fdt_raw_node;
struct fdt_copy_node;

/* What the arch keeps during the one copy of the platform's tree that
 * fdt_derive_zone() makes (zeroed before it). */
struct arch_fdt_copy {
	u32 cells[8]; /* big-endian: a value arch_fdt_copy_node() sets */
	u32 seen;     /* the arch's own flags: what the copy met */
	bool started; /* the fields below are the arch's to fill */
	bool overflow;
	int nr;
	int off[8];  /* nodes of the platform's tree the arch changes ... */
	u32 kind[8]; /* ... and how */
};

/* Called during that copy for each node of the platform's tree the zone
 * keeps (parents before children, not the root), before its properties
 * are copied: the arch may drop it or set one property (out, lib/fdt_copy.h;
 * the value in a->cells), where an edit of the copied tree would search
 * it and move it. 0 or a negative libfdt code. */
int arch_fdt_copy_node(struct arch_fdt_copy *a, const void *platform_dtb,
		       const struct zone *zone,
		       const struct fdt_raw_node *parent,
		       const struct fdt_raw_node *node,
		       struct fdt_copy_node *out);

/* Adjust the zone's derived device tree for the rest of what only the
 * arch knows (interrupt-controller phandles, consoles); called by
 * fdt_derive_zone() on the tree it built, with what the copy met. 0 or a
 * negative CV_E* code. */
int arch_fdt_fixup(void *fdt, struct zone *zone, const struct arch_fdt_copy *a);

#endif
