/*
 * Unit tests for the delivery of virtual SPIs to vCPUs that are not
 * running (drivers/irqchip/vgic.c, vgic_virtual.c, core/event.c): an
 * injection dropped because its vCPU is off, not started yet, or going
 * off with the SPI in a list register must leave the SPI pending in the
 * distributor, not "in flight" for ever. The GIC is a fake with four list
 * registers per physical CPU; events between CPUs are queued for real
 * (core/event.c) and served when a test runs that CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/vgic.h"

#define DOORBELL 40 /* a virtual SPI (a device's line) */
#define NR_LRS	 4
#define NR_PCPUS 2

/* ---- a fake GIC: list registers per physical CPU ---- */

struct gic_info gic;
struct percpu percpus[MAX_CPUS];
static u32 cur; /* the physical CPU the code runs on */

static struct {
	struct lr_value lr[NR_PCPUS][NR_LRS];
	u64 eisr[NR_PCPUS]; /* LRs whose EOI (maintenance) is due */
	u32 ipis, log_lines;
} hw;

static u32 fake_nr_lrs(void)
{
	return NR_LRS;
}

static void fake_read_lr(u32 i, struct lr_value *lr)
{
	*lr = hw.lr[cur][i];
}

static void fake_write_lr(u32 i, const struct lr_value *lr)
{
	hw.lr[cur][i] = *lr;
	if (lr->state == LR_INVALID)
		hw.eisr[cur] &= ~(1ull << i);
}

static u64 fake_empty_lrs(void)
{
	u64 empty = 0;

	for (u32 i = 0; i < NR_LRS; i++) {
		if (hw.lr[cur][i].state == LR_INVALID)
			empty |= 1ull << i;
	}
	return empty;
}

static u64 fake_eoi_lrs(void)
{
	return hw.eisr[cur];
}

static void fake_nothing(u32 intid)
{
	(void)intid;
}

static void fake_underflow(bool on)
{
	(void)on;
}

static void fake_reset_virtual_cpu(void)
{
	memset(hw.lr[cur], 0, sizeof(hw.lr[cur]));
	hw.eisr[cur] = 0;
}

static const struct gic_ops fake_ops = {
    .eoi = fake_nothing,
    .deactivate = fake_nothing,
    .nr_lrs = fake_nr_lrs,
    .read_lr = fake_read_lr,
    .write_lr = fake_write_lr,
    .empty_lrs = fake_empty_lrs,
    .eoi_lrs = fake_eoi_lrs,
    .set_underflow_irq = fake_underflow,
    .reset_virtual_cpu = fake_reset_virtual_cpu,
};
const struct gic_ops *gic_ops = &fake_ops;

/* ---- what vgic.c and core/event.c call elsewhere ---- */

struct percpu *this_cpu(void)
{
	return &percpus[cur];
}

void arch_irqchip_send_ipi(u32 cpuid)
{
	(void)cpuid;
	hw.ipis++;
}

/* As arch/aarch64/irq.c. */
void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	vgic_inject_event(vcpu, arg);
}

void arch_vcpu_inject_dropped(struct vcpu *vcpu, u64 arg)
{
	vgic_inject_dropped(vcpu, arg);
}

_Noreturn void vcpu_stop_self(void)
{
	fail_msg("no vCPU is stopped by an event here");
	abort();
}

bool hv_irq_handle(u32 irq)
{
	(void)irq;
	return false;
}

bool zone_owns_irq(const struct zone *zone, u32 irq)
{
	(void)zone;
	(void)irq;
	return false;
}

void vgic_take_posted_sgis(struct vcpu *vcpu)
{
	(void)vcpu;
}

void log_printf(const char *level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	hw.log_lines++;
}

/* ---- a zone of two vCPUs, vcpuN on physical CPU N ---- */

static struct zone zone;
static struct vgic_dist dist;

static int setup(void **state)
{
	(void)state;
	memset(&hw, 0, sizeof(hw));
	memset(&zone, 0, sizeof(zone));
	memset(&dist, 0, sizeof(dist));
	event_init();
	gic.version = 3;
	zone.nr_vcpus = 2;
	zone.arch.vgic = &dist;
	dist.zone = &zone;
	dist.lock = (spinlock_t)SPINLOCK_INIT;
	for (u32 i = 0; i < NR_PCPUS; i++) {
		zone.vcpus[i] = (struct vcpu){
		    .id = i, .pcpu = i, .zone = &zone, .state = VCPU_ON};
		percpus[i].id = i;
		percpus[i].zone = &zone;
		percpus[i].vcpu = &zone.vcpus[i];
	}
	cur = 0;
	vgic_add_virtual_spi(&zone, DOORBELL);
	vgic_enable_virtual_spi(&dist, DOORBELL, true);
	return 0;
}

/* Run on physical CPU c: serve its events (cvisor's IPI). */
static void serve(u32 c)
{
	cur = c;
	event_process_all();
	cur = 0;
}

/* The LR on physical CPU c holding vintid, or -1. */
static int lr_of(u32 c, u32 vintid)
{
	for (u32 i = 0; i < NR_LRS; i++) {
		if (hw.lr[c][i].state != LR_INVALID &&
		    hw.lr[c][i].vintid == vintid)
			return (int)i;
	}
	return -1;
}

