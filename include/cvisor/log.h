/*
 * The hypervisor log. Every line is prefixed with the CPU that wrote it,
 * "[cpuN] ", so the boot flow can be read per CPU. Lines written before
 * the console exists are kept and printed when it appears.
 */
#ifndef CVISOR_LOG_H
#define CVISOR_LOG_H

#include "cvisor/types.h"

struct console_ops {
	void (*putc)(void *ctx, char c);
	int (*getc)(void *ctx); /* -1 when nothing is waiting */
	void *ctx;
};

void console_register(const struct console_ops *ops);
void console_write(const char *s, size_t n);
int console_getc(void);

void log_printf(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define pr_info(...) log_printf("", __VA_ARGS__)
#define pr_warn(...) log_printf("WARN: ", __VA_ARGS__)
#define pr_err(...)  log_printf("ERROR: ", __VA_ARGS__)

/* A broken invariant of the hypervisor itself (never guest input): log
 * where, then stop this CPU only. */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			check_failed(__FILE__, __LINE__, #cond);               \
	} while (0)

_Noreturn void check_failed(const char *file, int line, const char *what);

#endif
