/*
 * Unit tests for drivers/irqchip/vgic_sgi.c: a guest's SGIs, GICv3
 * (ICC_SGI1R_EL1: posted in the target vCPU's word, one cvisor IPI per
 * empty word, taken into a list register) and GICv2 (GICD_SGIR, through
 * vgic_deliver with the source). The functions it calls are fakes below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/vgic.h"

#define MAX_LOG 32

/* ---- fakes ---- */

struct gic_info gic;

static struct {
	u32 ipis, ipi_cpu[MAX_LOG];
	u32 placed, placed_sgi[MAX_LOG];
	bool lrs_free;
	u32 injects, inject_id[MAX_LOG];
	u32 events, event_vcpu[MAX_LOG], event_arg[MAX_LOG];
	u32 delivers, deliver_vcpu[MAX_LOG], deliver_id[MAX_LOG],
	    deliver_src[MAX_LOG];
	u32 log_lines;
} fake;

static void fake_send_sgi(u32 cpuid, u32 sgi)
{
	assert_int_equal(sgi, GIC_IPI_SGI);
	fake.ipi_cpu[fake.ipis++ % MAX_LOG] = cpuid;
}

static bool fake_place_sgi(u32 sgi)
{
	if (!fake.lrs_free)
		return false;
	fake.placed_sgi[fake.placed++ % MAX_LOG] = sgi;
	return true;
}

static const struct gic_ops fake_ops = {.send_sgi = fake_send_sgi,
					.place_sgi = fake_place_sgi};
const struct gic_ops *gic_ops = &fake_ops;

int vgic_inject(struct vcpu *vcpu, u32 vintid, bool hw, u32 pintid)
{
	(void)vcpu;
	assert_false(hw);
	assert_int_equal(pintid, 0);
	fake.inject_id[fake.injects++ % MAX_LOG] = vintid;
	return 0;
}

void vgic_inject_event(struct vcpu *vcpu, u64 arg)
{
	fake.event_vcpu[fake.events % MAX_LOG] = vcpu->id;
	fake.event_arg[fake.events++ % MAX_LOG] = (u32)arg;
}

void vgic_deliver(struct vcpu *target, u32 vintid, u32 source)
{
	fake.deliver_vcpu[fake.delivers % MAX_LOG] = target->id;
	fake.deliver_id[fake.delivers % MAX_LOG] = vintid;
	fake.deliver_src[fake.delivers++ % MAX_LOG] = source;
}

void log_printf(const char *level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	fake.log_lines++;
}

/* ---- a zone of four vCPUs on pCPUs 4-7 ---- */

static struct zone zone;

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	memset(&zone, 0, sizeof(zone));
	gic.version = 3;
	fake.lrs_free = true;
	zone.nr_vcpus = 4;
	for (u32 i = 0; i < zone.nr_vcpus; i++)
		zone.vcpus[i] = (struct vcpu){
		    .id = i, .pcpu = 4 + i, .zone = &zone, .state = VCPU_ON};
	return 0;
}

/* ICC_SGI1R_EL1 with INTID and TargetList (Aff3-Aff1 = 0). */
static u64 sgi1r(u32 sgi, u32 list)
{
	return (u64)sgi << 24 | list;
}

static void test_one_target_posts_and_kicks_once(void **state)
{
	struct vcpu *t = &zone.vcpus[2];

	(void)state;
	vgic_send_sgi_v3(&zone.vcpus[0], sgi1r(5, 1u << 2));
	assert_int_equal(t->arch.sgis_posted, 1u << 5);
	assert_int_equal(fake.ipis, 1);
	assert_int_equal(fake.ipi_cpu[0], 6);
	/* A second SGI before the target took the word: no second IPI. */
	vgic_send_sgi_v3(&zone.vcpus[1], sgi1r(9, 1u << 2));
	assert_int_equal(t->arch.sgis_posted, 1u << 5 | 1u << 9);
	assert_int_equal(fake.ipis, 1);
	/* The target takes both, lowest first, into list registers. */
	vgic_take_posted_sgis(t);
	assert_int_equal(t->arch.sgis_posted, 0);
	assert_int_equal(fake.placed, 2);
	assert_int_equal(fake.placed_sgi[0], 5);
	assert_int_equal(fake.placed_sgi[1], 9);
	assert_int_equal(t->nr_irqs, 2);
	/* The word is empty again: the next SGI kicks again. */
	vgic_send_sgi_v3(&zone.vcpus[0], sgi1r(5, 1u << 2));
	assert_int_equal(fake.ipis, 2);
}

static void test_same_cpu_target_injects_at_once(void **state)
{
	(void)state;
	zone.vcpus[1].pcpu = zone.vcpus[0].pcpu;
	vgic_send_sgi_v3(&zone.vcpus[0], sgi1r(3, 1u << 1));
	assert_int_equal(fake.ipis, 0);
	assert_int_equal(fake.events, 1);
	assert_int_equal(fake.event_vcpu[0], 1);
	assert_int_equal(fake.event_arg[0], 3);
	assert_int_equal(zone.vcpus[1].arch.sgis_posted, 0);
}

