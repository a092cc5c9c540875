/* The backend's register page, as plain state (cvisor/vbackend.h). */
#include "cvisor/vbackend.h"

#include "cvisor/errno.h"
#include "lib/string.h"

void vbackend_init(struct vbackend *b)
{
	memset(b, 0, sizeof(*b));
}

bool vbackend_push(struct vbackend *b, u64 event)
{
	b->int_status = true;
	if (b->count == VB_EVENT_RING) {
		b->lost++;
		return false;
	}
	b->ring[(b->head + b->count++) % VB_EVENT_RING] = event;
	return true;
}

/* The ring read empty: nothing is pending, the interrupt status goes
 * (as INT_ACK would). Without this, an event pushed after the daemon's
 * INT_ACK and popped in the same drain left the status set, and INTx
 * woke the daemon once more for nothing after every busy moment. */
static u64 pop(struct vbackend *b)
{
	u64 e;

	if (!b->count) {
		b->int_status = false;
		return 0;
	}
	e = b->ring[b->head];
	b->head = (b->head + 1) % VB_EVENT_RING;
	b->count--;
	return e;
}

static struct vmmio_state *sel_dev(struct vbackend *b)
{
	return b->dev_sel < b->nr_devs ? &b->dev[b->dev_sel] : NULL;
}

static bool is_wide(u32 offset)
{
	switch (offset) {
	case VB_EVENT:
	case VB_DEV_FEATURES:
	case VB_DEV_DRIVER_FEATURES:
	case VB_Q_DESC:
	case VB_Q_DRIVER:
	case VB_Q_DEVICE:
	case VB_RAM_IPA:
	case VB_RAM_SIZE:
		return true;
	default:
		return false;
	}
}

static u64 read_queue(const struct vmmio_state *d, u32 qsel, u32 offset)
{
	const struct vmmio_queue *q = qsel < d->nr_queues ? &d->q[qsel] : NULL;

	if (!q)
		return 0;
	switch (offset) {
	case VB_Q_NUM:
		return q->num;
	case VB_Q_READY:
		return q->ready;
	case VB_Q_DESC:
		return q->desc;
	case VB_Q_DRIVER:
		return q->driver;
	case VB_Q_DEVICE:
		return q->device;
	default:
		return 0;
	}
}

static u64 read_dev(struct vbackend *b, u32 offset)
{
	const struct vmmio_state *d = sel_dev(b);

	if (offset == VB_DEV_SEL)
		return b->dev_sel;
	if (offset == VB_DEV_QSEL)
		return b->qsel;
	if (!d)
		return 0;
	switch (offset) {
	case VB_DEV_TYPE:
		return d->device_id;
	case VB_DEV_QUEUES:
		return d->nr_queues;
	case VB_DEV_QUEUE_MAX:
		return d->queue_num_max;
	case VB_DEV_FEATURES:
		return d->device_features;
	case VB_DEV_DRIVER_FEATURES:
		return d->driver_features;
	case VB_DEV_STATUS:
		return d->status;
	case VB_DEV_EPOCH:
		return d->epoch;
	case VB_DEV_ATTACH:
		return d->attached;
	default:
		return read_queue(d, b->qsel, offset);
	}
}

int vbackend_read(struct vbackend *b, u32 offset, u32 size, u64 *value)
{
	if (offset >= VB_PAGE_SIZE || size != (is_wide(offset) ? 8u : 4u) ||
	    offset % size)
		return -CV_EINVAL;
	switch (offset) {
	case VB_MAGIC:
		*value = VB_MAGIC_VALUE;
		break;
	case VB_NR_DEVS:
		*value = b->nr_devs;
		break;
	case VB_EVENT:
		*value = pop(b);
		break;
	case VB_LOST:
		*value = b->lost;
		break;
	case VB_ZONE_STATE:
		*value = b->zone_state;
		break;
	case VB_ZONE_ID:
		*value = b->zone_id;
		break;
	case VB_RAM_IPA:
		*value = b->ram_ipa;
		break;
	case VB_RAM_SIZE:
		*value = b->ram_size;
		break;
	default:
		*value = read_dev(b, offset);
		break;
	}
	return 0;
}

/* DEV_IRQ: the epoch field holds the low 24 bits of the device's epoch. */
static bool dev_irq(struct vmmio_state *d, u32 v)
{
	u32 epoch = (v >> VB_IRQ_EPOCH_SHIFT) & VB_IRQ_EPOCH_MASK;
	u32 full = (d->epoch & ~VB_IRQ_EPOCH_MASK) | epoch;

	return vmmio_raise(d, v & 3, full);
}

static void write_dev(struct vbackend *b, u32 offset, u64 v, struct vb_out *out)
{
	struct vmmio_state *d = sel_dev(b);

	if (!d)
		return;
	switch (offset) {
	case VB_DEV_FEATURES:
		d->device_features = v;
		break;
	case VB_DEV_ATTACH:
		vmmio_attach(d, v & 1);
		break;
	case VB_DEV_IRQ:
		out->irq_valid = dev_irq(d, (u32)v);
		break;
	case VB_DEV_FAIL:
		if (v & 1) {
			vmmio_fail(d);
			out->irq_valid = true;
		}
		break;
	case VB_DEV_CONFIG_LEN:
		vmmio_set_config_len(d, (u32)v);
		break;
	default:
		if (offset >= VB_DEV_CONFIG && offset < 0x200)
			vmmio_set_config(d, offset - VB_DEV_CONFIG, (u32)v);
		break;
	}
	out->irq_dev = b->dev_sel;
}

int vbackend_write(struct vbackend *b, u32 offset, u32 size, u64 value,
		   struct vb_out *out)
{
	*out = (struct vb_out){0, false};
	if (offset >= VB_PAGE_SIZE || size != (is_wide(offset) ? 8u : 4u) ||
	    offset % size)
		return -CV_EINVAL;
	switch (offset) {
	case VB_INT_ACK:
		b->int_status = false;
		break;
	case VB_DEV_SEL:
		b->dev_sel = (u32)value;
		break;
	case VB_DEV_QSEL:
		b->qsel = (u32)value;
		break;
	default:
		write_dev(b, offset, value, out);
		break;
	}
	return 0;
}
