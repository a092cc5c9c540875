#include "drivers/irqchip/vgic_lr.h"

#include "lib/bitmap.h"

enum lr_decision vgic_lr_decide(const struct lr_value *lrs, u32 nr, u64 empty,
				u32 vintid, bool hw, u32 *slot)
{
	int free_slot = -1;

	for (u32 i = 0; i < nr; i++) {
		bool is_empty = empty & (1ull << i);

		if (!is_empty && lrs[i].state != LR_INVALID &&
		    lrs[i].vintid == vintid) {
			*slot = i;
			if (lrs[i].state & LR_PENDING)
				return LR_MERGED;
			/* Active: a hardware interrupt cannot be pending and
			 * active in one LR (HW=1 forbids state 0b11), so it
			 * waits until the guest deactivates it. */
			return hw ? LR_QUEUE : LR_ADD_PENDING;
		}
		if (is_empty && free_slot < 0)
			free_slot = (int)i;
	}
	if (free_slot < 0)
		return LR_QUEUE;
	*slot = (u32)free_slot;
	return LR_USE_FREE;
}

bool vgic_pending_push(struct vgic_pending *p, u32 vintid)
{
	if (vintid >= VGIC_MAX_INTID)
		return false;
	if (bitmap_test(p->queued, vintid))
		return true;
	if (p->count == VGIC_PENDING_MAX)
		return false;
	p->intid[p->count++] = (u16)vintid;
	bitmap_assign(p->queued, vintid, true);
	return true;
}

bool vgic_pending_pop(struct vgic_pending *p, u32 *vintid)
{
	if (!p->count)
		return false;
	*vintid = p->intid[0];
	p->count--;
	for (u32 i = 0; i < p->count; i++)
		p->intid[i] = p->intid[i + 1];
	bitmap_assign(p->queued, *vintid, false);
	return true;
}
