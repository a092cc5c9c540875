/*
 * Physical memory through /dev/mem: mappings, the management device's
 * calls, and the window's location.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cvisor/hypercall.h"
#include "io.h"

/* Where the board puts the management device (QEMU virt). */
#define MGMT_DEFAULT_IPA 0x0c000000ull

void io_copy_to(volatile void *dst, const void *src, size_t len)
{
	volatile u8 *d = dst;
	const u8 *s = src;
	u64 word;

	for (; len >= 8; len -= 8, d += 8, s += 8) {
		memcpy(&word, s, 8);
		io_write64(d, word);
	}
	if (len) {
		word = 0;
		memcpy(&word, s, len);
		io_write64(d, word);
	}
}

void io_copy_from(void *dst, const volatile void *src, size_t len)
{
	const volatile u8 *s = src;
	u8 *d = dst;
	u64 word;

	for (; len >= 8; len -= 8, d += 8, s += 8) {
		word = io_read64(s);
		memcpy(d, &word, 8);
	}
	if (len) {
		word = io_read64(s);
		memcpy(d, &word, len);
	}
}

/* Open the device once; the lock serialises concurrent cvisor commands,
 * which share the device's registers and the window. */
int phys_open(struct cli *c)
{
	if (c->fd >= 0)
		return 0;
	c->fd = open(c->dev_path, O_RDWR | O_SYNC | O_CLOEXEC);
	if (c->fd < 0) {
		fail("cannot open %s: %s%s", c->dev_path, strerror(errno),
		     errno == EACCES || errno == EPERM ? " (run as root)" : "");
		return -1;
	}
	while (flock(c->fd, LOCK_EX) && errno == EINTR)
		;
	return 0;
}

/* A regular file (--dev) must be large enough: beyond its end, a mapping
 * raises SIGBUS rather than an error. */
static int check_file_size(const struct cli *c, u64 end)
{
	struct stat st;

	if (fstat(c->fd, &st) || !S_ISREG(st.st_mode) || (u64)st.st_size >= end)
		return 0;
	fail("%s: 0x%llx is beyond the end of the file", c->dev_path,
	     (unsigned long long)end);
	return -1;
}

int phys_map(struct cli *c, u64 pa, u64 len, struct phys_map *m)
{
	u64 page = (u64)sysconf(_SC_PAGESIZE);
	u64 start = ALIGN_DOWN(pa, page);
	u64 end = ALIGN_UP(pa + len, page);

	if (phys_open(c))
		return -1;
	if (!len || pa + len < pa || end < pa || end > (u64)INT64_MAX) {
		fail("bad physical range 0x%llx+0x%llx", (unsigned long long)pa,
		     (unsigned long long)len);
		return -1;
	}
	if (check_file_size(c, end))
		return -1;
	m->len = end - start;
	m->base = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
		       (off_t)start);
	if (m->base == MAP_FAILED) {
		fail("cannot map physical 0x%llx+0x%llx through %s: %s",
		     (unsigned long long)pa, (unsigned long long)len,
		     c->dev_path, strerror(errno));
		return -1;
	}
	m->ptr = (volatile u8 *)m->base + (pa - start);
	return 0;
}

void phys_unmap(struct phys_map *m)
{
	if (m->base && m->base != MAP_FAILED)
		munmap(m->base, m->len);
	m->base = NULL;
}

static void locate_mgmt(struct cli *c, const char *root)
{
	u64 size;

	if (c->have_mgmt)
		return;
	if (root && !dt_find_mgmt(root, &c->mgmt_base, &size))
		return;
	c->mgmt_base = MGMT_DEFAULT_IPA;
	fprintf(stderr,
		"cvisor: no cvisor-management@* node in %s; assuming the "
		"device at 0x%llx\n",
		root ? root : "the device tree",
		(unsigned long long)c->mgmt_base);
}

static void locate_window(struct cli *c, const char *root)
{
	if (c->have_window) {
		c->window_found = true;
		return;
	}
	c->window_found =
	    root && !dt_find_window(root, &c->win_base, &c->win_size);
}

/* Read the device tree once, on first need (the -- overrides win). */
void cli_locate(struct cli *c)
{
	const char *root;

	if (c->located)
		return;
	c->located = true;
	root = dt_root(c);
	locate_mgmt(c, root);
	locate_window(c, root);
}

int cli_window(struct cli *c, u64 *base, u64 *size)
{
	cli_locate(c);
	if (!c->window_found) {
		fail("no /reserved-memory/cvisor-window@* node in the device "
		     "tree: not the root zone of cvisor? (--window ADDR "
		     "overrides)");
		return -1;
	}
	*base = c->win_base;
	*size = c->win_size;
	return 0;
}

static int map_mgmt(struct cli *c)
{
	struct phys_map m;

	if (c->mgmt)
		return 0;
	cli_locate(c);
	if (phys_map(c, c->mgmt_base, CV_MGMT_SIZE, &m))
		return -1;
	c->mgmt = m.ptr; /* kept until exit */
	return 0;
}

/*
 * One call: the arguments, then the code (cvisor runs the call while the
 * CALL store traps), then the result. Returns -1 only when the device
 * cannot be reached; cvisor's own errors come back in *result.
 */
int hv_call(struct cli *c, u32 code, u64 a1, u64 a2, s64 *result)
{
	if (map_mgmt(c))
		return -1;
	io_write64(c->mgmt + CV_MGMT_ARG1, a1);
	io_write64(c->mgmt + CV_MGMT_ARG2, a2);
	io_write64(c->mgmt + CV_MGMT_ARG3, 0);
	io_barrier();
	io_write64(c->mgmt + CV_MGMT_CALL, code);
	io_barrier();
	*result = (s64)io_read64(c->mgmt + CV_MGMT_RESULT);
	return 0;
}

static const struct {
	s64 code;
	const char *name;
	const char *text;
} hc_errors[] = {
    {CV_HC_ENOSYS, "ENOSYS", "not supported by this cvisor"},
    {CV_HC_EINVAL, "EINVAL", "invalid argument"},
    {CV_HC_EPERM, "EPERM", "not permitted"},
    {CV_HC_ENOENT, "ENOENT", "no such zone or link"},
    {CV_HC_EBUSY, "EBUSY", "busy"},
    {CV_HC_ENOMEM, "ENOMEM", "out of memory"},
};

const char *hc_errname(s64 err)
{
	for (size_t i = 0; i < ARRAY_SIZE(hc_errors); i++) {
		if (hc_errors[i].code == err)
			return hc_errors[i].name;
	}
	return NULL;
}

const char *hc_errtext(s64 err)
{
	for (size_t i = 0; i < ARRAY_SIZE(hc_errors); i++) {
		if (hc_errors[i].code == err)
			return hc_errors[i].text;
	}
	return "unknown error";
}

/* "cvisor: <what>: ENOENT (no such zone or link)"; the exit status. */
int report_hc(const char *what, s64 err)
{
	const char *name = hc_errname(err);

	if (name)
		fail("%s: %s (%s)", what, name, hc_errtext(err));
	else
		fail("%s: error %lld (unknown error)", what, (long long)err);
	return EXIT_FAIL;
}
