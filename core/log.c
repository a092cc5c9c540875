/* The console and the log: "[cpuN] " prefixed lines, never interleaved. */
#include "cvisor/log.h"

#include "cvisor/arch.h"
#include "cvisor/percpu.h"
#include "lib/printf.h"
#include "lib/spinlock.h"

#include <stdarg.h>

#define EARLY_LOG_SIZE 4096

static const struct console_ops *console;
static spinlock_t log_lock = SPINLOCK_INIT;
static char early_log[EARLY_LOG_SIZE];
static size_t early_len;

static void emit(const char *s, size_t n)
{
	if (!console) {
		while (n-- && early_len < EARLY_LOG_SIZE)
			early_log[early_len++] = *s++;
		return;
	}
	while (n--) {
		if (*s == '\n')
			console->putc(console->ctx, '\r');
		console->putc(console->ctx, *s++);
	}
}

void console_register(const struct console_ops *ops)
{
	spin_lock(&log_lock);
	console = ops;
	emit(early_log, early_len);
	early_len = 0;
	spin_unlock(&log_lock);
}

void console_write(const char *s, size_t n)
{
	spin_lock(&log_lock);
	emit(s, n);
	spin_unlock(&log_lock);
}

int console_getc(void)
{
	return console && console->getc ? console->getc(console->ctx) : -1;
}

static int cpu_id_for_log(void)
{
	struct percpu *cpu = this_cpu();

	return cpu ? (int)cpu->id : -1;
}

/* One whole line however long (it was cut at 256 bytes), written under
 * the log lock so that lines of different CPUs never interleave. */
void log_printf(const char *level, const char *fmt, ...)
{
	va_list ap;

	spin_lock(&log_lock);
	va_start(ap, fmt);
	cv_printf_to(emit, "[cpu%d] %s", cpu_id_for_log(), level);
	cv_vprintf_to(emit, fmt, ap);
	va_end(ap);
	emit("\n", 1);
	spin_unlock(&log_lock);
}

_Noreturn void check_failed(const char *file, int line, const char *what)
{
	log_printf("BUG: ", "%s:%d: check failed: %s; stopping this CPU", file,
		   line, what);
	arch_cpu_park();
}
