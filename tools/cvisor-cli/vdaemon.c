/*
 * cvisor virtio <zone> <device>...: the root zone's backend daemon
 * (docs/virtio.md). It sleeps in poll() on /dev/uioN (and the consoles'
 * ptys), drains cvisor's events from BAR0, serves the zone's queues in its
 * BAR2 mapping of the zone's RAM, and signals completions with DEV_IRQ.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "io.h"
#include "vdev.h"

static u32 rd32(struct daemon *dm, u32 off)
{
	return io_read32(dm->pci.bar0 + off);
}

static u64 rd64(struct daemon *dm, u32 off)
{
	return io_read64(dm->pci.bar0 + off);
}

static void wr32(struct daemon *dm, u32 off, u32 v)
{
	io_write32(dm->pci.bar0 + off, v);
}

/* DEV_SEL, written only when it changes (each BAR0 access is a trap). */
void vdev_select(struct daemon *dm, const struct vdev *d)
{
	if (dm->sel == d->index)
		return;
	wr32(dm, VB_DEV_SEL, d->index);
	dm->sel = d->index;
}

void vdev_fail(struct daemon *dm, struct vdev *d, const char *why)
{
	fprintf(stderr,
		"cvisor virtio: zone %u device %u: %s: device needs "
		"a reset\n",
		dm->zone, d->index, why);
	d->live = false;
	vdev_select(dm, d);
	wr32(dm, VB_DEV_FAIL, 1);
}

/* The driver is at DRIVER_OK: take its queues as they are now. */
static void setup_queues(struct daemon *dm, struct vdev *d)
{
	vdev_select(dm, d);
	d->epoch = rd32(dm, VB_DEV_EPOCH);
	d->live = false;
	if ((rd32(dm, VB_DEV_STATUS) & 0x44) != VIRTIO_STATUS_DRIVER_OK)
		return;
	for (u32 q = 0; q < d->nr_queues; q++) {
		wr32(dm, VB_DEV_QSEL, q);
		if (!rd32(dm, VB_Q_READY)) {
			memset(&d->vq[q], 0, sizeof(d->vq[q]));
			continue;
		}
		if (virtq_setup(&d->vq[q], &dm->mem, rd32(dm, VB_Q_NUM),
				rd64(dm, VB_Q_DESC), rd64(dm, VB_Q_DRIVER),
				rd64(dm, VB_Q_DEVICE))) {
			vdev_fail(dm, d, d->vq[q].error);
			return;
		}
	}
	d->live = true;
	d->rx_full = false;
}

/* Still the driver's queues of d->epoch? A reset hands their memory back
 * to the zone: check just before touching it. cvisor resets every device
 * when the zone stops (and again when it starts), so a stopped or
 * restarted zone always shows a new epoch: one BAR0 read. */
static bool still_live(struct daemon *dm, struct vdev *d)
{
	if (!d->live)
		return false;
	vdev_select(dm, d);
	if (rd32(dm, VB_DEV_EPOCH) != d->epoch)
		d->live = false;
	return d->live;
}

static int blk_queue(struct daemon *dm, struct vdev *d, u32 q)
{
	struct vq_chain *c = malloc(sizeof(*c));
	int r = -1;

	if (!c)
		return -1;
	while ((r = virtq_pop(&d->vq[q], c)) == 1) {
		u32 written;

		if (vblk_request(&d->blk, c, &written)) {
			d->vq[q].error = "a request without header or status";
			r = -1;
			break;
		}
		virtq_push(&d->vq[q], c->head, written);
		d->irq = true;
		dm->served++;
		/* The next request only while the queue is still the
		 * driver's: a zone stopped meanwhile gets no late writes on
		 * its disk (its next boot may be replaying its journal). */
		if (!still_live(dm, d))
			break;
	}
	free(c);
	return r;
}

static void serve_queue(struct daemon *dm, struct vdev *d, u32 q)
{
	int r;

	if (q >= d->nr_queues || !d->vq[q].ready || !still_live(dm, d))
		return;
	if (d->type == VIRTIO_ID_BLOCK)
		r = blk_queue(dm, d, q);
	else if (d->type == VIRTIO_ID_CONSOLE)
		r = vcons_queue(dm, d, q);
	else
		r = vnet_queue(dm, d, q);
	if (r < 0)
		vdev_fail(dm, d,
			  d->vq[q].error ? d->vq[q].error : "backend error");
}

static void signal_used(struct daemon *dm)
{
	for (u32 i = 0; i < dm->nr_devs; i++) {
		struct vdev *d = &dm->dev[i];

		if (!d->irq)
			continue;
		d->irq = false;
		vdev_select(dm, d);
		wr32(dm, VB_DEV_IRQ,
		     VMMIO_INT_VRING | (d->epoch & VB_IRQ_EPOCH_MASK)
					   << VB_IRQ_EPOCH_SHIFT);
	}
}

