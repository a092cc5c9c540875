/* vCPU life cycle: off -> on-pending (PSCI CPU_ON) -> on -> off. */
#include "cvisor/vcpu.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

static enum vcpu_state state_of(struct vcpu *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
}

static void set_state(struct vcpu *v, enum vcpu_state s)
{
	__atomic_store_n(&v->state, s, __ATOMIC_RELEASE);
}

static void enter_if_started(struct vcpu *v)
{
	if (state_of(v) != VCPU_ON_PENDING)
		return;
	spin_lock(&v->lock);
	if (state_of(v) != VCPU_ON_PENDING) {
		spin_unlock(&v->lock);
		return;
	}
	arch_vcpu_reset(v, v->start_entry, v->start_arg);
	set_state(v, VCPU_ON);
	spin_unlock(&v->lock);
	pr_info("run_vm: zone %u '%s' vcpu%u enters guest at 0x%llx",
		v->zone->id, v->zone->name, v->id,
		(unsigned long long)v->start_entry);
	arch_vcpu_run(v);
}

/*
 * Every CPU ends here: it enters its vCPU once that is started (by the
 * boot, PSCI CPU_ON or a zone start) and otherwise waits in cvisor,
 * serving events. A CPU may get a vCPU later, when a zone is started on
 * it, so the assignment is read again each time.
 */
_Noreturn void vcpu_run_loop(void)
{
	for (;;) {
		struct vcpu *v =
		    __atomic_load_n(&this_cpu()->vcpu, __ATOMIC_ACQUIRE);

		if (v)
			enter_if_started(v);
		arch_wait_interrupt();
		event_process_all();
	}
}

int vcpu_request_start(struct vcpu *target, u64 entry, u64 arg)
{
	int err = 0;

	spin_lock(&target->lock);
	if (state_of(target) == VCPU_ON) {
		err = -CV_EEXIST; /* running (or still in its CPU_OFF) */
	} else if (state_of(target) == VCPU_ON_PENDING) {
		err = -CV_EBUSY;
	} else {
		target->start_entry = entry;
		target->start_arg = arg;
		set_state(target, VCPU_ON_PENDING);
	}
	spin_unlock(&target->lock);
	if (!err && target->pcpu != this_cpu()->id)
		err = event_send(target->pcpu, EVENT_VCPU_START, 0);
	return err;
}

_Noreturn void vcpu_stop_self(void)
{
	struct vcpu *v = this_cpu()->vcpu;

	arch_vcpu_quiesce(v);
	/* Logged first: once the state says OFF, another vCPU may power the
	 * machine off (its HSM status shows this one stopped). */
	pr_info("zone %u vcpu%u: off", v->zone->id, v->id);
	spin_lock(&v->lock);
	set_state(v, VCPU_OFF);
	spin_unlock(&v->lock);
	arch_send_event(); /* zone_stop() may be waiting for this */
	arch_call_on_fresh_stack(vcpu_run_loop);
}

_Noreturn void vcpu_leave_guest(void)
{
	struct vcpu *v = this_cpu()->vcpu;

	arch_vcpu_quiesce(v);
	spin_lock(&v->lock);
	if (state_of(v) == VCPU_ON)
		set_state(v, VCPU_OFF);
	spin_unlock(&v->lock);
	arch_call_on_fresh_stack(vcpu_run_loop);
}

void vcpu_cancel_start(struct vcpu *v)
{
	spin_lock(&v->lock);
	if (state_of(v) == VCPU_ON_PENDING)
		set_state(v, VCPU_OFF);
	spin_unlock(&v->lock);
}

bool vcpu_is_off(struct vcpu *v)
{
	return state_of(v) == VCPU_OFF;
}
