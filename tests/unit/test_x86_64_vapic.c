/*
 * Unit tests for the virtual local APIC and I/O APIC state machines
 * (arch/x86_64/vlapic.c, vioapic.c): priorities, EOI, the timer modes,
 * the ICR, logical/physical destinations, edge and level pins.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/vioapic.h"
#include "arch/x86_64/vlapic.h"

static struct vlapic a;
static struct vlapic_ipi ipi;

static void enable(void)
{
	vlapic_reset(&a, 1);
	vlapic_write(&a, APIC_SVR, 0x1ff, 0, &ipi); /* enabled, spurious 0xff */
}

static void test_reset_state(void **state)
{
	(void)state;
	vlapic_reset(&a, 3);
	assert_int_equal(vlapic_read(&a, APIC_ID, 0), 3u << 24);
	assert_int_equal(vlapic_read(&a, APIC_VERSION, 0) & 0xff, 0x14);
	assert_int_equal(vlapic_read(&a, APIC_LVT_TMR, 0), 1u << 16);
	assert_int_equal(vlapic_read(&a, APIC_DFR, 0), 0xffffffffu);
	/* software-disabled: nothing is delivered */
	vlapic_accept(&a, 0x40, false);
	assert_int_equal(vlapic_pending(&a), -1);
}

static void test_priority_and_eoi(void **state)
{
	(void)state;
	enable();
	assert_false(vlapic_accept(&a, 5, false)); /* illegal vector */
	assert_int_equal(vlapic_read(&a, APIC_ESR, 0) & (1u << 6), 1u << 6);
	vlapic_accept(&a, 0x41, false);
	vlapic_accept(&a, 0x61, false);
	assert_int_equal(vlapic_pending(&a), 0x61);
	vlapic_ack(&a, 0x61);
	/* 0x41's class (4) is below the in-service class (6) */
	assert_int_equal(vlapic_pending(&a), -1);
	assert_int_equal(vlapic_read(&a, APIC_PPR, 0), 0x60);
	assert_int_equal(vlapic_read(&a, APIC_ISR + 0x30, 0), 1u << 1);
	assert_int_equal(vlapic_write(&a, APIC_EOI, 0, 0, &ipi), -1); /* edge */
	assert_int_equal(vlapic_pending(&a), 0x41);
	/* TPR masks a class and below */
	vlapic_write(&a, APIC_TPR, 0x40, 0, &ipi);
	assert_int_equal(vlapic_pending(&a), -1);
	vlapic_write(&a, APIC_TPR, 0x30, 0, &ipi);
	assert_int_equal(vlapic_pending(&a), 0x41);
	/* a level-triggered vector's EOI is reported (for the IOAPIC) */
	vlapic_ack(&a, 0x41);
	vlapic_accept(&a, 0x81, true);
	vlapic_ack(&a, 0x81);
	assert_int_equal(vlapic_write(&a, APIC_EOI, 0, 0, &ipi), 0x81);
	assert_int_equal(vlapic_write(&a, APIC_EOI, 0, 0, &ipi), -1);
}

static void test_timer_oneshot_periodic(void **state)
{
	(void)state;
	enable();
	vlapic_write(&a, APIC_TDCR, 0xb, 0, &ipi);     /* divide by 1 */
	vlapic_write(&a, APIC_LVT_TMR, 0xec, 0, &ipi); /* one-shot */
	vlapic_write(&a, APIC_TMICT, 1000, 5000, &ipi);
	assert_int_equal(vlapic_read(&a, APIC_TMCCT, 5400), 600);
	assert_false(vlapic_timer_check(&a, 5999));
	assert_true(vlapic_timer_check(&a, 6000));
	assert_int_equal(vlapic_pending(&a), 0xec);
	assert_int_equal(vlapic_read(&a, APIC_TMCCT, 6500), 0);
	assert_false(vlapic_timer_check(&a, 9000)); /* one shot only */
	vlapic_ack(&a, 0xec);
	vlapic_write(&a, APIC_EOI, 0, 0, &ipi);
	/* periodic, divide by 2 (TDCR 0): period 200 */
	vlapic_write(&a, APIC_TDCR, 0, 0, &ipi);
	vlapic_write(&a, APIC_LVT_TMR, (1u << 17) | 0xec, 0, &ipi);
	vlapic_write(&a, APIC_TMICT, 100, 10000, &ipi);
	assert_true(vlapic_timer_check(&a, 10250));
	assert_int_equal(a.next_fire, 10400); /* phase kept */
	assert_int_equal(vlapic_read(&a, APIC_TMCCT, 10450), 75);
	/* masked: fires without an interrupt */
	vlapic_ack(&a, 0xec);
	vlapic_write(&a, APIC_EOI, 0, 0, &ipi);
	vlapic_write(&a, APIC_LVT_TMR, (1u << 17) | (1u << 16) | 0xec, 0, &ipi);
	vlapic_write(&a, APIC_TMICT, 100, 20000, &ipi);
	assert_true(vlapic_timer_check(&a, 20200));
	assert_int_equal(vlapic_pending(&a), -1);
}

