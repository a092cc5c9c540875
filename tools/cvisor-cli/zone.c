/* cvisor zone ... and cvisor info. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "cli.h"
#include "cvisor/config.h"
#include "cvisor/hypercall.h"
#include "io.h"
#include "lib/cpuset.h"

_Static_assert(sizeof(struct cv_zone_info) == 64, "the ABI says 64 bytes");

#define NAME_MAX_LEN 31

/* ---- calls ------------------------------------------------------------ */

/* Make a call; an error is reported as "<what>: ENAME (...)". */
static int call(struct cli *c, const char *what, u32 code, u64 a1, u64 a2,
		s64 *result)
{
	if (hv_call(c, code, a1, a2, result))
		return -1;
	if (*result < 0) {
		report_hc(what, *result);
		return -1;
	}
	return 0;
}

static int zone_count(struct cli *c, u32 *count)
{
	s64 r;

	if (call(c, "zone count", CV_HC_ZONE_COUNT, 0, 0, &r))
		return -1;
	*count = (u32)r;
	return 0;
}

/* Zone index `index`'s struct goes to its own 64-byte slot of the window. */
static int zone_info(struct cli *c, u32 index, struct cv_zone_info *zi)
{
	u64 win, win_size, ipa;
	struct phys_map m;
	char what[48];
	s64 r;

	if (cli_window(c, &win, &win_size))
		return -1;
	ipa = win + (u64)index * sizeof(*zi);
	if ((u64)index >= win_size / sizeof(*zi)) {
		fail("zone index %u does not fit the window", index);
		return -1;
	}
	snprintf(what, sizeof(what), "zone info %u", index);
	if (call(c, what, CV_HC_ZONE_INFO, index, ipa, &r) ||
	    phys_map(c, ipa, sizeof(*zi), &m))
		return -1;
	io_copy_from(zi, m.ptr, sizeof(*zi));
	phys_unmap(&m);
	return 0;
}

/* ---- formatting ------------------------------------------------------- */

static void zone_name(const struct cv_zone_info *zi, char *out)
{
	size_t i;

	for (i = 0; i < NAME_MAX_LEN && zi->name[i]; i++) {
		char ch = zi->name[i];

		out[i] = ch >= 0x20 && ch < 0x7f ? ch : '?';
	}
	out[i] = '\0';
}

static const char *state_name(u32 state, char *buf, size_t cap)
{
	if (state == CV_ZONE_STATE_STOPPED)
		return "stopped";
	if (state == CV_ZONE_STATE_RUNNING)
		return "running";
	snprintf(buf, cap, "state-%u", state);
	return buf;
}

/* "16 MiB", "1.5 GiB", "4096 B". */
static void size_str(u64 bytes, char *out, size_t cap)
{
	static const char *const unit[] = {"KiB", "MiB", "GiB", "TiB"};
	int u = -1;

	while (u < 3 && bytes >= (1024ull << (10 * (u + 1))))
		u++;
	if (u < 0)
		snprintf(out, cap, "%llu B", (unsigned long long)bytes);
	else if (bytes % (1024ull << (10 * u)) == 0)
		snprintf(out, cap, "%llu %s",
			 (unsigned long long)(bytes >> (10 * (u + 1))),
			 unit[u]);
	else
		snprintf(out, cap, "%.1f %s",
			 (double)bytes / (double)(1024ull << (10 * u)),
			 unit[u]);
}

static void flag_list(u32 flags, char *out, size_t cap)
{
	u32 rest = flags & ~(CV_ZONE_ROOT | CV_ZONE_AUTOSTART);

	snprintf(out, cap, "%s%s%s", flags & CV_ZONE_ROOT ? "root" : "",
		 (flags & CV_ZONE_ROOT) && (flags & CV_ZONE_AUTOSTART) ? ","
								       : "",
		 flags & CV_ZONE_AUTOSTART ? "autostart" : "");
	if (rest)
		snprintf(out + strlen(out), cap - strlen(out), "%s0x%x",
			 out[0] ? "," : "", rest);
	if (!out[0])
		snprintf(out, cap, "-");
}

/* ---- zone list / status ----------------------------------------------- */

#define LIST_FMT "%-4s %-16s %-8s %-8s %-5s %-9s %s\n"

static void list_row(const struct cv_zone_info *zi)
{
	char id[12], name[NAME_MAX_LEN + 1], st[24], cpus[200], vcpus[12];
	char mem[32], flags[48];

	snprintf(id, sizeof(id), "%u", zi->id);
	zone_name(zi, name);
	snprintf(vcpus, sizeof(vcpus), "%u", zi->nr_vcpus);
	cpuset_format(zi->cpus, cpus, sizeof(cpus));
	size_str(zi->mem_bytes, mem, sizeof(mem));
	flag_list(zi->flags, flags, sizeof(flags));
	printf(LIST_FMT, id, name, state_name(zi->state, st, sizeof(st)), cpus,
	       vcpus, mem, flags);
}

