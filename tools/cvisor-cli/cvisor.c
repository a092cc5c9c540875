/*
 * cvisor: manage zones from the root zone's Linux (docs/management.md).
 *
 *   cvisor [options] zone list|start|shutdown|restart|status ...
 *   cvisor [options] info
 *   cvisor [options] ivc send|recv ...
 *
 * Exit status: 0 done, 1 the operation failed, 2 malformed command line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cvisor/hypercall.h"

static const char usage_text[] =
    "usage: cvisor [options] <command>\n"
    "\n"
    "commands:\n"
    "  zone list                     list the zones\n"
    "  zone start <bundle-file>      create and start a zone from a boot "
    "bundle\n"
    "  zone start <id>               start a stopped zone again\n"
    "  zone shutdown <id>            stop a zone\n"
    "  zone restart <id>             stop a zone and start it again\n"
    "  zone status <id>              show one zone\n"
    "  info                          hypervisor version and resources\n"
    "  ivc send <shm-ipa> <link> <message>\n"
    "                                post a request in the shared page, "
    "ring the peer\n"
    "  ivc recv <shm-ipa> [timeout-ms]\n"
    "                                wait for the reply (default 2000 "
    "ms), print it\n"
    "  virtio <zone> <dev>...        serve the zone's virtio devices, in "
    "its\n"
    "                                order: blk:FILE[:ro], console, "
    "net:TAP\n"
    "  console <zone>                attach to the zone's virtio console "
    "(Ctrl-^)\n"
    "\n"
    "options:\n"
    "  --dev FILE            physical memory (default /dev/mem; a plain "
    "file\n"
    "                        stands in for it in tests)\n"
    "  --dt DIR              device tree (default /proc/device-tree)\n"
    "  --mgmt ADDR           management device (default: the device "
    "tree)\n"
    "  --window ADDR[:SIZE]  management window (default: the device "
    "tree)\n"
    "  -h, --help            this text\n"
    "\n"
    "Numbers are decimal or 0x-prefixed hexadecimal.\n";

void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("cvisor: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("cvisor: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

/* Decimal or 0x hexadecimal, the whole string, no sign, no overflow. */
int parse_u64(const char *s, u64 *val)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!((s[0] >= '0' && s[0] <= '9') ||
	      (base == 16 &&
	       ((s[0] >= 'a' && s[0] <= 'f') || (s[0] >= 'A' && s[0] <= 'F')))))
		return -1;
	errno = 0;
	*val = strtoull(s, &end, base);
	return errno || *end ? -1 : 0;
}

int parse_u32(const char *s, u32 *val)
{
	u64 v;

	if (parse_u64(s, &v) || v > UINT32_MAX)
		return -1;
	*val = (u32)v;
	return 0;
}

/* ADDR or ADDR:SIZE */
static int parse_window(struct cli *c, const char *arg)
{
	char buf[64];
	char *colon;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return -1;
	c->win_size = CV_MGMT_WINDOW_SIZE;
	colon = strchr(buf, ':');
	if (colon) {
		*colon = '\0';
		if (parse_u64(colon + 1, &c->win_size) || !c->win_size)
			return -1;
	}
	c->have_window = true;
	return parse_u64(buf, &c->win_base);
}

/* "--name value" or "--name=value": the value, or NULL if not this one. */
static const char *opt_value(const char *name, int *i, int argc, char **argv)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] || *i + 1 >= argc || !argv[*i + 1])
		return NULL; /* (argv[argc] is the only NULL: for the analyzer)
			      */
	return argv[++*i];
}

static int parse_option(struct cli *c, int *i, int argc, char **argv)
{
	const char *v;

	if ((v = opt_value("--dev", i, argc, argv))) {
		c->dev_path = v;
	} else if ((v = opt_value("--dt", i, argc, argv))) {
		c->dt_path = v;
	} else if ((v = opt_value("--mgmt", i, argc, argv))) {
		if (parse_u64(v, &c->mgmt_base))
			return usage_error("--mgmt: '%s' is not an address", v);
		c->have_mgmt = true;
	} else if ((v = opt_value("--window", i, argc, argv))) {
		if (parse_window(c, v))
			return usage_error("--window: '%s' is not ADDR[:SIZE]",
					   v);
	} else {
		return usage_error("unknown option '%s'", argv[*i]);
	}
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	const char *cmd = argv[0];

	if (!strcmp(cmd, "zone"))
		return cmd_zone(c, argc - 1, argv + 1);
	if (!strcmp(cmd, "info"))
		return cmd_info(c, argc - 1, argv + 1);
	if (!strcmp(cmd, "ivc"))
		return cmd_ivc(c, argc - 1, argv + 1);
	if (!strcmp(cmd, "virtio"))
		return cmd_virtio(c, argc, argv);
	if (!strcmp(cmd, "console"))
		return cmd_console(c, argc, argv);
	if (!strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	return usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	struct cli c = {.dev_path = "/dev/mem", .fd = -1};
	int i, err;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		err = parse_option(&c, &i, argc, argv);
		if (err)
			return err;
	}
	if (i >= argc)
		return usage_error("missing command");
	err = run(&c, argc - i, argv + i);
	if (fflush(stdout) && !err) {
		fail("writing the output: %s", strerror(errno));
		err = EXIT_FAIL;
	}
	return err;
}
