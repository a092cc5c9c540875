/* Guest exits of a vCPU counted by reason (exit.c counts, logged when the
 * zone powers off or reboots: docs/loongarch64-linux.md quotes them). */
#ifndef CVISOR_ARCH_LOONGARCH64_EXIT_STATS_H
#define CVISOR_ARCH_LOONGARCH64_EXIT_STATS_H

#include "cvisor/types.h"

#define LA_STAT_LIST(X)                                                        \
	X(S2_FILL, "stage-2 refill")                                           \
	X(MMIO, "emulated MMIO")                                               \
	X(ILLEGAL, "access outside the zone")                                  \
	X(INTERRUPT, "host interrupt")                                         \
	X(CPUCFG, "cpucfg")                                                    \
	X(IOCSR_RD, "iocsr read")                                              \
	X(IOCSR_WR, "iocsr write")                                             \
	X(IDLE, "idle")                                                        \
	X(CSR, "root-only csr")                                                \
	X(HVC, "hvcl")                                                         \
	X(GCM, "guest csr change")                                             \
	X(OTHER, "other")                                                      \
	X(TIMER_FIX, "(not an exit: guest ticks re-armed, vtimer.h)")

enum la_stat {
#define LA_STAT_ENUM(name, text) LA_STAT_##name,
	LA_STAT_LIST(LA_STAT_ENUM)
#undef LA_STAT_ENUM
	    LA_STAT_COUNT
};

struct zone;
const char *la_stat_name(enum la_stat s);
/* One line per vCPU: total and the non-zero reasons. */
void la_stats_log(const struct zone *zone);

#endif
