/* Per-CPU event queues, kicked by an IPI (see cvisor/event.h). */
#include "cvisor/event.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/vcpu.h"

void event_init(void)
{
	for (u32 i = 0; i < MAX_CPUS; i++)
		percpus[i].events = (struct event_queue){0};
}

int event_send(u32 cpuid, enum event_type type, u64 arg)
{
	struct event_queue *q = &percpu_get(cpuid)->events;
	int err = 0;

	spin_lock(&q->lock);
	if (q->count == EVENT_QUEUE_LEN)
		err = -CV_EBUSY;
	else
		q->slot[(q->head + q->count++) % EVENT_QUEUE_LEN] =
		    (struct event){type, arg};
	spin_unlock(&q->lock);
	if (!err)
		arch_irqchip_send_ipi(cpuid);
	return err;
}

bool event_take(struct event *ev)
{
	struct event_queue *q = &this_cpu()->events;
	bool got = false;

	spin_lock(&q->lock);
	if (q->count) {
		*ev = q->slot[q->head];
		q->head = (q->head + 1) % EVENT_QUEUE_LEN;
		q->count--;
		got = true;
	}
	spin_unlock(&q->lock);
	return got;
}

void event_process_all(void)
{
	struct percpu *cpu = this_cpu();
	struct vcpu *vcpu = cpu->vcpu;
	struct event ev;

	/* Nothing queued: no lock. A sender queues under the lock, then
	 * sends the IPI that brought us here, so its event is visible. */
	if (!__atomic_load_n(&cpu->events.count, __ATOMIC_ACQUIRE))
		return;
	while (event_take(&ev)) {
		switch (ev.type) {
		case EVENT_INJECT_IRQ:
			if (vcpu && vcpu->state == VCPU_ON)
				arch_vcpu_inject_event(vcpu, ev.arg);
			else if (vcpu)
				arch_vcpu_inject_dropped(vcpu, ev.arg);
			break;
		case EVENT_VCPU_STOP:
			if (vcpu && vcpu->state != VCPU_OFF)
				vcpu_stop_self();
			break;
		case EVENT_VCPU_START: /* the idle loop sees the new state */
		default:
			break;
		}
	}
}
