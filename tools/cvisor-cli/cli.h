/*
 * cvisor: the root zone's management CLI (see docs/management.md).
 *
 * Everything goes through physical memory that Linux does not own: the
 * management device (an emulated MMIO page) and the window of reserved
 * root-zone RAM, both reached with mmap() on /dev/mem. Those mappings are
 * uncached (Device memory on arm64), so they are only ever touched with
 * aligned, single-register loads and stores (io.h), never with libc's
 * memcpy/memset.
 */
#ifndef CVISOR_CLI_H
#define CVISOR_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvisor/types.h"

#define EXIT_FAIL  1 /* the operation failed */
#define EXIT_USAGE 2 /* malformed command line */

/* Everything a command needs: where things are and how to reach them. */
struct cli {
	const char *dev_path; /* /dev/mem, or a file for testing (--dev) */
	const char *dt_path;  /* device tree directory, NULL: the default */
	bool have_mgmt;	      /* --mgmt given */
	u64 mgmt_base;
	bool have_window; /* --window given */
	u64 win_base;
	u64 win_size;
	int fd;		   /* dev_path, opened and locked on first use */
	volatile u8 *mgmt; /* the mapped management page */
	bool located;	   /* the device tree has been read */
	bool window_found; /* a window is known */
};

/* A mapping of physical memory through cli.fd. */
struct phys_map {
	void *base; /* what mmap() returned (page aligned) */
	size_t len;
	volatile u8 *ptr; /* the requested physical address */
};

/* dt.c: 0, or -1 when the node or its reg is absent or unreadable. */
const char *dt_root(const struct cli *c);
int dt_find_mgmt(const char *root, u64 *base, u64 *size);
int dt_find_window(const char *root, u64 *base, u64 *size);

/* phys.c */
int phys_open(struct cli *c);
int phys_map(struct cli *c, u64 pa, u64 len, struct phys_map *m);
void phys_unmap(struct phys_map *m);
void cli_locate(struct cli *c);
int cli_window(struct cli *c, u64 *base, u64 *size);
int hv_call(struct cli *c, u32 code, u64 a1, u64 a2, s64 *result);
const char *hc_errname(s64 err);
const char *hc_errtext(s64 err);
int report_hc(const char *what, s64 err);

/* zone.c and ivc.c: the commands; they return the exit status. */
int cmd_zone(struct cli *c, int argc, char **argv);
int cmd_info(struct cli *c, int argc, char **argv);
int cmd_ivc(struct cli *c, int argc, char **argv);
/* vdaemon.c, vcons.c: the virtio backend daemon and its console. */
int cmd_virtio(struct cli *c, int argc, char **argv);
int cmd_console(struct cli *c, int argc, char **argv);

/* cvisor.c */
int parse_u64(const char *s, u64 *val);
int parse_u32(const char *s, u32 *val);
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