static void test_timer_tsc_deadline(void **state)
{
	(void)state;
	enable();
	vlapic_set_deadline(&a, 777, 0); /* not in deadline mode: ignored */
	assert_int_equal(vlapic_get_deadline(&a), 0);
	vlapic_write(&a, APIC_LVT_TMR, (2u << 17) | 0xef, 0, &ipi);
	vlapic_write(&a, APIC_TMICT, 100, 0, &ipi); /* ignored */
	assert_int_equal(a.next_fire, 0);
	vlapic_set_deadline(&a, 5000, 100);
	assert_int_equal(vlapic_get_deadline(&a), 5000);
	assert_false(vlapic_timer_check(&a, 4999));
	assert_true(vlapic_timer_check(&a, 5001));
	assert_int_equal(vlapic_pending(&a), 0xef);
	assert_int_equal(vlapic_get_deadline(&a), 0); /* disarmed */
	vlapic_set_deadline(&a, 9000, 100);
	vlapic_set_deadline(&a, 0, 100); /* 0 disarms */
	assert_false(vlapic_timer_check(&a, 10000));
}

static void test_icr_and_destinations(void **state)
{
	(void)state;
	enable();
	vlapic_write(&a, APIC_ICR_HI, 0x01000000, 0, &ipi);
	assert_false(ipi.valid);
	vlapic_write(&a, APIC_ICR_LO, 0x40fd, 0, &ipi); /* fixed, vector fd */
	assert_true(ipi.valid);
	assert_int_equal(ipi.vector, 0xfd);
	assert_int_equal(ipi.mode, ICR_FIXED);
	assert_int_equal(ipi.dest, 1);
	assert_int_equal(ipi.shorthand, DEST_FIELD);
	vlapic_write(&a, APIC_ICR_LO, 0xc4500, 0, &ipi); /* INIT, others */
	assert_int_equal(ipi.mode, ICR_INIT);
	assert_int_equal(ipi.shorthand, DEST_OTHERS);
	assert_false(ipi.level_deassert);
	vlapic_write(&a, APIC_ICR_LO, 0x8500, 0, &ipi); /* INIT de-assert */
	assert_true(ipi.level_deassert);
	vlapic_write(&a, APIC_ICR_LO, 0x699, 0, &ipi); /* STARTUP 0x99 */
	assert_int_equal(ipi.mode, ICR_SIPI);
	assert_int_equal(ipi.vector, 0x99);
	assert_int_equal(vlapic_read(&a, APIC_ICR_LO, 0) & (1u << 12), 0);
	/* physical and logical (flat, cluster) matching */
	assert_true(vlapic_match(&a, 1, false));
	assert_true(vlapic_match(&a, 0xff, false));
	assert_false(vlapic_match(&a, 2, false));
	vlapic_write(&a, APIC_LDR, 0x02000000, 0, &ipi);
	assert_true(vlapic_match(&a, 0x03, true));
	assert_false(vlapic_match(&a, 0x01, true));
	vlapic_write(&a, APIC_DFR, 0x0fffffff, 0, &ipi); /* cluster */
	vlapic_write(&a, APIC_LDR, 0x12000000, 0, &ipi);
	assert_true(vlapic_match(&a, 0x16, true));
	assert_false(vlapic_match(&a, 0x26, true));
}

static void test_ioapic_registers(void **state)
{
	struct vioapic io;
	struct vioapic_msg m;

	(void)state;
	vioapic_reset(&io);
	vioapic_write(&io, 0x00, 0x01, &m); /* IOREGSEL = version */
	assert_int_equal(vioapic_read(&io, 0x10), 0x00170020);
	vioapic_write(&io, 0x00, 0x18, &m); /* pin 4 low dword */
	assert_int_equal(vioapic_read(&io, 0x10), 1u << 16); /* masked */
	assert_int_equal(vioapic_read(&io, 0x00), 0x18);
	/* raised while masked: nothing; unmasked edge pin: next edge */
	assert_false(vioapic_set_level(&io, 4, true, &m));
	vioapic_write(&io, 0x10, 0x31, &m); /* vector 0x31, edge */
	vioapic_write(&io, 0x00, 0x19, &m);
	vioapic_write(&io, 0x10, 0x01000000, &m);	   /* dest APIC 1 */
	assert_false(vioapic_set_level(&io, 4, true, &m)); /* still high */
	assert_false(vioapic_set_level(&io, 4, false, &m));
	assert_true(vioapic_set_level(&io, 4, true, &m));
	assert_int_equal(m.vector, 0x31);
	assert_int_equal(m.dest, 1);
	assert_false(m.logical);
	assert_false(m.level);
	assert_false(vioapic_set_level(&io, 99, true, &m));
	/* read-only bits (delivery status, remote IRR) are not written */
	vioapic_write(&io, 0x00, 0x18, &m);
	vioapic_write(&io, 0x10, 0x31 | (1u << 12) | (1u << 14), &m);
	assert_int_equal(vioapic_read(&io, 0x10), 0x31);
}

