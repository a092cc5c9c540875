/* The virtio-mmio register file (cvisor/virtio_mmio.h, docs/virtio.md). */
#include "cvisor/virtio_mmio.h"

#include "cvisor/errno.h"
#include "lib/string.h"

void vmmio_init(struct vmmio_state *s, u32 device_id, u32 nr_queues,
		u32 queue_num_max)
{
	memset(s, 0, sizeof(*s));
	s->device_id = device_id;
	s->nr_queues =
	    nr_queues < VMMIO_MAX_QUEUES ? nr_queues : VMMIO_MAX_QUEUES;
	s->queue_num_max = queue_num_max;
}

/* Status 0: everything the driver set goes; the backend hears RESET. */
static void device_reset(struct vmmio_state *s)
{
	s->dev_feat_sel = s->drv_feat_sel = 0;
	s->driver_features = 0;
	s->queue_sel = 0;
	memset(s->q, 0, sizeof(s->q));
	s->status = 0;
	s->isr = 0;
	s->epoch++;
}

static struct vmmio_queue *sel_queue(struct vmmio_state *s)
{
	return s->queue_sel < s->nr_queues ? &s->q[s->queue_sel] : NULL;
}

static u32 half(u64 v, bool high)
{
	return (u32)(high ? v >> 32 : v);
}

static u64 set_half(u64 v, bool high, u32 part)
{
	return high ? (v & 0xffffffffull) | ((u64)part << 32)
		    : (v & ~0xffffffffull) | part;
}

static u32 read_queue_reg(const struct vmmio_state *s, u32 offset)
{
	const struct vmmio_queue *q =
	    s->queue_sel < s->nr_queues ? &s->q[s->queue_sel] : NULL;

	if (!q)
		return 0;
	switch (offset) {
	case VMMIO_QUEUE_NUM_MAX:
		return s->queue_num_max;
	case VMMIO_QUEUE_NUM:
		return q->num;
	case VMMIO_QUEUE_READY:
		return q->ready;
	case VMMIO_QUEUE_DESC_LOW:
	case VMMIO_QUEUE_DESC_HIGH:
		return half(q->desc, offset == VMMIO_QUEUE_DESC_HIGH);
	case VMMIO_QUEUE_DRIVER_LOW:
	case VMMIO_QUEUE_DRIVER_HIGH:
		return half(q->driver, offset == VMMIO_QUEUE_DRIVER_HIGH);
	case VMMIO_QUEUE_DEVICE_LOW:
	case VMMIO_QUEUE_DEVICE_HIGH:
		return half(q->device, offset == VMMIO_QUEUE_DEVICE_HIGH);
	default:
		return 0;
	}
}

static u32 read_reg(const struct vmmio_state *s, u32 offset)
{
	switch (offset) {
	case VMMIO_MAGIC:
		return VMMIO_MAGIC_VALUE;
	case VMMIO_VERSION:
		return 2;
	case VMMIO_DEVICE_ID:
		return s->attached ? s->device_id : 0;
	case VMMIO_VENDOR_ID:
		return VMMIO_VENDOR_VALUE;
	case VMMIO_DEVICE_FEATURES:
		return s->dev_feat_sel < 2
			   ? half(s->device_features, s->dev_feat_sel == 1)
			   : 0;
	case VMMIO_QUEUE_SEL:
		return s->queue_sel;
	case VMMIO_INTERRUPT_STATUS:
		return s->isr;
	case VMMIO_STATUS:
		return s->status;
	case VMMIO_SHM_LEN_LOW:
	case VMMIO_SHM_LEN_HIGH:
		return 0xffffffffu; /* no shared memory regions */
	case VMMIO_CONFIG_GEN:
		return s->config_gen;
	default:
		return read_queue_reg(s, offset);
	}
}

static int read_config(const struct vmmio_state *s, u32 offset, u32 size,
		       u64 *value)
{
	u32 at = offset - VMMIO_CONFIG;
	u64 v = 0;

	if (size > 4 || offset % size)
		return -CV_EINVAL;
	for (u32 i = 0; i < size; i++) {
		u8 b = at + i < s->config_len ? s->config[at + i] : 0;

		v |= (u64)b << (8 * i);
	}
	*value = v;
	return 0;
}