static void test_target_list_of_several(void **state)
{
	(void)state;
	vgic_send_sgi_v3(&zone.vcpus[0], sgi1r(1, 0xe));
	assert_int_equal(fake.ipis, 3);
	for (u32 v = 1; v < 4; v++)
		assert_int_equal(zone.vcpus[v].arch.sgis_posted, 1u << 1);
	assert_int_equal(zone.vcpus[0].arch.sgis_posted, 0);
}

static void test_irm_reaches_all_but_the_sender(void **state)
{
	(void)state;
	vgic_send_sgi_v3(&zone.vcpus[2], (u64)1 << 40 | sgi1r(7, 0));
	assert_int_equal(fake.ipis, 3);
	for (u32 v = 0; v < 4; v++)
		assert_int_equal(zone.vcpus[v].arch.sgis_posted,
				 v == 2 ? 0 : 1u << 7);
}

static void test_targets_outside_the_zone(void **state)
{
	(void)state;
	/* TargetList beyond the zone's vCPUs: only the existing one. */
	vgic_send_sgi_v3(&zone.vcpus[0], sgi1r(2, 0x30 | 1u << 3));
	assert_int_equal(fake.ipis, 1);
	assert_int_equal(zone.vcpus[3].arch.sgis_posted, 1u << 2);
	assert_int_equal(zone.refused_sgis, 1);
	/* Aff1, Aff2, Aff3 or RS name no vCPU: nobody. */
	vgic_send_sgi_v3(&zone.vcpus[0], (u64)1 << 16 | sgi1r(2, 1u << 1));
	vgic_send_sgi_v3(&zone.vcpus[0], (u64)1 << 32 | sgi1r(2, 1u << 1));
	vgic_send_sgi_v3(&zone.vcpus[0], (u64)1 << 48 | sgi1r(2, 1u << 1));
	vgic_send_sgi_v3(&zone.vcpus[0], (u64)1 << 44 | sgi1r(2, 1u << 1));
	assert_int_equal(fake.ipis, 1);
	assert_int_equal(zone.vcpus[1].arch.sgis_posted, 0);
	assert_int_equal(zone.refused_sgis, 5);
	/* An empty TargetList is no SGI, and no complaint. */
	vgic_send_sgi_v3(&zone.vcpus[0], sgi1r(2, 0));
	assert_int_equal(fake.ipis, 1);
	assert_int_equal(zone.refused_sgis, 5);
}

static void test_take_falls_back_to_the_queue(void **state)
{
	struct vcpu *t = &zone.vcpus[1];

	(void)state;
	/* Busy list registers: through vgic_inject (which queues). */
	fake.lrs_free = false;
	t->arch.sgis_posted = 1u << 4 | 1u << 6;
	vgic_take_posted_sgis(t);
	assert_int_equal(fake.injects, 2);
	assert_int_equal(fake.inject_id[0], 4);
	assert_int_equal(fake.inject_id[1], 6);
	/* Interrupts already queued go first: no LR written directly. */
	fake.lrs_free = true;
	t->arch.pending.count = 1;
	t->arch.sgis_posted = 1u << 8;
	vgic_take_posted_sgis(t);
	assert_int_equal(fake.placed, 0);
	assert_int_equal(fake.injects, 3);
}

static void test_take_drops_for_a_stopped_vcpu(void **state)
{
	struct vcpu *t = &zone.vcpus[1];

	(void)state;
	t->state = VCPU_OFF;
	t->arch.sgis_posted = 1u << 4;
	vgic_take_posted_sgis(t);
	assert_int_equal(t->arch.sgis_posted, 0);
	assert_int_equal(fake.placed + fake.injects, 0);
	vgic_take_posted_sgis(NULL); /* an idle CPU: nothing to do */
}

static void test_v2_filters(void **state)
{
	(void)state;
	gic.version = 2;
	/* 0: the list (one outside the zone is logged, not sent). */
	vgic_send_sgi_v2(&zone.vcpus[1], 0x00150003u);
	assert_int_equal(fake.delivers, 2);
	assert_int_equal(fake.deliver_vcpu[0], 0);
	assert_int_equal(fake.deliver_vcpu[1], 2);
	assert_int_equal(fake.deliver_id[0], 3);
	assert_int_equal(fake.deliver_src[0], 1);
	assert_int_equal(zone.refused_sgis, 1);
	/* 1: all but the sender; 2: the sender; 3: reserved, nobody. */
	vgic_send_sgi_v2(&zone.vcpus[1], 0x01000004u);
	assert_int_equal(fake.delivers, 5);
	vgic_send_sgi_v2(&zone.vcpus[1], 0x02000005u);
	assert_int_equal(fake.delivers, 6);
	assert_int_equal(fake.deliver_vcpu[5], 1);
	vgic_send_sgi_v2(&zone.vcpus[1], 0x03ff0006u);
	assert_int_equal(fake.delivers, 6);
	assert_int_equal(fake.ipis, 0); /* GICv2 never posts */
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_one_target_posts_and_kicks_once),
	    T(test_same_cpu_target_injects_at_once),
	    T(test_target_list_of_several),
	    T(test_irm_reaches_all_but_the_sender),
	    T(test_targets_outside_the_zone),
	    T(test_take_falls_back_to_the_queue),
	    T(test_take_drops_for_a_stopped_vcpu),
	    T(test_v2_filters),
	};

	return cmocka_run_group_tests_name("vgic_sgi", tests, NULL, NULL);
}
