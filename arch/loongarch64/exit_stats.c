/* Guest exit statistics (exit_stats.h). */
#include "arch/loongarch64/exit_stats.h"

#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

const char *la_stat_name(enum la_stat s)
{
	static const char *const names[LA_STAT_COUNT] = {
#define LA_STAT_NAME(name, text) [LA_STAT_##name] = text,
	    LA_STAT_LIST(LA_STAT_NAME)
#undef LA_STAT_NAME
	};

	return s < LA_STAT_COUNT ? names[s] : "?";
}

void la_stats_log(const struct zone *zone)
{
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		const struct vcpu *v = &zone->vcpus[i];
		char line[400];
		int n = 0;

		for (int s = 0; s < LA_STAT_COUNT && n < (int)sizeof(line);
		     s++) {
			u64 c = __atomic_load_n(&v->arch.exits[s],
						__ATOMIC_RELAXED);

			if (c)
				n += cv_snprintf(line + n, sizeof(line) - n,
						 ", %s %llu", la_stat_name(s),
						 (unsigned long long)c);
		}
		pr_info("zone %u vcpu%u: %llu guest exits%s", zone->id, v->id,
			(unsigned long long)v->nr_traps, n ? line : "");
	}
}
