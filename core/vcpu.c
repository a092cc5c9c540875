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

/* A CPU without a vCPU serves events (IPIs) and nothing else. */
static _Noreturn void idle_forever(void)
{
	for (;;) {
		arch_wait_interrupt();
		event_process_all();
	}
}

_Noreturn void vcpu_run_loop(void)
{
	struct vcpu *v = this_cpu()->vcpu;

	if (!v) {
		pr_info("run_vm: no zone owns this CPU; idle");
		idle_forever();
	}
	for (;;) {
		if (state_of(v) == VCPU_ON_PENDING) {
			spin_lock(&v->lock);
			arch_vcpu_reset(v, v->start_entry, v->start_arg);
			set_state(v, VCPU_ON);
			spin_unlock(&v->lock);
			pr_info("run_vm: zone %u '%s' vcpu%u enters guest at "
				"0x%llx",
				v->zone->id, v->zone->name, v->id,
				(unsigned long long)v->start_entry);
			arch_vcpu_run(v);
		}
		arch_wait_interrupt();
		event_process_all();
	}
}

int vcpu_request_start(struct vcpu *target, u64 entry, u64 arg)
{
	int err = 0;

	spin_lock(&target->lock);
	if (state_of(target) != VCPU_OFF) {
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
	set_state(v, VCPU_OFF);
	pr_info("zone %u vcpu%u: off", v->zone->id, v->id);
	arch_call_on_fresh_stack(vcpu_run_loop);
}