static void test_ioapic_level_remote_irr(void **state)
{
	struct vioapic io;
	struct vioapic_msg m;

	(void)state;
	vioapic_reset(&io);
	vioapic_write(&io, 0x00, 0x10 + 2 * 9, &m);
	/* level, masked: asserting does nothing yet */
	vioapic_write(&io, 0x10, 0x39 | (1u << 15) | (1u << 16), &m);
	assert_false(vioapic_set_level(&io, 9, true, &m));
	/* unmasking a high level pin delivers it, remote IRR set */
	assert_true(vioapic_write(&io, 0x10, 0x39 | (1u << 15), &m));
	assert_true(m.level);
	assert_int_equal(vioapic_read(&io, 0x10) & (1u << 14), 1u << 14);
	assert_false(vioapic_set_level(&io, 9, true, &m)); /* in service */
	/* EOI with the line still high: delivered again */
	assert_true(vioapic_eoi(&io, 0x39, &m));
	assert_int_equal(m.vector, 0x39);
	vioapic_set_level(&io, 9, false, &m);
	assert_false(vioapic_eoi(&io, 0x39, &m));
	assert_int_equal(vioapic_read(&io, 0x10) & (1u << 14), 0);
	/* the EOI register (0x40) does the same */
	assert_true(vioapic_set_level(&io, 9, true, &m));
	assert_true(vioapic_write(&io, 0x40, 0x39, &m));  /* still high */
	assert_false(vioapic_write(&io, 0x40, 0x55, &m)); /* other vector */
}

/* A level pin delivered to a vCPU that is off (its APIC takes it into
 * IRR) or that had it in service: the vCPU's start resets its APIC and no
 * EOI will come. vapic_vcpu_reset gives the I/O APIC the EOI of each
 * level vector the APIC drops, so the pin is not stuck in Remote IRR. */
static void test_apic_reset_finishes_level_vectors(void **state)
{
	struct vioapic io;
	struct vioapic_msg m;
	u32 level[8];

	(void)state;
	enable();
	vioapic_reset(&io);
	vioapic_write(&io, 0x00, 0x10 + 2 * 9, &m);
	vioapic_write(&io, 0x10, 0x39 | (1u << 15), &m); /* level */
	assert_true(vioapic_set_level(&io, 9, true, &m));
	assert_true(vlapic_accept(&a, m.vector, m.level));
	vlapic_accept(&a, 0x41, true);
	vlapic_ack(&a, 0x41);		/* in service */
	vlapic_accept(&a, 0x50, false); /* edge: no EOI awaited */
	vlapic_unfinished_level(&a, level);
	assert_int_equal(level[0x39 / 32], 1u << (0x39 % 32));
	assert_int_equal(level[0x41 / 32], 1u << (0x41 % 32));
	assert_int_equal(level[0x50 / 32] & (1u << (0x50 % 32)), 0);
	for (u32 i = 0; i < 8; i++) {
		if (i != 0x39 / 32 && i != 0x41 / 32)
			assert_int_equal(level[i], 0);
	}
	/* The pin, still high, is sent again once its EOI is given. */
	assert_false(vioapic_set_level(&io, 9, true, &m));
	assert_true(vioapic_eoi(&io, 0x39, &m));
	assert_int_equal(m.vector, 0x39);
	/* After the reset nothing is left unfinished. */
	vlapic_reset(&a, 1);
	vlapic_unfinished_level(&a, level);
	for (u32 i = 0; i < 8; i++)
		assert_int_equal(level[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reset_state),
	    cmocka_unit_test(test_priority_and_eoi),
	    cmocka_unit_test(test_timer_oneshot_periodic),
	    cmocka_unit_test(test_timer_tsc_deadline),
	    cmocka_unit_test(test_icr_and_destinations),
	    cmocka_unit_test(test_ioapic_registers),
	    cmocka_unit_test(test_ioapic_level_remote_irr),
	    cmocka_unit_test(test_apic_reset_finishes_level_vectors),
	};

	return cmocka_run_group_tests_name("x86_64 vapic", tests, NULL, NULL);
}