static void serve_all(struct daemon *dm)
{
	for (u32 i = 0; i < dm->nr_devs; i++)
		for (u32 q = 0; q < dm->dev[i].nr_queues; q++)
			serve_queue(dm, &dm->dev[i], q);
}

/* 1: the zone is gone, the daemon ends. */
static int event(struct daemon *dm, u64 e)
{
	u32 kind = VB_EV_KIND(e), i = VB_EV_DEV(e);
	struct vdev *d = i < dm->nr_devs ? &dm->dev[i] : NULL;

	if (kind == VB_EV_ZONE) {
		u32 state = rd32(dm, VB_ZONE_STATE);

		for (u32 k = 0; state != VB_ZONE_RUNNING && k < dm->nr_devs;
		     k++)
			dm->dev[k].live = false;
		return state == VB_ZONE_GONE;
	}
	if (!d)
		return 0;
	if (kind == VB_EV_DRIVER_OK)
		setup_queues(dm, d);
	else if (kind == VB_EV_RESET)
		d->live = false;
	else if (kind == VB_EV_NOTIFY && VB_EV_EPOCH(e) == d->epoch) {
		if (VB_EV_QUEUE(e) == 0)
			d->rx_full = false;
		serve_queue(dm, d, VB_EV_QUEUE(e));
	}
	return 0;
}

static int drain(struct daemon *dm)
{
	u32 lost;
	u64 e;

	wr32(dm, VB_INT_ACK, 1);
	if (rd32(dm, VB_MAGIC) != VB_MAGIC_VALUE)
		return 1; /* the function went away with its zone */
	while ((e = rd64(dm, VB_EVENT)))
		if (event(dm, e))
			return 1;
	lost = rd32(dm, VB_LOST);
	if (lost != dm->lost) {
		/* The ring overflowed: a DRIVER_OK or RESET may be among the
		 * lost events. Take every device's state as it is now, then
		 * look at every queue. */
		dm->lost = lost;
		for (u32 i = 0; i < dm->nr_devs; i++)
			setup_queues(dm, &dm->dev[i]);
		serve_all(dm);
	}
	return 0;
}

static int attach_one(struct daemon *dm, struct vdev *d, const char *spec)
{
	u8 cfg[VBLK_CONFIG_LEN] = {0}; /* the largest: virtio-blk's */
	u64 features = VIRTIO_F_VERSION_1;
	u32 cfg_len = 8;

	vdev_select(dm, d);
	d->type = rd32(dm, VB_DEV_TYPE);
	d->nr_queues = rd32(dm, VB_DEV_QUEUES);
	d->pty = d->pty_slave = d->tap = -1;
	if (!strncmp(spec, "blk:", 4) && d->type == VIRTIO_ID_BLOCK) {
		char path[256];
		const char *ro = strstr(spec + 4, ":ro");
		size_t n =
		    ro && !ro[3] ? (size_t)(ro - spec - 4) : strlen(spec + 4);
		struct stat st;

		snprintf(path, sizeof(path), "%.*s", (int)n, spec + 4);
		d->blk.ro = ro && !ro[3];
		d->blk.fd =
		    open(path, (d->blk.ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (d->blk.fd < 0 || fstat(d->blk.fd, &st)) {
			fprintf(stderr, "cvisor virtio: %s: %s\n", path,
				strerror(errno));
			return -1;
		}
		/* A block device has no st_size: its end is its size. */
		d->blk.sectors =
		    (u64)lseek(d->blk.fd, 0, SEEK_END) / VBLK_SECTOR;
		snprintf(d->blk.id, sizeof(d->blk.id), "cvisor-z%u-d%u",
			 dm->zone, d->index);
		features |= vblk_config(&d->blk, cfg);
		cfg_len = VBLK_CONFIG_LEN;
	} else if (!strcmp(spec, "console") && d->type == VIRTIO_ID_CONSOLE) {
		if (vcons_open(d, dm->zone))
			return -1;
	} else if (!strncmp(spec, "net:", 4) && d->type == VIRTIO_ID_NET) {
		if (vnet_open(d, spec + 4))
			return -1;
		features |= 1ull << 5; /* VIRTIO_NET_F_MAC */
		cfg[0] = 0x52;
		cfg[1] = 0x54;
		cfg[2] = 0x00; /* locally administered */
		cfg[3] = 0xcf;
		cfg[4] = (u8)dm->zone;
		cfg[5] = (u8)d->index;
	} else {
		fprintf(stderr,
			"cvisor virtio: device %u of zone %u is virtio "
			"type %u; '%s' does not serve it (blk:FILE[:ro], "
			"console, net:TAP in the zone's order)\n",
			d->index, dm->zone, d->type, spec);
		return -1;
	}
	io_write64(dm->pci.bar0 + VB_DEV_FEATURES, features);
	for (u32 o = 0; o < cfg_len; o += 4) {
		u32 w;

		memcpy(&w, cfg + o, 4);
		wr32(dm, VB_DEV_CONFIG + o, w);
	}
	wr32(dm, VB_DEV_CONFIG_LEN, cfg_len);
	wr32(dm, VB_DEV_ATTACH, 1);
	/* A restarted daemon finds the driver up: carry on. */
	setup_queues(dm, d);
	return 0;
}

static int attach(struct daemon *dm, int argc, char **argv)
{
	dm->nr_devs = rd32(dm, VB_NR_DEVS);
	if ((u32)argc != dm->nr_devs) {
		fprintf(stderr,
			"cvisor virtio: zone %u has %u virtio device(s), "
			"%d given\n",
			dm->zone, dm->nr_devs, argc);
		return -1;
	}
	dm->mem =
	    (struct gmem){dm->pci.ram, rd64(dm, VB_RAM_IPA), dm->pci.ram_len};
	for (u32 i = 0; i < dm->nr_devs; i++) {
		dm->dev[i].index = i;
		if (attach_one(dm, &dm->dev[i], argv[i]))
			return -1;
	}
	return 0;
}

/* poll(): the uio node, and each device's own input while it can take
 * some (a console with receive buffers, a tap with receive buffers). */
static int wait_work(struct daemon *dm, struct pollfd *p, struct vdev **who)
{
	int n = 0;

	p[n++] = (struct pollfd){dm->pci.uio, POLLIN, 0};
	for (u32 i = 0; i < dm->nr_devs; i++) {
		struct vdev *d = &dm->dev[i];
		int fd = d->pty >= 0 ? d->pty : d->tap;

		if (fd < 0 || d->rx_full || !d->live)
			continue;
		who[n] = d;
		p[n++] = (struct pollfd){fd, POLLIN, 0};
	}
	while (poll(p, (nfds_t)n, -1) < 0)
		if (errno != EINTR)
			return -1;
	return n;
}

static int run(struct daemon *dm)
{
	struct pollfd p[VB_MAX_DEVS + 1];
	struct vdev *who[VB_MAX_DEVS + 1];

	for (;;) {
		int n = wait_work(dm, p, who);

		if (n < 0)
			return -1;
		if (p[0].revents & POLLIN) {
			if (vpci_dev_wait(&dm->pci))
				return -1;
			if (drain(dm)) {
				printf("cvisor virtio: zone %u is gone\n",
				       dm->zone);
				return 0;
			}
		}
		for (int i = 1; i < n; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)) ||
			    !still_live(dm, who[i]))
				continue;
			if ((who[i]->pty >= 0 ? vcons_input(dm, who[i])
					      : vnet_input(dm, who[i])) < 0)
				vdev_fail(dm, who[i], "backend input error");
		}
		signal_used(dm);
		if ((p[0].revents & POLLIN) && vpci_dev_unmask(&dm->pci))
			return -1;
	}
}

