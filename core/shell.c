/*
 * cvisor's console shell (reached with Ctrl-]): look at the machine and
 * start, stop and restart zones, as axvisor's shell lets you.
 */
#include "cvisor/console.h"

#include <stdarg.h>

#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "lib/cpuset.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/heap.h"

#define LINE_MAX 80

static char line[LINE_MAX];
static u32 len;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* All of the text, however long (it used to stop at 160 bytes: `help`
 * lost its last lines). */
static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cv_vprintf_to(console_write, fmt, ap);
	va_end(ap);
}

void shell_prompt(void)
{
	out("cvisor> ");
}

static const char *state_name(enum zone_state s)
{
	return s == ZONE_RUNNING   ? "running"
	       : s == ZONE_STOPPED ? "stopped"
				   : "stopping";
}

static void cmd_help(void)
{
	out("help                 this list\n"
	    "zones                every zone: id, name, state, CPUs, memory\n"
	    "zone start|stop|restart N\n"
	    "mem                  cvisor's frames and heap\n"
	    "cpus                 every CPU and what it runs\n"
	    "Ctrl-]               give the console to the next zone\n");
}

static void cmd_zones(void)
{
	out("id name             state    cpus       memory\n");
	for (u32 i = 0; i < nr_zones; i++) {
		const struct zone *z = zones[i];
		char cpus[200]; /* 64 CPUs: "0,2,4,...,62" */
		u64 mem = 0;

		if (!z)
			continue;
		for (u32 m = 0; m < z->cfg->nr_mem; m++)
			mem += z->cfg->mem[m].size;
		cpuset_format(z->cpus, cpus, sizeof(cpus));
		out("%-2u %-16s %-8s %-10s %llu MiB%s\n", z->id, z->name,
		    state_name(z->state), cpus, (unsigned long long)(mem >> 20),
		    z->cfg->flags & CV_ZONE_ROOT ? " (root)" : "");
	}
}

static void cmd_mem(void)
{
	out("frames: %llu free of %llu (4 KiB), heap: %llu bytes free\n",
	    (unsigned long long)frame_pool_free_count(&hv_frames),
	    (unsigned long long)hv_frames.nr_frames,
	    (unsigned long long)heap_free_bytes(&hv_heap));
}

static void cmd_cpus(void)
{
	static const char *const vstate[] = {"off", "starting", "running"};

	for (u32 c = 0; c < platform.nr_cpus; c++) {
		const struct percpu *cpu = percpu_get(c);
		const struct vcpu *v = cpu->vcpu;

		if (v)
			out("cpu%u: zone %u '%s' vcpu%u %s, %llu traps (%llu "
			    "MMIO), %llu interrupts\n",
			    c, v->zone->id, v->zone->name, v->id,
			    vstate[v->state], (unsigned long long)v->nr_traps,
			    (unsigned long long)v->nr_mmio,
			    (unsigned long long)v->nr_irqs);
		else
			out("cpu%u: idle in cvisor\n", c);
	}
}

static int parse_id(const char *s, u32 *id)
{
	u32 v = 0;

	if (!*s)
		return -CV_EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -CV_EINVAL;
		v = v * 10 + (u32)(*s - '0');
	}
	*id = v;
	return 0;
}

static void cmd_zone(const char *verb, const char *arg)
{
	struct zone *z;
	u32 id;
	int err;

	if (parse_id(arg, &id) || !(z = zone_by_id(id))) {
		out("no zone '%s' (see 'zones')\n", arg);
		return;
	}
	if (!strcmp(verb, "start"))
		err = zone_start_again(z);
	else if (!strcmp(verb, "stop"))
		err = zone_stop(z);
	else if (!strcmp(verb, "restart"))
		err = zone_restart(z);
	else
		err = -CV_ENOSYS;
	out("zone %u: %s: %s\n", id, verb, err ? cv_strerror(err) : "done");
}

/* Split "a b c" in place into at most 3 words. */
static int split(char *s, char *w[3])
{
	int n = 0;

	while (*s && n < 3) {
		while (*s == ' ')
			*s++ = '\0';
		if (!*s)
			break;
		w[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return n;
}

static void execute(char *cmd)
{
	char *w[3] = {"", "", ""};
	int n = split(cmd, w);

	if (!n)
		return;
	if (!strcmp(w[0], "help"))
		cmd_help();
	else if (!strcmp(w[0], "zones"))
		cmd_zones();
	else if (!strcmp(w[0], "mem"))
		cmd_mem();
	else if (!strcmp(w[0], "cpus"))
		cmd_cpus();
	else if (!strcmp(w[0], "zone") && n == 3)
		cmd_zone(w[1], w[2]);
	else
		out("unknown command '%s' (try 'help')\n", w[0]);
}

void shell_input(char c)
{
	if (c == '\r' || c == '\n') {
		out("\n");
		line[len] = '\0';
		execute(line);
		len = 0;
		shell_prompt();
	} else if ((c == 0x7f || c == '\b') && len) {
		len--;
		out("\b \b");
	} else if (c >= ' ' && c < 0x7f && len < LINE_MAX - 1) {
		line[len++] = c;
		out("%c", c);
	}
}
