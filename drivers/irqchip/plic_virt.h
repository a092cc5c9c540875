/*
 * A zone's virtual PLIC: trap-and-emulate at the physical PLIC's address,
 * with QEMU virt's context layout (context 2n = hart n's M-mode, never
 * signalled; 2n + 1 = vCPU n's S-mode, driving its VS external interrupt
 * hvip.VSEIP). Sources are the zone's own physical interrupts (forwarded
 * from the physical PLIC, completed there when the guest completes them)
 * and the level-sensitive lines of cvisor's emulated devices.
 */
#ifndef CVISOR_DRIVERS_IRQCHIP_PLIC_VIRT_H
#define CVISOR_DRIVERS_IRQCHIP_PLIC_VIRT_H

#include "cvisor/limits.h"
#include "drivers/irqchip/plic.h"

#define VPLIC_WORDS	   (PLIC_MAX_SOURCES / 32)
#define VPLIC_MAX_CONTEXTS (2 * MAX_CPUS)

/* The register state, pure logic (host-tested). */
struct vplic_state {
	u32 nr_sources; /* ids 1..nr_sources-1 exist */
	u32 nr_contexts;
	u32 priority[PLIC_MAX_SOURCES];
	u32 pending[VPLIC_WORDS];
	u32 level[VPLIC_WORDS];	 /* input line of emulated sources */
	u32 hw[VPLIC_WORDS];	 /* sources forwarded from the physical PLIC */
	u32 active[VPLIC_WORDS]; /* claimed, not yet completed */
	u32 enable[VPLIC_MAX_CONTEXTS][VPLIC_WORDS];
	u32 threshold[VPLIC_MAX_CONTEXTS];
	u32 absent[VPLIC_WORDS]; /* not this zone's: read 0, ignore writes */
};

void vplic_state_init(struct vplic_state *s, u32 nr_sources, u32 nr_contexts);
/* Registers back to reset (the zone restarts): priorities, enables,
 * thresholds, claims; which sources are absent and the emulated input
 * lines stay. Forwarded sources in service were completed at the
 * physical PLIC when the zone stopped (plic_release). */
void vplic_state_reset(struct vplic_state *s);
/* A source the zone neither owns nor has an emulated device on: absent,
 * its priority and enable bits read 0 and ignore writes. */
void vplic_state_set_absent(struct vplic_state *s, u32 src, bool absent);
/* Does a write of val at off name an absent source, or enable bits of a
 * context beyond the zone's (the write is ignored either way: the caller
 * logs the attempt)? */
bool vplic_state_write_is_foreign(const struct vplic_state *s, u64 off,
				  u32 val);
/* An emulated device's line; pending follows it unless in service. */
void vplic_state_set_level(struct vplic_state *s, u32 src, bool level);
/* A physical interrupt claimed for this zone: pending until claimed. */
void vplic_state_raise_hw(struct vplic_state *s, u32 src);
/* The source context ctx would claim now (0: none): pending, enabled,
 * not in service, priority above the threshold; ties go to the lowest
 * id. */
u32 vplic_state_best(const struct vplic_state *s, u32 ctx);
/* vCPU n (S-mode context 2n + 1) starts: its VS external line, from what
 * the PLIC holds pending for it; *signalled (which vCPUs' lines were
 * last signalled) is brought in line. A source that became pending while
 * the vCPU was off (its event dropped, the bit set all the same) would
 * otherwise never raise the line: no change is seen. */
bool vplic_state_line_at_start(const struct vplic_state *s, u32 n,
			       u64 *signalled);
/* A 32-bit register access at offset off. A read of a claim register
 * claims. A completion of a forwarded source sets *hw_complete to its id
 * (else 0): the caller completes it at the physical PLIC. Returns 0 or
 * -CV_EINVAL for an offset outside the registers. */
int vplic_state_read(struct vplic_state *s, u64 off, u32 *val);
int vplic_state_write(struct vplic_state *s, u64 off, u32 val,
		      u32 *hw_complete);

/* --- the zone's device --------------------------------------------------*/

struct zone;
struct vcpu;

int vplic_zone_init(struct zone *zone);
void vplic_zone_destroy(struct zone *zone);
void vplic_vcpu_reset(struct vcpu *vcpu);
/* A physical source the zone owns was claimed on this CPU. */
void vplic_forward_hw(struct zone *zone, u32 irq);
void vplic_set_level(struct zone *zone, u32 src, bool level);
/* Source src carries an emulated device of the zone: present. Every
 * other source the zone does not own is absent. */
void vplic_declare_virq(struct zone *zone, u32 src);
/* Recompute vcpu's hvip.VSEIP (on the vCPU's own CPU). */
void vplic_vcpu_update(struct vcpu *vcpu);

#endif
