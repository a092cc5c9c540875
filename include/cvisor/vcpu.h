/* A virtual CPU, pinned to one physical CPU for its whole life. */
#ifndef CVISOR_VCPU_H
#define CVISOR_VCPU_H

#include "arch_defs.h"
#include "cvisor/types.h"
#include "lib/spinlock.h"

enum vcpu_state {
	VCPU_OFF,	 /* parked in cvisor, waiting for CPU_ON */
	VCPU_ON_PENDING, /* CPU_ON accepted, not yet entered */
	VCPU_ON,	 /* running the guest */
};

struct zone;

struct vcpu {
	u32 id;	  /* index within the zone = virtual MPIDR Aff0 */
	u32 pcpu; /* physical CPU that runs it */
	struct zone *zone;
	spinlock_t lock;
	enum vcpu_state state;
	u64 start_entry, start_arg;	/* for the next start */
	u64 nr_traps, nr_irqs, nr_mmio; /* statistics */
	struct arch_vcpu arch;
};

/* Run this CPU's vCPU, or wait in cvisor until it is started. */
_Noreturn void vcpu_run_loop(void);
/* PSCI-style requests, with their checks; return 0 or -CV_E*. Starting a
 * vCPU that runs is -CV_EEXIST, one whose start is pending -CV_EBUSY. */
int vcpu_request_start(struct vcpu *target, u64 entry, u64 arg);
/* The calling vCPU stops (PSCI CPU_OFF); does not return to the guest. */
_Noreturn void vcpu_stop_self(void);
/* Leave the guest for cvisor's run loop keeping a pending start (the
 * zone restarted itself); an ON vCPU becomes OFF. */
_Noreturn void vcpu_leave_guest(void);
/* A start that was requested but not yet taken is withdrawn. */
void vcpu_cancel_start(struct vcpu *v);
bool vcpu_is_off(struct vcpu *v);

#endif
