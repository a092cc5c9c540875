/*
 * List-register bookkeeping, independent of the GIC version: which LR a
 * virtual interrupt goes to, and the software queue for interrupts that
 * find every LR busy. Pure logic, unit-tested on the host.
 */
#ifndef CVISOR_DRIVERS_VGIC_LR_H
#define CVISOR_DRIVERS_VGIC_LR_H

#include "cvisor/types.h"
#include "lib/bitmap.h"

#define VGIC_MAX_LRS	 16
#define VGIC_MAX_INTID	 1020
#define VGIC_PENDING_MAX 64

enum lr_state {
	LR_INVALID = 0,
	LR_PENDING = 1,
	LR_ACTIVE = 2,
	LR_PENDING_ACTIVE = 3,
};

/* A list register, decoded. */
struct lr_value {
	u32 vintid;
	u32 pintid; /* with hw: the physical interrupt deactivated with it */
	u8 priority;
	bool hw;
	bool group1;
	bool eoi_notify; /* software irq: maintenance interrupt on its EOI */
	enum lr_state state;
};

/* Interrupts waiting for a free list register, oldest first. */
struct vgic_pending {
	u32 count;
	u16 intid[VGIC_PENDING_MAX];
	u64 queued[BITMAP_WORDS(VGIC_MAX_INTID)];
};

enum lr_decision {
	LR_USE_FREE,	/* write a new LR at *slot */
	LR_MERGED,	/* already pending in *slot: nothing to do */
	LR_ADD_PENDING, /* active (software irq): make *slot pending+active */
	LR_QUEUE,	/* no room now: queue it */
};

/*
 * Decide where virtual interrupt vintid goes. lrs[0..nr) are the current
 * LRs, `empty` the bitmap of free ones (ICH_ELRSR_EL2 / GICH_ELRSR).
 */
enum lr_decision vgic_lr_decide(const struct lr_value *lrs, u32 nr, u64 empty,
				u32 vintid, bool hw, u32 *slot);

/* Queue vintid; false when the queue is full. Queuing twice is a no-op. */
bool vgic_pending_push(struct vgic_pending *p, u32 vintid);
/* Oldest queued interrupt; false when empty. */
bool vgic_pending_pop(struct vgic_pending *p, u32 *vintid);

#endif