/* vCPU v comes on (PSCI CPU_ON) on its CPU: arch_vcpu_run's part. */
static void start(u32 v)
{
	zone.vcpus[v].state = VCPU_ON;
	cur = v;
	vgic_vcpu_reset(&zone.vcpus[v]);
	vgic_virtual_retry(&zone);
	cur = 0;
}

/* vCPU v goes off (PSCI CPU_OFF) on its CPU: vcpu_stop_self's part. */
static void cpu_off(u32 v)
{
	cur = v;
	vgic_vcpu_quiesce(&zone.vcpus[v]);
	zone.vcpus[v].state = VCPU_OFF;
	cur = 0;
}

static void route_to(u32 v)
{
	dist.v3_route[DOORBELL] = v;
	vgic_virtual_rerouted(&dist, DOORBELL);
}

/* A doorbell (pulse) routed to a secondary vCPU the guest turned off:
 * the event finds it off. It must stay pending, not in flight, and reach
 * the vCPU when it runs again. Before the fix the in-flight mark stayed:
 * nothing at the start, and no later pulse got through either. */
static void test_spi_to_an_off_vcpu_waits_for_it(void **state)
{
	(void)state;
	route_to(1);
	zone.vcpus[1].state = VCPU_OFF;
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	serve(1);
	assert_int_equal(zone.vcpus[1].arch.pending.count, 0);
	assert_int_equal(lr_of(1, DOORBELL), -1);
	assert_false(bitmap_test(dist.vinflight, DOORBELL));
	assert_true(bitmap_test(dist.vpending, DOORBELL));
	start(1);
	assert_true(lr_of(1, DOORBELL) >= 0);
	assert_true(bitmap_test(dist.vinflight, DOORBELL));
	assert_false(bitmap_test(dist.vpending, DOORBELL));
}

/* The same on the local path: the target vCPU belongs to this CPU but is
 * not started yet (vgic_deliver injects directly). */
static void test_spi_to_a_vcpu_not_started_yet(void **state)
{
	(void)state;
	zone.vcpus[0].state = VCPU_ON_PENDING;
	vgic_set_level(&zone, DOORBELL, true);
	assert_int_equal(lr_of(0, DOORBELL), -1);
	assert_false(bitmap_test(dist.vinflight, DOORBELL));
	start(0);
	assert_true(lr_of(0, DOORBELL) >= 0);
}

/* A level line held high: once the vCPU is off and the injection was
 * dropped, the guest routing it to a running vCPU (Linux migrates the
 * interrupts of a CPU it takes down) delivers it there. */
static void test_reroute_delivers_what_was_dropped(void **state)
{
	(void)state;
	route_to(1);
	zone.vcpus[1].state = VCPU_OFF;
	vgic_set_level(&zone, DOORBELL, true);
	serve(1);
	route_to(0);
	serve(0);
	assert_true(lr_of(0, DOORBELL) >= 0);
	assert_true(bitmap_test(dist.vinflight, DOORBELL));
}

/* CPU_OFF while the SPI sits pending in the vCPU's list register: no EOI
 * will come. The distributor keeps it pending for the next target. */
static void test_cpu_off_gives_back_what_its_lrs_held(void **state)
{
	(void)state;
	route_to(1);
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	serve(1);
	assert_true(lr_of(1, DOORBELL) >= 0);
	cpu_off(1);
	assert_int_equal(lr_of(1, DOORBELL), -1);
	assert_false(bitmap_test(dist.vinflight, DOORBELL));
	assert_true(bitmap_test(dist.vpending, DOORBELL));
	route_to(0);
	serve(0);
	assert_true(lr_of(0, DOORBELL) >= 0);
}

/* The guest had taken it (LR active) and went off without its EOI: with
 * the line low there is nothing to deliver again, but it is no longer
 * in flight, so the device's next interrupt gets through. */
static void test_cpu_off_with_spi_active_forgets_it(void **state)
{
	int slot;

	(void)state;
	route_to(1);
	vgic_set_level(&zone, DOORBELL, true);
	serve(1);
	slot = lr_of(1, DOORBELL);
	assert_true(slot >= 0);
	hw.lr[1][slot].state = LR_ACTIVE; /* the guest acknowledged it */
	vgic_set_level(&zone, DOORBELL, false);
	cpu_off(1);
	assert_false(bitmap_test(dist.vinflight, DOORBELL));
	assert_false(bitmap_test(dist.vpending, DOORBELL));
	route_to(0);
	vgic_set_level(&zone, DOORBELL, true);
	serve(0);
	assert_true(lr_of(0, DOORBELL) >= 0);
}

/* The guest's EOI happened, its maintenance interrupt had not been taken
 * when the vCPU went off: the EOI is seen at the quiesce. */
