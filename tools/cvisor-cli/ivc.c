/* cvisor ivc send / recv: the root zone's end of the IVC demo link. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cvisor/hypercall.h"
#include "io.h"
#include "cvisor/ivc_proto.h"

#define RECV_TIMEOUT_MS 2000
#define POLL_NS		1000000L /* 1 ms */

static int map_shm(struct cli *c, const char *arg, struct phys_map *m)
{
	u64 ipa;

	if (parse_u64(arg, &ipa) || ipa % 8) {
		/* Spelled out: a non-zero status the caller's "if (err)" sees
		 * (clang --analyze cannot look into usage_error). */
		usage_error("ivc: '%s' is not an 8-byte aligned address", arg);
		return EXIT_USAGE;
	}
	return phys_map(c, ipa, IVC_REPLY_OFF + sizeof(struct ivc_msg), m)
		   ? EXIT_FAIL
		   : 0;
}

/* argv joined by spaces; -1 when longer than a mailbox holds. */
static int join_message(int argc, char **argv, char *out, u32 *len)
{
	size_t n = 0;

	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (n + (i > 0) + l > IVC_MSG_MAX)
			return -1;
		if (i > 0)
			out[n++] = ' ';
		memcpy(out + n, argv[i], l);
		n += l;
	}
	*len = (u32)n;
	return 0;
}

/* Data and length first, the sequence number last. */
static u32 post_request(volatile u8 *req, const char *data, u32 len)
{
	u32 seq = io_read32(req + IVC_SEQ_OFF) + 1;

	if (!seq)
		seq = 1;
	io_copy_to(req + IVC_DATA_OFF, data, IVC_MSG_MAX);
	io_write32(req + IVC_LEN_OFF, len);
	io_barrier();
	io_write32(req + IVC_SEQ_OFF, seq);
	io_barrier();
	return seq;
}

static int ivc_send(struct cli *c, int argc, char **argv)
{
	char data[IVC_MSG_MAX] = {0};
	struct phys_map m;
	u32 link, len, seq;
	char what[48];
	s64 r;
	int err;

	if (argc < 3)
		return usage_error("ivc send <shm-ipa> <link> <message>");
	if (parse_u32(argv[1], &link))
		return usage_error("ivc send: '%s' is not a link index",
				   argv[1]);
	if (join_message(argc - 2, argv + 2, data, &len))
		return usage_error("ivc send: the message is longer than %d "
				   "bytes",
				   IVC_MSG_MAX);
	err = map_shm(c, argv[0], &m);
	if (err)
		return err;
	seq = post_request(m.ptr + IVC_REQ_OFF, data, len);
	phys_unmap(&m);
	snprintf(what, sizeof(what), "ivc send: doorbell of link %u", link);
	if (hv_call(c, CV_HC_IVC_NOTIFY, link, 0, &r))
		return EXIT_FAIL;
	if (r < 0)
		return report_hc(what, r);
	printf("sent seq %u (%u bytes) on link %u\n", seq, len, link);
	return 0;
}

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + (u64)ts.tv_nsec / 1000000;
}

/* Poll until the reply carries the request's seq, or timeout_ms passes. */
static int wait_reply(volatile u8 *shm, u32 seq, u32 timeout_ms)
{
	const struct timespec tick = {0, POLL_NS};
	u64 start = now_ms();

	while (io_read32(shm + IVC_REPLY_OFF + IVC_SEQ_OFF) != seq) {
		if (now_ms() - start >= timeout_ms)
			return -1;
		nanosleep(&tick, NULL);
	}
	io_barrier();
	return 0;
}

static void print_reply(volatile u8 *reply)
{
	char data[IVC_MSG_MAX];
	u32 len = io_read32(reply + IVC_LEN_OFF);

	if (len > IVC_MSG_MAX)
		len = IVC_MSG_MAX;
	io_copy_from(data, reply + IVC_DATA_OFF, IVC_MSG_MAX);
	fwrite(data, 1, len, stdout);
	putchar('\n');
}

static int ivc_recv(struct cli *c, int argc, char **argv)
{
	u32 timeout = RECV_TIMEOUT_MS, seq;
	struct phys_map m;
	int err;

	if (argc < 1 || argc > 2)
		return usage_error("ivc recv <shm-ipa> [timeout-ms]");
	if (argc == 2 && parse_u32(argv[1], &timeout))
		return usage_error("ivc recv: '%s' is not a timeout in ms",
				   argv[1]);
	err = map_shm(c, argv[0], &m);
	if (err)
		return err;
	seq = io_read32(m.ptr + IVC_REQ_OFF + IVC_SEQ_OFF);
	if (!seq) {
		fail("ivc recv: no request has been sent on this link");
		err = EXIT_FAIL;
	} else if (wait_reply(m.ptr, seq, timeout)) {
		fail("ivc recv: no reply to seq %u within %u ms", seq, timeout);
		err = EXIT_FAIL;
	} else {
		print_reply(m.ptr + IVC_REPLY_OFF);
	}
	phys_unmap(&m);
	return err;
}

int cmd_ivc(struct cli *c, int argc, char **argv)
{
	if (argc < 1)
		return usage_error("ivc: missing subcommand");
	if (!strcmp(argv[0], "send"))
		return ivc_send(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "recv"))
		return ivc_recv(c, argc - 1, argv + 1);
	return usage_error("ivc: unknown subcommand '%s'", argv[0]);
}
