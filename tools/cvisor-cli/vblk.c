/* virtio-blk on a raw image (vblk.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* pread, pwrite, fdatasync (also for host tests) */
#endif
#include "vblk.h"

#include <string.h>
#include <unistd.h>

/* Bytes [skip, skip + len) of a list of segments, in order. */
struct span {
	const struct vq_seg *seg;
	u32 n;
	u64 skip, len;
};

/* pread (into the zone) or pwrite (from the zone) the span at `off`. */
static int span_io(int fd, const struct span *s, u64 off, bool into_zone)
{
	u64 skip = s->skip, left = s->len;

	for (u32 i = 0; i < s->n && left; i++) {
		u64 take = s->seg[i].len;
		u8 *p = s->seg[i].ptr;

		if (skip >= take) {
			skip -= take;
			continue;
		}
		p += skip;
		take -= skip;
		skip = 0;
		if (take > left)
			take = left;
		for (u64 done = 0; done < take;) {
			ssize_t r = into_zone
					? pread(fd, p + done, take - done,
						(off_t)(off + done))
					: pwrite(fd, p + done, take - done,
						 (off_t)(off + done));
			if (r <= 0)
				return -1;
			done += (u64)r;
		}
		off += take;
		left -= take;
	}
	return left ? -1 : 0;
}

static void copy_in(void *dst, const struct vq_chain *c, u32 len)
{
	u8 *d = dst;

	for (u32 i = 0; i < c->nr_in && len; i++) {
		u32 take = c->in[i].len < len ? c->in[i].len : len;

		memcpy(d, c->in[i].ptr, take);
		d += take;
		len -= take;
	}
}

/* Data lies in the writable bytes before the status byte (a read) or the
 * readable bytes after the header (a write). */
static u8 rw(const struct vblk *b, const struct vq_chain *c, u32 type,
	     u64 sector, u32 *written)
{
	bool read = type == VIRTIO_BLK_T_IN;
	struct span s =
	    read ? (struct span){c->out, c->nr_out, 0, c->out_len - 1}
		 : (struct span){c->in, c->nr_in, 16, c->in_len - 16};

	if (!read && b->ro)
		return VIRTIO_BLK_S_IOERR;
	if (s.len % VBLK_SECTOR || sector > b->sectors ||
	    s.len / VBLK_SECTOR > b->sectors - sector)
		return VIRTIO_BLK_S_IOERR;
	if (span_io(b->fd, &s, sector * VBLK_SECTOR, read))
		return VIRTIO_BLK_S_IOERR;
	if (read)
		*written += (u32)s.len;
	return VIRTIO_BLK_S_OK;
}

static u8 get_id(const struct vblk *b, const struct vq_chain *c, u32 *written)
{
	u64 room = c->out_len - 1,
	    n = room < VIRTIO_BLK_ID_BYTES ? room : VIRTIO_BLK_ID_BYTES;
	u64 left = n;
	const char *src = b->id;

	for (u32 i = 0; i < c->nr_out && left; i++) {
		u32 take = c->out[i].len < left ? c->out[i].len : (u32)left;

		memcpy(c->out[i].ptr, src, take);
		src += take;
		left -= take;
	}
	*written += (u32)n;
	return VIRTIO_BLK_S_OK;
}

int vblk_request(const struct vblk *b, const struct vq_chain *c, u32 *written)
{
	struct vq_seg last;
	u8 hdr[16], status;
	u32 type;
	u64 sector;

	if (c->in_len < 16 || !c->out_len)
		return -1;
	last = c->out[c->nr_out - 1];
	if (!last.len)
		return -1;
	copy_in(hdr, c, 16);
	memcpy(&type, hdr, 4);
	memcpy(&sector, hdr + 8, 8);
	*written = 1;
	switch (type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		status = rw(b, c, type, sector, written);
		break;
	case VIRTIO_BLK_T_FLUSH:
		status = b->ro || !fdatasync(b->fd) ? VIRTIO_BLK_S_OK
						    : VIRTIO_BLK_S_IOERR;
		break;
	case VIRTIO_BLK_T_GET_ID:
		status = get_id(b, c, written);
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	last.ptr[last.len - 1] = status;
	return 0;
}

u64 vblk_config(const struct vblk *b, u8 *cfg)
{
	u32 seg_max = VBLK_SEG_MAX;

	memset(cfg, 0, VBLK_CONFIG_LEN);
	memcpy(cfg, &b->sectors, 8);
	memcpy(cfg + 12, &seg_max, 4);
	return VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_FLUSH |
	       (b->ro ? VIRTIO_BLK_F_RO : 0);
}