int vmmio_read(struct vmmio_state *s, u32 offset, u32 size, u64 *value)
{
	if (offset >= VMMIO_SIZE)
		return -CV_EINVAL;
	if (offset >= VMMIO_CONFIG)
		return read_config(s, offset, size, value);
	if (size != 4 || offset % 4)
		return -CV_EINVAL;
	*value = read_reg(s, offset);
	return 0;
}

/* A queue's size and ring addresses are fixed while it is ready. */
static bool queue_can_be_ready(const struct vmmio_state *s,
			       const struct vmmio_queue *q)
{
	return q->num && q->num <= s->queue_num_max &&
	       !(q->num & (q->num - 1)) && IS_ALIGNED(q->desc, 16) &&
	       IS_ALIGNED(q->driver, 2) && IS_ALIGNED(q->device, 4);
}

static void write_queue_ready(struct vmmio_state *s, struct vmmio_queue *q,
			      u32 v)
{
	if (!v) {
		/* The backend took the queue at DRIVER_OK; without
		 * VIRTIO_F_RING_RESET (not offered) it cannot be taken
		 * down and moved while the device runs (virtio 1.2,
		 * 4.2.2: QueueReady). A reset frees it. */
		if (s->status & VIRTIO_STATUS_DRIVER_OK)
			s->refused++;
		else
			q->ready = false;
		return;
	}
	if (q->ready || !queue_can_be_ready(s, q)) {
		s->refused++;
		return;
	}
	q->ready = true;
}

static void write_queue_reg(struct vmmio_state *s, u32 offset, u32 v)
{
	struct vmmio_queue *q = sel_queue(s);

	if (!q || (q->ready && offset != VMMIO_QUEUE_READY)) {
		s->refused++; /* no such queue, or set up twice */
		return;
	}
	switch (offset) {
	case VMMIO_QUEUE_NUM:
		q->num = v;
		break;
	case VMMIO_QUEUE_READY:
		write_queue_ready(s, q, v);
		break;
	case VMMIO_QUEUE_DESC_LOW:
	case VMMIO_QUEUE_DESC_HIGH:
		q->desc = set_half(q->desc, offset == VMMIO_QUEUE_DESC_HIGH, v);
		break;
	case VMMIO_QUEUE_DRIVER_LOW:
	case VMMIO_QUEUE_DRIVER_HIGH:
		q->driver =
		    set_half(q->driver, offset == VMMIO_QUEUE_DRIVER_HIGH, v);
		break;
	case VMMIO_QUEUE_DEVICE_LOW:
	case VMMIO_QUEUE_DEVICE_HIGH:
		q->device =
		    set_half(q->device, offset == VMMIO_QUEUE_DEVICE_HIGH, v);
		break;
	default:
		s->refused++; /* read-only or reserved */
		break;
	}
}

static bool features_acceptable(const struct vmmio_state *s)
{
	return (s->driver_features & VIRTIO_F_VERSION_1) &&
	       !(s->driver_features & ~s->device_features);
}

