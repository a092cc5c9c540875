/*
 * The backend's register page (BAR0 of a zone's virtual PCI function in
 * the root zone, docs/virtio.md): shared by cvisor and the root zone's
 * daemon (tools/cvisor-cli). The offsets and the event encoding are the
 * ABI; struct vbackend is cvisor's state behind them.
 */
#ifndef CVISOR_VBACKEND_H
#define CVISOR_VBACKEND_H

#include "cvisor/types.h"
#include "cvisor/virtio_mmio.h"

#define VB_PAGE_SIZE 0x1000u

#define VB_MAGIC	       0x000u
#define VB_NR_DEVS	       0x004u
#define VB_EVENT	       0x008u /* 64-bit */
#define VB_INT_ACK	       0x010u
#define VB_LOST		       0x014u
#define VB_ZONE_STATE	       0x018u
#define VB_ZONE_ID	       0x01cu
#define VB_DEV_SEL	       0x020u
#define VB_DEV_TYPE	       0x024u
#define VB_DEV_QUEUES	       0x028u
#define VB_DEV_QUEUE_MAX       0x02cu
#define VB_DEV_FEATURES	       0x030u /* 64-bit */
#define VB_DEV_DRIVER_FEATURES 0x038u /* 64-bit */
#define VB_DEV_STATUS	       0x040u
#define VB_DEV_EPOCH	       0x044u
#define VB_DEV_ATTACH	       0x048u
#define VB_DEV_QSEL	       0x04cu
#define VB_Q_NUM	       0x050u
#define VB_Q_READY	       0x054u
#define VB_Q_DESC	       0x058u /* 64-bit */
#define VB_Q_DRIVER	       0x060u /* 64-bit */
#define VB_Q_DEVICE	       0x068u /* 64-bit */
#define VB_DEV_IRQ	       0x070u
#define VB_DEV_FAIL	       0x074u
#define VB_DEV_CONFIG_LEN      0x078u
#define VB_RAM_IPA	       0x080u /* 64-bit */
#define VB_RAM_SIZE	       0x088u /* 64-bit */
#define VB_DEV_CONFIG	       0x100u /* .. 0x1ff, 32-bit writes */

#define VB_MAGIC_VALUE 0x42565643u /* "CVVB" */

/* VB_ZONE_STATE */
#define VB_ZONE_GONE	0u
#define VB_ZONE_STOPPED 1u
#define VB_ZONE_RUNNING 2u

/* Events: kind [63:56], device [55:48], queue [47:32], epoch [31:0]. */
#define VB_EV_NOTIFY	1u
#define VB_EV_DRIVER_OK 2u
#define VB_EV_RESET	3u
#define VB_EV_ZONE	4u

static inline u64 vb_event(u32 kind, u32 dev, u32 queue, u32 epoch)
{
	return (u64)(kind & 0xff) << 56 | (u64)(dev & 0xff) << 48 |
	       (u64)(queue & 0xffff) << 32 | epoch;
}
#define VB_EV_KIND(e)  ((u32)((e) >> 56))
#define VB_EV_DEV(e)   ((u32)((e) >> 48) & 0xff)
#define VB_EV_QUEUE(e) ((u32)((e) >> 32) & 0xffff)
#define VB_EV_EPOCH(e) ((u32)(e))

/* DEV_IRQ: InterruptStatus bits [1:0], epoch [31:8] (its low 24 bits). */
#define VB_IRQ_EPOCH_SHIFT 8
#define VB_IRQ_EPOCH_MASK  0xffffffu

#define VB_MAX_DEVS   8u
#define VB_EVENT_RING 256u

struct vbackend {
	u32 nr_devs;
	struct vmmio_state dev[VB_MAX_DEVS];
	u64 ring[VB_EVENT_RING];
	u32 head, count;
	u32 lost;
	bool int_status; /* an event since the last INT_ACK or empty EVENT */
	u32 zone_state;	 /* VB_ZONE_* */
	u32 zone_id;
	u32 dev_sel;
	u32 qsel;
	u64 ram_ipa, ram_size;
};

/* What a backend access asks the caller to do. */
struct vb_out {
	u32 irq_dev;	/* device whose interrupt line may have changed, */
	bool irq_valid; /* if irq_valid */
};

void vbackend_init(struct vbackend *b);
/* cvisor queues an event for the daemon; false if the ring was full (it
 * is counted in VB_LOST). The function's interrupt status is set either
 * way. */
bool vbackend_push(struct vbackend *b, u64 event);
/* The daemon's accesses to BAR0. 0 or -CV_EINVAL (wrong size). */
int vbackend_read(struct vbackend *b, u32 offset, u32 size, u64 *value);
int vbackend_write(struct vbackend *b, u32 offset, u32 size, u64 value,
		   struct vb_out *out);

#endif
