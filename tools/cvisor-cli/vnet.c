/*
 * virtio-net (virtio 1.2 section 5.1) on a tap device in the root zone:
 * no offloads, no mergeable buffers; every packet carries the 12-byte
 * virtio_net_hdr_v1, all zero but num_buffers = 1 on receive.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vdev.h"

#define HDR_LEN	  12u
#define FRAME_MAX 65550u

int vnet_open(struct vdev *d, const char *tap)
{
	struct ifreq ifr;

	d->tap = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (d->tap < 0) {
		fprintf(stderr,
			"cvisor virtio: /dev/net/tun: %s (modprobe "
			"tun?)\n",
			strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", tap);
	if (ioctl(d->tap, TUNSETIFF, &ifr)) {
		fprintf(stderr, "cvisor virtio: tap %s: %s\n", tap,
			strerror(errno));
		return -1;
	}
	printf("cvisor virtio: network on tap %s\n", ifr.ifr_name);
	return 0;
}

static int transmit(struct daemon *dm, struct vdev *d, u8 *frame)
{
	struct vq_chain *c = malloc(sizeof(*c));
	int r;

	if (!c)
		return -1;
	while ((r = virtq_pop(&d->vq[VQ_TX], c)) == 1) {
		u64 len = 0, skip = HDR_LEN;

		for (u32 i = 0; i < c->nr_in; i++) {
			u64 take = c->in[i].len, from = 0;

			if (skip) {
				from = skip < take ? skip : take;
				skip -= from;
			}
			take -= from;
			if (len + take > FRAME_MAX)
				take = FRAME_MAX - len;
			memcpy(frame + len, c->in[i].ptr + from, take);
			len += take;
		}
		if (len && write(d->tap, frame, len) < 0 && errno != EAGAIN)
			fprintf(stderr, "cvisor virtio: tap write: %s\n",
				strerror(errno));
		virtq_push(&d->vq[VQ_TX], c->head, 0);
		d->irq = true;
		dm->served++;
	}
	free(c);
	return r;
}

int vnet_queue(struct daemon *dm, struct vdev *d, u32 q)
{
	static u8 frame[FRAME_MAX];

	if (q == VQ_TX)
		return transmit(dm, d, frame);
	return vnet_input(dm, d);
}

/* Header and frame into the chain's writable segments; bytes written. */
static u32 scatter(const struct vq_chain *c, const u8 *frame, u32 len)
{
	u8 hdr[HDR_LEN] = {0};
	u32 done = 0, total = HDR_LEN + len;

	hdr[10] = 1; /* num_buffers */
	for (u32 i = 0; i < c->nr_out && done < total; i++) {
		for (u32 k = 0; k < c->out[i].len && done < total; k++, done++)
			c->out[i].ptr[k] =
			    done < HDR_LEN ? hdr[done] : frame[done - HDR_LEN];
	}
	return done;
}

/* One frame from the tap, with its header, into the chain; a frame larger
 * than the buffers is cut (no MRG_RXBUF). */
static ssize_t read_frame(struct vdev *d, const struct vq_chain *c)
{
	static u8 frame[FRAME_MAX];
	ssize_t n = read(d->tap, frame, sizeof(frame));

	return n <= 0 ? n : (ssize_t)scatter(c, frame, (u32)n);
}

int vnet_input(struct daemon *dm, struct vdev *d)
{
	return vdev_receive(dm, d, read_frame);
}