static int zone_list(struct cli *c)
{
	struct cv_zone_info zi;
	u64 win, win_size;
	u32 n;

	if (cli_window(c, &win, &win_size) || zone_count(c, &n))
		return EXIT_FAIL;
	printf(LIST_FMT, "ID", "NAME", "STATE", "CPUS", "VCPUS", "MEMORY",
	       "FLAGS");
	for (u32 i = 0; i < n; i++) {
		if (zone_info(c, i, &zi))
			return EXIT_FAIL;
		list_row(&zi);
	}
	return 0;
}

static void status_print(const struct cv_zone_info *zi)
{
	char name[NAME_MAX_LEN + 1], st[24], cpus[200], mem[32], flags[48];

	zone_name(zi, name);
	cpuset_format(zi->cpus, cpus, sizeof(cpus));
	size_str(zi->mem_bytes, mem, sizeof(mem));
	flag_list(zi->flags, flags, sizeof(flags));
	printf("id:     %u\n", zi->id);
	printf("name:   %s\n", name);
	printf("state:  %s\n", state_name(zi->state, st, sizeof(st)));
	printf("cpus:   %s (mask 0x%llx)\n", cpus,
	       (unsigned long long)zi->cpus);
	printf("vcpus:  %u\n", zi->nr_vcpus);
	printf("memory: %s (%llu bytes)\n", mem,
	       (unsigned long long)zi->mem_bytes);
	printf("flags:  %s\n", flags);
}

static int zone_status(struct cli *c, u32 id)
{
	struct cv_zone_info zi;
	u64 win, win_size;
	char what[32];
	u32 n;

	if (cli_window(c, &win, &win_size) || zone_count(c, &n))
		return EXIT_FAIL;
	for (u32 i = 0; i < n; i++) {
		if (zone_info(c, i, &zi))
			return EXIT_FAIL;
		if (zi.id == id) {
			status_print(&zi);
			return 0;
		}
	}
	snprintf(what, sizeof(what), "zone status %u", id);
	return report_hc(what, CV_HC_ENOENT);
}

/* ---- zone start ------------------------------------------------------- */

