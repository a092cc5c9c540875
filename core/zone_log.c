/* Rate-limited warnings about a zone's behaviour. */
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#include <stdarg.h>

/* Past the limit, one summary line each time the count doubles (128,
 * 256, ...): a guest faulting in a loop costs O(log n) console lines. */
static void warn_summary(const struct zone *zone, u32 n, const char *what)
{
	if (n & (n - 1))
		return;
	pr_warn("zone %u: %u %s so far, the last %u not logged", zone->id, n,
		what, n - ZONE_WARN_LIMIT);
}

static void vwarn(struct zone *zone, u32 *count, const char *what,
		  const char *fmt, va_list ap)
{
	char line[200];
	u32 n = __atomic_add_fetch(count, 1, __ATOMIC_RELAXED);

	if (n > ZONE_WARN_LIMIT) {
		warn_summary(zone, n, what);
		return;
	}
	cv_vsnprintf(line, sizeof(line), fmt, ap);
	if (n == ZONE_WARN_LIMIT)
		pr_warn("%s (further %s of this zone are counted)", line, what);
	else
		pr_warn("%s", line);
}

void zone_warn(struct zone *zone, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(zone, &zone->warnings, "warnings", fmt, ap);
	va_end(ap);
}

void zone_warn_kind(struct zone *zone, u32 *count, const char *what,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(zone, count, what, fmt, ap);
	va_end(ap);
}

void zone_log_activity(const struct zone *zone)
{
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		const struct vcpu *v = &zone->vcpus[i];

		pr_info("zone %u vcpu%u: %llu traps (%llu MMIO), %llu "
			"interrupts injected",
			zone->id, v->id, (unsigned long long)v->nr_traps,
			(unsigned long long)v->nr_mmio,
			(unsigned long long)v->nr_irqs);
	}
}

void zone_log_refusals(const struct zone *zone)
{
	if (!zone->warnings && !zone->refused_irqchip && !zone->refused_sgis &&
	    !zone->refused_calls && !zone->unknown_calls)
		return;
	pr_info("zone %u '%s': %u warnings, %u refused interrupt-controller "
		"accesses, %u refused SGIs, %u refused hypercalls, %u unknown "
		"SMCCC calls",
		zone->id, zone->name, zone->warnings, zone->refused_irqchip,
		zone->refused_sgis, zone->refused_calls, zone->unknown_calls);
}
