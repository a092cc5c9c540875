/*
 * Events between CPUs (hvisor's "event system"): a small queue per CPU,
 * filled by any CPU and drained by its owner, kicked by an IPI.
 */
#ifndef CVISOR_EVENT_H
#define CVISOR_EVENT_H

#include "cvisor/types.h"
#include "lib/spinlock.h"

enum event_type {
	EVENT_NONE,
	EVENT_VCPU_START, /* a PSCI CPU_ON for this CPU's vCPU */
	EVENT_INJECT_IRQ, /* arg: virtual interrupt id for this CPU's vCPU */
	EVENT_VCPU_STOP,  /* the zone is going down: park the vCPU */
};

#define EVENT_QUEUE_LEN 32

struct event {
	enum event_type type;
	u64 arg;
};

struct event_queue {
	spinlock_t lock;
	u32 head, count;
	struct event slot[EVENT_QUEUE_LEN];
};

void event_init(void);
/* Queue an event for cpuid and kick it. -CV_EBUSY when its queue is full. */
int event_send(u32 cpuid, enum event_type type, u64 arg);
/* Take this CPU's next event; false when none. */
bool event_take(struct event *ev);
/* Handle every queued event of this CPU (from the IPI handler/idle). */
void event_process_all(void);

#endif