int cmd_virtio(struct cli *c, int argc, char **argv)
{
	struct daemon *dm;
	int ret = EXIT_FAIL;

	(void)c;
	if (argc < 3)
		return usage_error("virtio: need a zone id and its devices");
	setvbuf(stdout, NULL, _IOLBF, 0); /* a log file sees lines at once */
	dm = calloc(1, sizeof(*dm));
	if (!dm)
		return EXIT_FAIL;
	dm->sel = VB_MAX_DEVS; /* not known: the first select writes */
	if (parse_u32(argv[1], &dm->zone)) {
		free(dm);
		return usage_error("virtio: '%s' is not a zone id", argv[1]);
	}
	if (!vpci_dev_open(&dm->pci, "/sys", dm->zone) &&
	    !attach(dm, argc - 2, argv + 2) && !vpci_dev_unmask(&dm->pci)) {
		printf("cvisor virtio: serving zone %u (%u device(s), RAM "
		       "0x%llx+0x%llx)\n",
		       dm->zone, dm->nr_devs, (unsigned long long)dm->mem.ipa,
		       (unsigned long long)dm->mem.size);
		fflush(stdout);
		/* A daemon before us may have taken a NOTIFY and died
		 * before completing its requests: no event will come for
		 * them, so look at every live queue once. (Its lost events
		 * are covered by that too.) */
		dm->lost = rd32(dm, VB_LOST);
		drain(dm);
		serve_all(dm);
		signal_used(dm);
		ret = run(dm) ? EXIT_FAIL : 0;
	}
	vpci_dev_close(&dm->pci);
	free(dm);
	return ret;
}

int vdev_receive(struct daemon *dm, struct vdev *d, vdev_fill_fn fill)
{
	struct vq_chain *c = malloc(sizeof(*c));
	int r;

	if (!c)
		return -1;
	for (;;) {
		ssize_t n;

		r = virtq_pop(&d->vq[VQ_RX], c);
		if (r <= 0) {
			d->rx_full = r == 0;
			break;
		}
		n = fill(d, c);
		if (n <= 0) {
			virtq_unpop(&d->vq[VQ_RX]);
			break;
		}
		virtq_push(&d->vq[VQ_RX], c->head, (u32)n);
		d->irq = true;
		dm->served++;
	}
	free(c);
	return r < 0 ? -1 : 0;
}
