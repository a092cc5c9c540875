/* Split virtqueues, checked (virtq.h). */
#include "virtq.h"

#include <string.h>

/* Layout (virtio 1.2 section 2.7): descriptor {le64 addr, le32 len,
 * le16 flags, le16 next}; available {le16 flags, le16 idx, le16
 * ring[num]}; used {le16 flags, le16 idx, {le32 id, le32 len} ring[num]}.
 * The daemon and the zone are little-endian (cvisor's ABI). */

u8 *gmem_ptr(const struct gmem *m, u64 ipa, u64 len)
{
	if (ipa < m->ipa || len > m->size || ipa - m->ipa > m->size - len)
		return NULL;
	return m->base + (ipa - m->ipa);
}

static u16 load16(const u8 *p)
{
	return __atomic_load_n((const u16 *)(const void *)p, __ATOMIC_RELAXED);
}

static void store16(u8 *p, u16 v)
{
	__atomic_store_n((u16 *)(void *)p, v, __ATOMIC_RELAXED);
}

static void store32(u8 *p, u32 v)
{
	__atomic_store_n((u32 *)(void *)p, v, __ATOMIC_RELAXED);
}

static int broken(struct virtq *q, const char *why)
{
	q->broken = true;
	q->error = why;
	return -1;
}

int virtq_setup(struct virtq *q, const struct gmem *mem, u32 num, u64 desc,
		u64 avail, u64 used)
{
	memset(q, 0, sizeof(*q));
	q->mem = mem;
	if (!num || num > 32768 || (num & (num - 1)))
		return broken(q, "queue size is not a power of two <= 32768");
	q->num = num;
	q->desc = gmem_ptr(mem, desc, 16ull * num);
	q->avail = gmem_ptr(mem, avail, 6 + 2ull * num);
	q->used = gmem_ptr(mem, used, 6 + 8ull * num);
	if (!q->desc || !q->avail || !q->used)
		return broken(q, "a ring lies outside the zone's RAM");
	if ((desc & 15) || (avail & 1) || (used & 3))
		return broken(q, "a ring is misaligned");
	/* Resume where the used ring is: a restarted daemon carries on. */
	q->last_avail = load16(q->used + 2);
	q->used_idx = q->last_avail;
	q->ready = true;
	return 0;
}

struct desc {
	u64 addr;
	u32 len;
	u16 flags, next;
};

/* One copy of descriptor i: the zone may change it meanwhile. */
static void read_desc(const struct virtq *q, u32 i, struct desc *d)
{
	const u8 *p = q->desc + 16ull * i;
	u8 raw[16];

	for (u32 k = 0; k < 16; k++)
		raw[k] = __atomic_load_n(p + k, __ATOMIC_RELAXED);
	memcpy(&d->addr, raw, 8);
	memcpy(&d->len, raw + 8, 4);
	memcpy(&d->flags, raw + 12, 2);
	memcpy(&d->next, raw + 14, 2);
}

static int add_seg(struct virtq *q, struct vq_chain *c, const struct desc *d)
{
	bool wr = d->flags & VRING_DESC_F_WRITE;
	struct vq_seg *s;
	u8 *ptr;

	if (d->flags & VRING_DESC_F_INDIRECT)
		return broken(q, "indirect descriptor (not negotiated)");
	if (!wr && c->nr_out)
		return broken(q, "a readable descriptor after a writable one");
	ptr = gmem_ptr(q->mem, d->addr, d->len);
	if (!ptr)
		return broken(q, "a buffer lies outside the zone's RAM");
	if ((wr ? c->nr_out : c->nr_in) == VQ_MAX_SEGS)
		return broken(q, "too many descriptors in one request");
	s = wr ? &c->out[c->nr_out++] : &c->in[c->nr_in++];
	s->ptr = ptr;
	s->len = d->len;
	/* Sums of at most VQ_MAX_SEGS 32-bit lengths: no u64 overflow. */
	if (wr)
		c->out_len += d->len;
	else
		c->in_len += d->len;
	return 0;
}

static int walk(struct virtq *q, struct vq_chain *c, u16 head)
{
	struct desc d;
	u32 i = head;

	c->head = head;
	c->nr_in = c->nr_out = 0;
	c->in_len = c->out_len = 0;
	/* A chain visits each descriptor at most once: longer is a loop. */
	for (u32 n = 0;; n++) {
		if (n == q->num)
			return broken(q, "descriptor chain loops");
		if (i >= q->num)
			return broken(q, "descriptor index out of range");
		read_desc(q, i, &d);
		if (add_seg(q, c, &d))
			return -1;
		if (!(d.flags & VRING_DESC_F_NEXT))
			return 1;
		i = d.next;
	}
}

int virtq_pop(struct virtq *q, struct vq_chain *c)
{
	u16 avail_idx, head;

	if (!q->ready || q->broken)
		return q->broken ? -1 : 0;
	avail_idx = load16(q->avail + 2);
	if (avail_idx == q->last_avail)
		return 0;
	if ((u16)(avail_idx - q->last_avail) > q->num)
		return broken(q, "available index ran ahead by more than the "
				 "queue size");
	/* The ring entry and descriptors after the index (driver's wmb). */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	head = load16(q->avail + 4 + 2u * (q->last_avail % q->num));
	q->last_avail++;
	return walk(q, c, head);
}

void virtq_unpop(struct virtq *q)
{
	q->last_avail--;
}

void virtq_push(struct virtq *q, u16 head, u32 written)
{
	u16 idx = q->used_idx++;
	u8 *e = q->used + 4 + 8u * (idx % q->num);

	store32(e, head);
	store32(e + 4, written);
	/* The entry before the index the driver polls. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	store16(q->used + 2, (u16)(idx + 1));
}
