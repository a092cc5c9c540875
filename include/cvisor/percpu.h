/* One struct per physical CPU: what it runs and its pending events. */
#ifndef CVISOR_PERCPU_H
#define CVISOR_PERCPU_H

#include "arch_defs.h"
#include "cvisor/arch.h"
#include "cvisor/event.h"
#include "cvisor/platform.h"

struct percpu {
	u32 id;	  /* logical id, index in the DTB's /cpus */
	u64 hwid; /* MPIDR affinity (aarch64) */
	bool online;
	struct zone *zone; /* owner of this CPU, NULL when unassigned */
	struct vcpu *vcpu; /* the vCPU this CPU runs (one: partitioning) */
	struct event_queue events;
	struct arch_percpu arch;
};

extern struct percpu percpus[MAX_CPUS];

void percpu_create(u32 cpuid);
static inline struct percpu *percpu_get(u32 cpuid)
{
	return &percpus[cpuid];
}

#endif
