/*
 * virtio-console (virtio 1.2 section 5.3, port 0 only: no MULTIPORT) on a
 * pty in the root zone. `cvisor console <zone>` attaches to it through
 * the link CONSOLE_DIR/console-<zone>.
 */
#define _GNU_SOURCE /* ptsname, posix_openpt */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "vdev.h"

#define CONSOLE_DIR "/tmp/cvisor"

int vcons_open(struct vdev *d, u32 zone)
{
	char link[64];
	struct termios t;
	const char *name;

	d->pty = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (d->pty < 0 || grantpt(d->pty) || unlockpt(d->pty) ||
	    !(name = ptsname(d->pty))) {
		fprintf(stderr,
			"cvisor virtio: console: no pty: %s (is devpts "
			"mounted on /dev/pts?)\n",
			strerror(errno));
		return -1;
	}
	/* Our own slave end: the master never sees a hang-up, and raw
	 * mode keeps the line discipline from echoing or cooking. */
	d->pty_slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (d->pty_slave < 0 || tcgetattr(d->pty_slave, &t)) {
		fprintf(stderr, "cvisor virtio: console: %s: %s\n", name,
			strerror(errno));
		return -1;
	}
	cfmakeraw(&t);
	tcsetattr(d->pty_slave, TCSANOW, &t);
	mkdir(CONSOLE_DIR, 0700);
	snprintf(link, sizeof(link), CONSOLE_DIR "/console-%u", zone);
	unlink(link);
	if (symlink(name, link)) {
		fprintf(stderr, "cvisor virtio: console: %s: %s\n", link,
			strerror(errno));
		return -1;
	}
	printf("cvisor virtio: zone %u console on %s (cvisor console %u)\n",
	       zone, name, zone);
	return 0;
}

/* The zone wrote: to the pty (dropped when nobody drains it). */
static int transmit(struct daemon *dm, struct vdev *d)
{
	struct vq_chain *c = malloc(sizeof(*c));
	int r;

	if (!c)
		return -1;
	while ((r = virtq_pop(&d->vq[VQ_TX], c)) == 1) {
		for (u32 i = 0; i < c->nr_in; i++)
			if (write(d->pty, c->in[i].ptr, c->in[i].len) < 0 &&
			    errno != EAGAIN)
				break;
		virtq_push(&d->vq[VQ_TX], c->head, 0);
		d->irq = true;
		dm->served++;
	}
	free(c);
	return r;
}

int vcons_queue(struct daemon *dm, struct vdev *d, u32 q)
{
	if (q == VQ_TX)
		return transmit(dm, d);
	return vcons_input(dm, d);
}

/* One read of the pty into the chain's first writable segment. */
static ssize_t read_pty(struct vdev *d, const struct vq_chain *c)
{
	return c->nr_out ? read(d->pty, c->out[0].ptr, c->out[0].len) : -1;
}

int vcons_input(struct daemon *dm, struct vdev *d)
{
	return vdev_receive(dm, d, read_pty);
}

/* cvisor console <zone>: the terminal to the zone's virtio console until
 * Ctrl-^ (Ctrl-] belongs to cvisor's own console switch; Ctrl-\ and
 * Ctrl-C are the terminal's signals, which QEMU's stdio may act on). */
int cmd_console(struct cli *cl, int argc, char **argv)
{
	char link[64];
	struct termios saved, raw;
	int fd, tty = isatty(0);
	u32 zone;

	(void)cl;
	if (argc != 2 || parse_u32(argv[1], &zone))
		return usage_error("console: need a zone id");
	snprintf(link, sizeof(link), CONSOLE_DIR "/console-%u", zone);
	fd = open(link, O_RDWR | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr,
			"cvisor: console %u: %s: %s (is `cvisor virtio "
			"%u ... console` running?)\n",
			zone, link, strerror(errno), zone);
		return EXIT_FAIL;
	}
	if (tty) {
		tcgetattr(0, &saved);
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	fprintf(stderr,
		"[attached to zone %u's virtio console; Ctrl-^ "
		"detaches]\r\n",
		zone);
	for (;;) {
		struct pollfd p[2] = {{0, POLLIN, 0}, {fd, POLLIN, 0}};
		char buf[256];
		ssize_t n;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0 || memchr(buf, 0x1e, (size_t)n))
				break;
			if (write(fd, buf, (size_t)n) < 0)
				break;
		}
		if (p[1].revents & POLLIN) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0 || write(1, buf, (size_t)n) < 0)
				break;
		}
	}
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	fprintf(stderr, "\r\n[detached]\r\n");
	close(fd);
	return 0;
}