static u8 *read_file(const char *path, size_t limit, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f) {
		fail("cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	while (!ferror(f) && !feof(f) && n <= limit) {
		if (n == cap) {
			u8 *nb = realloc(buf, cap = cap ? 2 * cap : 1 << 20);

			if (!nb)
				break;
			buf = nb;
		}
		n += fread(buf + n, 1, cap - n, f);
	}
	if (ferror(f) || !feof(f) || n > limit) {
		fail("'%s': %s", path,
		     n > limit	 ? "larger than the management window"
		     : ferror(f) ? strerror(errno)
				 : "out of memory");
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Catch the obvious mistakes here; cvisor validates the bundle fully. */
static int check_bundle(const char *path, const u8 *buf, size_t len)
{
	struct cv_bundle_header h;
	const char *why = NULL;

	if (len < sizeof(h)) {
		why = "too short for a bundle header";
	} else {
		memcpy(&h, buf, sizeof(h));
		if (h.magic != CV_BUNDLE_MAGIC)
			why = "not a cvisor boot bundle (bad magic)";
		else if (h.version != CV_BUNDLE_VERSION)
			why = "bundle format version differs from this cvisor";
		else if (h.total_size != len)
			why = "size in the header differs from the file size";
		else if (h.nr_zones != 1)
			why = "holds more than one zone (build a bundle of the "
			      "new zone alone)";
	}
	if (why)
		fail("'%s': %s", path, why);
	return why ? -1 : 0;
}

static int start_bundle(struct cli *c, const char *path)
{
	u64 win, win_size;
	struct phys_map m;
	size_t len;
	u8 *buf;
	s64 id;
	int err;

	if (cli_window(c, &win, &win_size))
		return EXIT_FAIL;
	buf = read_file(path, win_size, &len);
	if (!buf)
		return EXIT_FAIL;
	err = check_bundle(path, buf, len) || phys_map(c, win, len, &m);
	if (!err) {
		io_copy_to(m.ptr, buf, len);
		io_barrier();
		phys_unmap(&m);
	}
	free(buf);
	if (err || call(c, "zone start", CV_HC_ZONE_START, win, len, &id))
		return EXIT_FAIL;
	printf("zone %lld started\n", (long long)id);
	return 0;
}

/* start (again) / shutdown / restart by id. */
static int zone_op(struct cli *c, const char *op, u32 code, u64 a1, u64 a2,
		   u32 id, const char *done)
{
	char what[48];
	s64 r;

	snprintf(what, sizeof(what), "zone %s %u", op, id);
	if (call(c, what, code, a1, a2, &r))
		return EXIT_FAIL;
	printf("zone %u %s\n", id, done);
	return 0;
}

static bool is_json(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && !strcmp(path + n - 5, ".json");
}

/* A zone configuration (JSON, images named relative to it) becomes an
 * add-zone bundle with cvconfig, the same tool the build host uses. */
static int start_config(struct cli *c, const char *json)
{
	char bundle[] = "/tmp/cvisor-zone-XXXXXX";
	int fd = mkstemp(bundle), status, ret;
	pid_t pid;

	if (fd < 0) {
		fail("cannot create a temporary file: %s", strerror(errno));
		return EXIT_FAIL;
	}
	close(fd);
	pid = fork();
	if (pid == 0) {
		execlp("cvconfig", "cvconfig", "build", json, "--add-zone",
		       "-o", bundle, (char *)NULL);
		fail("cannot run cvconfig: %s", strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		unlink(bundle);
		fail("'%s': cvconfig could not build a bundle (see above)",
		     json);
		return EXIT_FAIL;
	}
	ret = start_bundle(c, bundle);
	unlink(bundle);
	return ret;
}

static int zone_start(struct cli *c, const char *arg)
{
	u32 id;

	/* A number is a zone id; a .json file a zone configuration;
	 * anything else a bundle ("./3" for a file named 3). */
	if (!parse_u32(arg, &id))
		return zone_op(c, "start", CV_HC_ZONE_START, 0, id, id,
			       "started");
	if (is_json(arg))
		return start_config(c, arg);
	return start_bundle(c, arg);
}

static int zone_by_id(struct cli *c, const char *sub, const char *arg)
{
	u32 id;

	if (parse_u32(arg, &id))
		return usage_error("zone %s: '%s' is not a zone id", sub, arg);
	if (!strcmp(sub, "shutdown"))
		return zone_op(c, sub, CV_HC_ZONE_SHUTDOWN, id, 0, id,
			       "shut down");
	if (!strcmp(sub, "restart"))
		return zone_op(c, sub, CV_HC_ZONE_RESTART, id, 0, id,
			       "restarted");
	return zone_status(c, id);
}

int cmd_zone(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : NULL;

	if (!sub)
		return usage_error("zone: missing subcommand");
	if (!strcmp(sub, "list")) {
		if (argc != 1)
			return usage_error("zone list takes no arguments");
		return zone_list(c);
	}
	if (strcmp(sub, "start") && strcmp(sub, "shutdown") &&
	    strcmp(sub, "restart") && strcmp(sub, "status"))
		return usage_error("zone: unknown subcommand '%s'", sub);
	if (argc != 2)
		return usage_error("zone %s takes one argument", sub);
	if (!strcmp(sub, "start"))
		return zone_start(c, argv[1]);
	return zone_by_id(c, sub, argv[1]);
}

/* ---- info ------------------------------------------------------------- */

static int hv_info(struct cli *c, u32 sel, const char *what, s64 *val)
{
	return call(c, what, CV_HC_HV_INFO, sel, 0, val);
}

int cmd_info(struct cli *c, int argc, char **argv)
{
	s64 ver, cpus, frames, heap;
	char fsz[32], hsz[32];

	(void)argv;
	if (argc != 0)
		return usage_error("info takes no arguments");
	if (call(c, "version", CV_HC_VERSION, 0, 0, &ver) ||
	    hv_info(c, CV_INFO_NR_CPUS, "info cpus", &cpus) ||
	    hv_info(c, CV_INFO_FREE_FRAMES, "info free frames", &frames) ||
	    hv_info(c, CV_INFO_HEAP_FREE, "info heap free", &heap))
		return EXIT_FAIL;
	size_str((u64)frames * 4096, fsz, sizeof(fsz));
	size_str((u64)heap, hsz, sizeof(hsz));
	printf("cvisor ABI:   %llu.%llu\n",
	       (unsigned long long)((u64)ver >> 16 & 0xffff),
	       (unsigned long long)((u64)ver & 0xffff));
	printf("cpus:         %lld\n", (long long)cpus);
	printf("free frames:  %lld (%s)\n", (long long)frames, fsz);
	printf("heap free:    %lld bytes (%s)\n", (long long)heap, hsz);
	return 0;
}
