/*
 * cvisor isolation test on riscv64, the hostile guest: a non-root zone
 * that tries, one after another, to reach what is not its own, printing
 * "[hostile] attack <name>: <outcome>" for each ("BREACH ..." when one got
 * through), then the totals, then SRST shutdown of its own zone (which
 * must leave the victim running).
 */
#include <stdarg.h>

#include "hostile.h"

const char con_prefix[] = "[hostile] ";

static unsigned attacks, breaches;

/* gprint takes a whole line; build "attack <name>: " + the outcome. */
static void vreport(const char *tag, const char *name, const char *fmt,
		    va_list ap)
{
	char line[160];
	unsigned n = 0;
	const char *p;

	for (p = "attack "; *p && n < 100; p++)
		line[n++] = *p;
	for (p = name; *p && n < 100; p++)
		line[n++] = *p;
	line[n++] = ':';
	line[n++] = ' ';
	for (p = tag; *p && n < 120; p++)
		line[n++] = *p;
	for (p = fmt; *p && n < 158; p++)
		line[n++] = *p;
	line[n] = '\0';
	gvprint(line, ap);
}

void report(const char *name, const char *fmt, ...)
{
	va_list ap;

	attacks++;
	va_start(ap, fmt);
	vreport("", name, fmt, ap);
	va_end(ap);
}

void breach(const char *name, const char *fmt, ...)
{
	va_list ap;

	attacks++;
	breaches++;
	va_start(ap, fmt);
	vreport("BREACH ", name, fmt, ap);
	va_end(ap);
}

void report_fault(const char *name)
{
	if (fault_cause)
		report(name, "fault scause=%lu stval=0x%lx", fault_cause,
		       fault_tval);
	else
		breach(name, "no fault");
}

void report_sbi(const char *name, struct sbiret r)
{
	if (r.error)
		report(name, "sbi error %ld", r.error);
	else if (r.value < 0)
		report(name, "error %ld", r.value);
	else
		breach(name, "accepted (value %ld)", r.value);
}

void guest_main(unsigned long hart, const uint8_t *dtb);
void guest_main(unsigned long hart, const uint8_t *dtb)
{
	bool aia = dt_mentions(dtb, "riscv,aplic");

	gprint("hello: zone %ld hart %lu, %s: attacking",
	       sbi(SBI_EXT_CVISOR, 0x02, 0, 0, 0).value, hart,
	       aia ? "aia" : "plic");
	attack_memory();
	attack_devices(aia);
	attack_irqchip(aia);
	attack_sbi();
	attack_hypercalls();
	gprint("%u attacks, %u breaches", attacks, breaches);
	sbi(SBI_EXT_SRST, 0, 0, 0, 0);
	gprint("BREACH: still running after SRST shutdown");
}
