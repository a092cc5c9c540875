/* The virtual GIC: interrupt injection and distributor emulation. */
#ifndef CVISOR_DRIVERS_VGIC_H
#define CVISOR_DRIVERS_VGIC_H

#include "cvisor/vcpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/gic.h"
#include "lib/bitmap.h"
#include "lib/spinlock.h"

#define VGIC_LOG_LIMIT 4 /* refused-access lines logged per zone */
/* The priority bits a guest can set: 5, as the list register holds them
 * (GICH_LR.Priority [27:23]; ICH_VTR_EL2.PRIbits + 1 on QEMU's GICv3). The
 * same mask for every interrupt (IHI 0048B 3.3: "at least 16 levels",
 * consistent across interrupts). */
#define VGIC_PRIO_MASK 0xf8u

struct vgic_dist {
	struct zone *zone;
	u32 ctlr;		    /* the guest's GICD_CTLR */
	u32 typer;		    /* the GICD_TYPER it reads */
	u8 v2_targets[GIC_MAX_SPI]; /* GICv2: guest's ITARGETSR bytes */
	u64 v3_route[GIC_MAX_SPI];  /* GICv3: guest's IROUTER values */
	/* The guest's priorities (IPRIORITYR bytes, VGIC_PRIO_MASK): SPIs,
	 * and each vCPU's banked SGIs and PPIs. */
	u8 prio[GIC_MAX_SPI];
	u8 prio_local[MAX_CPUS][GIC_FIRST_SPI];
	u32 waker[MAX_CPUS]; /* GICv3: per-vCPU GICR_WAKER */
	/* Virtual SPIs (emulated devices' level-sensitive lines): */
	spinlock_t lock;
	u64 vspi[16];	   /* which ids are virtual */
	u64 venabled[16];  /* the guest enabled it (GICD_ISENABLER) */
	u64 vlevel[16];	   /* the device drives the line high */
	u64 vinflight[16]; /* in a list register, EOI not seen yet */
	/* Pending in the distributor: its injection did not reach a running
	 * vCPU (vgic_virtual_undelivered); delivered by the next attempt. */
	u64 vpending[16];
};

/* Register the distributor (vgicd.c) and GICv3 redistributor (vgicr.c)
 * emulation in the zone's MMIO table. */
int vgicd_register(struct zone *zone, struct vgic_dist *d);
int vgicr_register(struct zone *zone, struct vgic_dist *d);
/* Create the zone's distributor (and GICv3 redistributor) emulation and
 * map the GICv2 virtual CPU interface. */
int vgic_zone_init(struct zone *zone);
void vgic_zone_destroy(struct zone *zone);

/* Inject on this CPU; `hw` links a physical interrupt that the guest's
 * deactivation deactivates. */
int vgic_inject(struct vcpu *vcpu, u32 vintid, bool hw, u32 pintid);
/* Put queued interrupts into free LRs (maintenance / before entry). */
void vgic_refill(struct vcpu *vcpu);
void vgic_vcpu_reset(struct vcpu *vcpu);
void vgic_vcpu_quiesce(struct vcpu *vcpu);
/* A virtual SGI from vcpu, as ICC_SGI1R_EL1 (v3) or GICD_SGIR (v2). */
void vgic_send_sgi_v3(struct vcpu *vcpu, u64 sgi1r);
void vgic_send_sgi_v2(struct vcpu *vcpu, u32 sgir);
/* Deliver a virtual SGI/interrupt to target (any CPU). */
void vgic_deliver(struct vcpu *target, u32 vintid, u32 source);
/* Inject the SGIs other CPUs posted for vcpu (at cvisor's IPI). */
void vgic_take_posted_sgis(struct vcpu *vcpu);

/* Virtual SPIs of emulated devices: declare one, drive its level, and
 * let the guest enable it. A high, enabled line is injected and
 * re-injected at every EOI while it stays high. */
void vgic_add_virtual_spi(struct zone *zone, u32 irq);
void vgic_set_level(struct zone *zone, u32 irq, bool level);
void vgic_enable_virtual_spi(struct vgic_dist *d, u32 irq, bool on);
static inline bool vgic_is_virtual_spi(const struct vgic_dist *d, u32 irq)
{
	return irq < GIC_MAX_SPI && bitmap_test(d->vspi, irq);
}
/* The vCPU a guest routed an SPI to (IROUTER / ITARGETSR), else vCPU 0. */
struct vcpu *vgic_spi_target(struct vgic_dist *d, u32 irq);
/* The zone stopped: no virtual SPI is in flight any more. */
void vgic_zone_stopped(struct zone *zone);
/* An injection of irq reached no running vCPU (off, stopping, queue
 * full): pending again, not in flight. `taken`: the guest had it active
 * (pending again only while the line is high). */
void vgic_virtual_undelivered(struct zone *zone, u32 irq, bool taken);
/* Deliver the virtual SPIs left pending (a vCPU of the zone starts). */
void vgic_virtual_retry(struct zone *zone);
/* The guest routed irq elsewhere (IROUTER / ITARGETSR): try it there. */
void vgic_virtual_rerouted(struct vgic_dist *d, u32 irq);
/* The guest deactivated a virtual SPI: sample its line again. */
void vgic_virtual_eoi(struct zone *zone, u32 irq);
/* Inject from an event sent by vgic_deliver / vgic_set_level. */
void vgic_inject_event(struct vcpu *vcpu, u64 arg);
/* Such an event found its vCPU not running. */
void vgic_inject_dropped(struct vcpu *vcpu, u64 arg);

/* Bitmap of the interrupts (< 32: this vCPU's PPIs/SGIs) the zone may
 * touch in a 32-interrupt register group starting at `first`. */
u32 vgic_allowed_mask(const struct zone *zone, u32 first);

/* Handle a physical interrupt at EL2 (cvisor's own IPI: GIC_IPI_SGI). */
void vgic_handle_irq(u32 intid);

#endif
