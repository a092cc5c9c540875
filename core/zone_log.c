/* Rate-limited warnings about a zone's behaviour. */
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#include <stdarg.h>

/* Past the limit, one summary line each time the count doubles (128,
 * 256, ...): a guest faulting in a loop costs O(log n) console lines. */
static void zone_warn_summary(const struct zone *zone, u32 n)
{
	if (n < ZONE_WARN_LIMIT || (n & (n - 1)))
		return;
	pr_warn("zone %u: %u warnings so far, the last %u not logged", zone->id,
		n, n - ZONE_WARN_LIMIT);
}

void zone_warn(struct zone *zone, const char *fmt, ...)
{
	char line[200];
	va_list ap;
	u32 n = __atomic_add_fetch(&zone->warnings, 1, __ATOMIC_RELAXED);

	if (n > ZONE_WARN_LIMIT) {
		zone_warn_summary(zone, n);
		return;
	}
	va_start(ap, fmt);
	cv_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pr_warn("%s%s", line,
		n == ZONE_WARN_LIMIT
		    ? " (further warnings of this zone are counted)"
		    : "");
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