static void test_cpu_off_sees_an_eoi_not_yet_handled(void **state)
{
	int slot;

	(void)state;
	route_to(1);
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	serve(1);
	slot = lr_of(1, DOORBELL);
	assert_true(slot >= 0);
	assert_true(hw.lr[1][slot].eoi_notify);
	hw.lr[1][slot].state = LR_INVALID; /* EOI: ICH_EISR_EL2 bit set */
	hw.eisr[1] |= 1ull << slot;
	cpu_off(1);
	assert_false(bitmap_test(dist.vinflight, DOORBELL));
	assert_false(bitmap_test(dist.vpending, DOORBELL)); /* it was served */
}

/* IROUTER.Interrupt_Routing_Mode = 1 (any PE): vCPU 0 is off, vCPU 1
 * runs; the SPI goes to vCPU 1 instead of waiting for vCPU 0. */
static void test_one_of_n_goes_to_a_running_vcpu(void **state)
{
	(void)state;
	dist.v3_route[DOORBELL] = BIT(31);
	zone.vcpus[0].state = VCPU_OFF;
	vgic_set_level(&zone, DOORBELL, true);
	serve(1);
	assert_true(lr_of(1, DOORBELL) >= 0);
}

/* GICv2: ITARGETSR names vCPUs 0 and 1; vCPU 0 is off. */
static void test_v2_targets_choose_a_running_vcpu(void **state)
{
	(void)state;
	gic.version = 2;
	dist.v2_targets[DOORBELL] = 0x3;
	zone.vcpus[0].state = VCPU_OFF;
	vgic_set_level(&zone, DOORBELL, true);
	serve(1);
	assert_true(lr_of(1, DOORBELL) >= 0);
}

/* The target CPU's event queue is full: the injection was not even sent.
 * It stays pending and goes in at the next attempt. */
static void test_full_event_queue_keeps_it_pending(void **state)
{
	(void)state;
	route_to(1);
	for (u32 i = 0; i < EVENT_QUEUE_LEN; i++)
		assert_int_equal(event_send(1, EVENT_NONE, i), 0);
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	assert_false(bitmap_test(dist.vinflight, DOORBELL));
	assert_true(bitmap_test(dist.vpending, DOORBELL));
	serve(1);
	vgic_virtual_retry(&zone);
	serve(1);
	assert_true(lr_of(1, DOORBELL) >= 0);
}

/* A disabled SPI stays pending while disabled (GICD_ICENABLER does not
 * clear the pending state) and fires when enabled again. */
static void test_pending_survives_a_disable(void **state)
{
	(void)state;
	zone.vcpus[0].state = VCPU_OFF;
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	vgic_enable_virtual_spi(&dist, DOORBELL, false);
	zone.vcpus[0].state = VCPU_ON;
	vgic_virtual_retry(&zone);
	assert_int_equal(lr_of(0, DOORBELL), -1);
	vgic_enable_virtual_spi(&dist, DOORBELL, true);
	assert_true(lr_of(0, DOORBELL) >= 0);
}

/* A zone stop resets the distributor: nothing stays pending for the next
 * boot, which enables its lines anew. */
static void test_zone_stop_forgets_pending(void **state)
{
	(void)state;
	zone.vcpus[0].state = VCPU_OFF;
	vgic_set_level(&zone, DOORBELL, true);
	vgic_set_level(&zone, DOORBELL, false);
	assert_true(bitmap_test(dist.vpending, DOORBELL));
	vgic_zone_stopped(&zone);
	assert_false(bitmap_test(dist.vpending, DOORBELL));
	vgic_enable_virtual_spi(&dist, DOORBELL, true);
	start(0);
	assert_int_equal(lr_of(0, DOORBELL), -1);
}

/* An SGI to a vCPU that is off is lost, as on hardware, and touches no
 * SPI state. */
static void test_sgi_to_an_off_vcpu_is_dropped(void **state)
{
	(void)state;
	zone.vcpus[1].state = VCPU_OFF;
	vgic_deliver(&zone.vcpus[1], 3, 0);
	serve(1);
	start(1);
	assert_int_equal(lr_of(1, 3), -1);
	assert_int_equal(dist.vpending[0], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_spi_to_an_off_vcpu_waits_for_it, setup),
	    cmocka_unit_test_setup(test_spi_to_a_vcpu_not_started_yet, setup),
	    cmocka_unit_test_setup(test_reroute_delivers_what_was_dropped,
				   setup),
	    cmocka_unit_test_setup(test_cpu_off_gives_back_what_its_lrs_held,
				   setup),
	    cmocka_unit_test_setup(test_cpu_off_with_spi_active_forgets_it,
				   setup),
	    cmocka_unit_test_setup(test_cpu_off_sees_an_eoi_not_yet_handled,
				   setup),
	    cmocka_unit_test_setup(test_one_of_n_goes_to_a_running_vcpu, setup),
	    cmocka_unit_test_setup(test_v2_targets_choose_a_running_vcpu,
				   setup),
	    cmocka_unit_test_setup(test_full_event_queue_keeps_it_pending,
				   setup),
	    cmocka_unit_test_setup(test_pending_survives_a_disable, setup),
	    cmocka_unit_test_setup(test_zone_stop_forgets_pending, setup),
	    cmocka_unit_test_setup(test_sgi_to_an_off_vcpu_is_dropped, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