static void write_status(struct vmmio_state *s, u32 v, struct vmmio_out *out)
{
	if (!v) {
		device_reset(s);
		out->event = VMMIO_EV_RESET;
		return;
	}
	/* NEEDS_RESET is the device's bit: the driver may echo it only. */
	v &= 0xff & ~VIRTIO_STATUS_NEEDS_RESET;
	/* Bits are only added (virtio 1.2 section 2.1.1), except by reset. */
	if (s->status & ~VIRTIO_STATUS_NEEDS_RESET & ~v) {
		s->refused++;
		return;
	}
	if ((v & VIRTIO_STATUS_FEATURES_OK) &&
	    !(s->status & VIRTIO_STATUS_FEATURES_OK) &&
	    !features_acceptable(s)) {
		s->refused++;
		v &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	if ((v & VIRTIO_STATUS_DRIVER_OK) && !(v & VIRTIO_STATUS_FEATURES_OK)) {
		s->refused++;
		v &= ~VIRTIO_STATUS_DRIVER_OK;
	}
	if ((v & VIRTIO_STATUS_DRIVER_OK) &&
	    !(s->status & VIRTIO_STATUS_DRIVER_OK)) {
		s->epoch++;
		out->event = VMMIO_EV_DRIVER_OK;
	}
	s->status = v | (s->status & VIRTIO_STATUS_NEEDS_RESET);
}

static void write_driver_features(struct vmmio_state *s, u32 v)
{
	bool open = (s->status & VIRTIO_STATUS_DRIVER) &&
		    !(s->status & VIRTIO_STATUS_FEATURES_OK);

	if (!open || s->drv_feat_sel > 1) {
		s->refused++;
		return;
	}
	s->driver_features =
	    set_half(s->driver_features, s->drv_feat_sel == 1, v);
}

static void write_notify(struct vmmio_state *s, u32 v, struct vmmio_out *out)
{
	bool live = (s->status & VIRTIO_STATUS_DRIVER_OK) &&
		    !(s->status & VIRTIO_STATUS_NEEDS_RESET);

	/* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index. */
	if (!live || v >= s->nr_queues || !s->q[v].ready) {
		s->refused++;
		return;
	}
	out->event = VMMIO_EV_NOTIFY;
	out->queue = v;
}

static void write_reg(struct vmmio_state *s, u32 offset, u32 v,
		      struct vmmio_out *out)
{
	switch (offset) {
	case VMMIO_DEVICE_FEAT_SEL:
		s->dev_feat_sel = v;
		break;
	case VMMIO_DRIVER_FEATURES:
		write_driver_features(s, v);
		break;
	case VMMIO_DRIVER_FEAT_SEL:
		s->drv_feat_sel = v;
		break;
	case VMMIO_QUEUE_SEL:
		s->queue_sel = v;
		break;
	case VMMIO_QUEUE_NOTIFY:
		write_notify(s, v, out);
		break;
	case VMMIO_INTERRUPT_ACK:
		s->isr &= ~v;
		break;
	case VMMIO_STATUS:
		write_status(s, v, out);
		break;
	case VMMIO_SHM_SEL:
		break;
	default:
		write_queue_reg(s, offset, v);
		break;
	}
}

int vmmio_write(struct vmmio_state *s, u32 offset, u32 size, u64 value,
		struct vmmio_out *out)
{
	*out = (struct vmmio_out){VMMIO_EV_NONE, 0, vmmio_irq_level(s)};
	if (offset >= VMMIO_SIZE)
		return -CV_EINVAL;
	if (offset >= VMMIO_CONFIG) {
		if (size > 4 || offset % size)
			return -CV_EINVAL;
		s->refused++; /* the configuration space is read-only */
		return 0;
	}
	if (size != 4 || offset % 4)
		return -CV_EINVAL;
	write_reg(s, offset, (u32)value, out);
	out->irq_level = vmmio_irq_level(s);
	return 0;
}

void vmmio_attach(struct vmmio_state *s, bool attached)
{
	s->attached = attached;
}

void vmmio_set_config(struct vmmio_state *s, u32 offset, u32 value)
{
	if (offset > VMMIO_CONFIG_SIZE - 4 || offset % 4)
		return;
	for (u32 i = 0; i < 4; i++)
		s->config[offset + i] = (u8)(value >> (8 * i));
	s->config_gen++;
}

int vmmio_set_config_len(struct vmmio_state *s, u32 len)
{
	if (len > VMMIO_CONFIG_SIZE)
		return -CV_EINVAL;
	s->config_len = len;
	s->config_gen++;
	return 0;
}

bool vmmio_raise(struct vmmio_state *s, u32 bits, u32 epoch)
{
	bits &= VMMIO_INT_VRING | VMMIO_INT_CONFIG;
	if (!bits || epoch != s->epoch ||
	    !(s->status & VIRTIO_STATUS_DRIVER_OK))
		return false;
	s->isr |= bits;
	return true;
}

void vmmio_fail(struct vmmio_state *s)
{
	if (!(s->status & VIRTIO_STATUS_DRIVER_OK))
		return;
	s->status |= VIRTIO_STATUS_NEEDS_RESET;
	s->isr |= VMMIO_INT_CONFIG;
}
