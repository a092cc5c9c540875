/*
 * Unit tests for core/virtio_mmio_regs.c: the virtio-mmio register file a
 * zone's driver sees, the order of initialisation the spec demands (virtio
 * 1.2 section 3.1.1), and what a driver that breaks the rules gets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "cvisor/virtio_mmio.h"
#include "support.h"

#define QMAX 256u

static struct vmmio_state dev;
static struct vmmio_out out;

static int setup(void **state)
{
	(void)state;
	vmmio_init(&dev, VIRTIO_ID_BLOCK, 1, QMAX);
	vmmio_attach(&dev, true);
	dev.device_features = VIRTIO_F_VERSION_1 | (1u << 9); /* FLUSH */
	return 0;
}

static u32 rd(u32 off)
{
	u64 v = 0xdead;

	assert_int_equal(vmmio_read(&dev, off, 4, &v), 0);
	return (u32)v;
}

static void wr(u32 off, u32 v)
{
	assert_int_equal(vmmio_write(&dev, off, 4, v, &out), 0);
}

static void set_queue(u32 q, u32 num, u64 desc, u64 drv, u64 devr)
{
	wr(VMMIO_QUEUE_SEL, q);
	wr(VMMIO_QUEUE_NUM, num);
	wr(VMMIO_QUEUE_DESC_LOW, (u32)desc);
	wr(VMMIO_QUEUE_DESC_HIGH, (u32)(desc >> 32));
	wr(VMMIO_QUEUE_DRIVER_LOW, (u32)drv);
	wr(VMMIO_QUEUE_DRIVER_HIGH, (u32)(drv >> 32));
	wr(VMMIO_QUEUE_DEVICE_LOW, (u32)devr);
	wr(VMMIO_QUEUE_DEVICE_HIGH, (u32)(devr >> 32));
}

/* What Linux's virtio_mmio + virtio core do, up to DRIVER_OK. */
static void bring_up(void)
{
	wr(VMMIO_STATUS, 0);
	wr(VMMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(VMMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VMMIO_DRIVER_FEAT_SEL, 1);
	wr(VMMIO_DRIVER_FEATURES, 1); /* VERSION_1 */
	wr(VMMIO_DRIVER_FEAT_SEL, 0);
	wr(VMMIO_DRIVER_FEATURES, 1u << 9);
	wr(VMMIO_STATUS, 0xb);
	assert_int_equal(rd(VMMIO_STATUS), 0xb);
	set_queue(0, 128, 0x40001000, 0x40002000, 0x40003000);
	wr(VMMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VMMIO_QUEUE_READY), 1);
	wr(VMMIO_STATUS, 0xf);
	assert_int_equal(out.event, VMMIO_EV_DRIVER_OK);
	assert_int_equal(rd(VMMIO_STATUS), 0xf);
}

static void test_identity(void **state)
{
	(void)state;
	assert_int_equal(rd(VMMIO_MAGIC), 0x74726976);
	assert_int_equal(rd(VMMIO_VERSION), 2);
	assert_int_equal(rd(VMMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	assert_int_equal(rd(VMMIO_VENDOR_ID), VMMIO_VENDOR_VALUE);
	wr(VMMIO_DEVICE_FEAT_SEL, 1);
	assert_int_equal(rd(VMMIO_DEVICE_FEATURES), 1);
	wr(VMMIO_DEVICE_FEAT_SEL, 0);
	assert_int_equal(rd(VMMIO_DEVICE_FEATURES), 1u << 9);
	wr(VMMIO_DEVICE_FEAT_SEL, 7);
	assert_int_equal(rd(VMMIO_DEVICE_FEATURES), 0);
	assert_int_equal(rd(VMMIO_QUEUE_NUM_MAX), QMAX);
	wr(VMMIO_QUEUE_SEL, 1);
	assert_int_equal(rd(VMMIO_QUEUE_NUM_MAX), 0); /* no queue 1 */
	assert_int_equal(rd(VMMIO_SHM_LEN_LOW), 0xffffffffu);
}

static void test_unattached_is_placeholder(void **state)
{
	(void)state;
	vmmio_attach(&dev, false);
	assert_int_equal(rd(VMMIO_DEVICE_ID), 0);
	vmmio_attach(&dev, true);
	assert_int_equal(rd(VMMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
}

static void test_access_sizes(void **state)
{
	u64 v;

	(void)state;
	assert_int_equal(vmmio_read(&dev, VMMIO_STATUS, 8, &v), -CV_EINVAL);
	assert_int_equal(vmmio_read(&dev, VMMIO_STATUS, 2, &v), -CV_EINVAL);
	assert_int_equal(vmmio_read(&dev, VMMIO_STATUS + 1, 4, &v), -CV_EINVAL);
	assert_int_equal(vmmio_write(&dev, VMMIO_STATUS, 1, 1, &out),
			 -CV_EINVAL);
	assert_int_equal(vmmio_read(&dev, VMMIO_SIZE, 4, &v), -CV_EINVAL);
	assert_int_equal(vmmio_read(&dev, VMMIO_CONFIG + 1, 2, &v), -CV_EINVAL);
	assert_int_equal(vmmio_read(&dev, VMMIO_CONFIG, 8, &v), -CV_EINVAL);
	assert_int_equal(dev.status, 0);
}

static void test_bring_up_and_notify(void **state)
{
	(void)state;
	bring_up();
	assert_int_equal(dev.driver_features, VIRTIO_F_VERSION_1 | (1u << 9));
	assert_int_equal(dev.q[0].num, 128);
	assert_int_equal(dev.q[0].desc, 0x40001000);
	assert_int_equal(dev.q[0].driver, 0x40002000);
	assert_int_equal(dev.q[0].device, 0x40003000);
	wr(VMMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(out.event, VMMIO_EV_NOTIFY);
	assert_int_equal(out.queue, 0);
	assert_int_equal(dev.refused, 0);
}

static void test_features_must_be_offered(void **state)
{
	(void)state;
	wr(VMMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VMMIO_DRIVER_FEAT_SEL, 1);
	wr(VMMIO_DRIVER_FEATURES, 1);
	wr(VMMIO_DRIVER_FEAT_SEL, 0);
	wr(VMMIO_DRIVER_FEATURES, 1u << 5); /* not offered */
	wr(VMMIO_STATUS, 0xb);
	assert_int_equal(rd(VMMIO_STATUS), 0x3); /* FEATURES_OK refused */
	/* Without VERSION_1 (a legacy driver) it is refused too. */
	wr(VMMIO_STATUS, 0);
	wr(VMMIO_STATUS, 0x3);
	wr(VMMIO_DRIVER_FEATURES, 1u << 9);
	wr(VMMIO_STATUS, 0xb);
	assert_int_equal(rd(VMMIO_STATUS), 0x3);
	assert_int_equal(dev.refused, 2);
}

static void test_driver_ok_needs_features_ok(void **state)
{
	(void)state;
	wr(VMMIO_STATUS, 0x3);
	wr(VMMIO_STATUS, 0x7);
	assert_int_equal(rd(VMMIO_STATUS), 0x3);
	assert_int_equal(out.event, VMMIO_EV_NONE);
	assert_int_equal(dev.refused, 1);
}

static void test_features_frozen_after_features_ok(void **state)
{
	(void)state;
	bring_up();
	wr(VMMIO_DRIVER_FEATURES, 0);
	assert_int_equal(dev.driver_features, VIRTIO_F_VERSION_1 | (1u << 9));
	assert_int_equal(dev.refused, 1);
}

static void test_status_bits_only_added(void **state)
{
	(void)state;
	bring_up();
	wr(VMMIO_STATUS, 0x3); /* dropping FEATURES_OK and DRIVER_OK */
	assert_int_equal(rd(VMMIO_STATUS), 0xf);
	assert_int_equal(dev.refused, 1);
}

static void test_notify_before_driver_ok(void **state)
{
	(void)state;
	wr(VMMIO_STATUS, 0x3);
	set_queue(0, 64, 0x1000, 0x2000, 0x3000);
	wr(VMMIO_QUEUE_READY, 1);
	wr(VMMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(out.event, VMMIO_EV_NONE);
	assert_int_equal(dev.refused, 1);
}

static void test_notify_bad_queue(void **state)
{
	(void)state;
	bring_up();
	wr(VMMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(out.event, VMMIO_EV_NONE);
	wr(VMMIO_QUEUE_NOTIFY, 0xffffffffu);
	assert_int_equal(out.event, VMMIO_EV_NONE);
	assert_int_equal(dev.refused, 2);
}

static void test_queue_set_up_twice(void **state)
{
	(void)state;
	bring_up();
	/* A live queue's size and rings do not move. */
	set_queue(0, 16, 0x50000000, 0x50001000, 0x50002000);
	assert_int_equal(dev.q[0].num, 128);
	assert_int_equal(dev.q[0].desc, 0x40001000);
	assert_int_equal(dev.q[0].device, 0x40003000);
	wr(VMMIO_QUEUE_READY, 1);
	assert_int_equal(dev.refused, 8);
	/* Nor by taking it down first: without VIRTIO_F_RING_RESET a
	 * queue stays where the backend took it at DRIVER_OK. */
	wr(VMMIO_QUEUE_READY, 0);
	assert_int_equal(rd(VMMIO_QUEUE_READY), 1);
	set_queue(0, 16, 0x50000000, 0x50001000, 0x50002000);
	assert_int_equal(dev.q[0].desc, 0x40001000);
	assert_int_equal(dev.refused, 8 + 1 + 7);
	/* Before DRIVER_OK, a queue taken down may be set up again. */
	wr(VMMIO_STATUS, 0);
	wr(VMMIO_STATUS, 0x3);
	set_queue(0, 128, 0x40001000, 0x40002000, 0x40003000);
	wr(VMMIO_QUEUE_READY, 1);
	wr(VMMIO_QUEUE_READY, 0);
	set_queue(0, 16, 0x50000000, 0x50001000, 0x50002000);
	wr(VMMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VMMIO_QUEUE_READY), 1);
	assert_int_equal(dev.q[0].num, 16);
}

static void test_queue_ready_checks(void **state)
{
	static const struct {
		u32 num;
		u64 desc, drv, devr;
	} bad[] = {
	    {0, 0x1000, 0x2000, 0x3000},	/* no size */
	    {QMAX * 2, 0x1000, 0x2000, 0x3000}, /* above the maximum */
	    {100, 0x1000, 0x2000, 0x3000},	/* not a power of two */
	    {64, 0x1008, 0x2000, 0x3000},	/* descriptors unaligned */
	    {64, 0x1000, 0x2001, 0x3000},	/* driver ring unaligned */
	    {64, 0x1000, 0x2000, 0x3002},	/* device ring unaligned */
	};

	(void)state;
	wr(VMMIO_STATUS, 0x3);
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		set_queue(0, bad[i].num, bad[i].desc, bad[i].drv, bad[i].devr);
		wr(VMMIO_QUEUE_READY, 1);
		assert_int_equal(rd(VMMIO_QUEUE_READY), 0);
	}
	assert_int_equal(dev.refused, ARRAY_SIZE(bad));
	/* The queue that does not exist ignores everything. */
	set_queue(3, 64, 0x1000, 0x2000, 0x3000);
	wr(VMMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VMMIO_QUEUE_READY), 0);
}

static void test_reset_clears(void **state)
{
	u32 epoch;

	(void)state;
	bring_up();
	epoch = dev.epoch;
	assert_true(vmmio_raise(&dev, VMMIO_INT_VRING, epoch));
	wr(VMMIO_STATUS, 0);
	assert_int_equal(out.event, VMMIO_EV_RESET);
	assert_false(out.irq_level);
	assert_int_equal(rd(VMMIO_STATUS), 0);
	assert_int_equal(rd(VMMIO_INTERRUPT_STATUS), 0);
	wr(VMMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(VMMIO_QUEUE_READY), 0);
	assert_int_equal(rd(VMMIO_QUEUE_NUM), 0);
	assert_int_equal(dev.driver_features, 0);
	assert_int_not_equal(dev.epoch, epoch);
	/* A completion from before the reset is dropped. */
	assert_false(vmmio_raise(&dev, VMMIO_INT_VRING, epoch));
	bring_up();
	assert_false(vmmio_raise(&dev, VMMIO_INT_VRING, epoch));
	assert_true(vmmio_raise(&dev, VMMIO_INT_VRING, dev.epoch));
}

static void test_interrupt_ack(void **state)
{
	(void)state;
	assert_false(vmmio_raise(&dev, VMMIO_INT_VRING, dev.epoch));
	bring_up();
	assert_false(vmmio_raise(&dev, 0x4, dev.epoch)); /* no such bit */
	assert_true(vmmio_raise(&dev, VMMIO_INT_VRING, dev.epoch));
	assert_true(vmmio_irq_level(&dev));
	assert_int_equal(rd(VMMIO_INTERRUPT_STATUS), VMMIO_INT_VRING);
	wr(VMMIO_INTERRUPT_ACK, VMMIO_INT_CONFIG);
	assert_true(out.irq_level);
	wr(VMMIO_INTERRUPT_ACK, VMMIO_INT_VRING);
	assert_false(out.irq_level);
	assert_int_equal(rd(VMMIO_INTERRUPT_STATUS), 0);
}

static void test_fail_needs_reset(void **state)
{
	(void)state;
	vmmio_fail(&dev); /* before DRIVER_OK: nothing to reset */
	assert_int_equal(dev.status, 0);
	bring_up();
	vmmio_fail(&dev);
	assert_int_equal(rd(VMMIO_STATUS), 0xf | VIRTIO_STATUS_NEEDS_RESET);
	assert_int_equal(rd(VMMIO_INTERRUPT_STATUS), VMMIO_INT_CONFIG);
	/* The driver echoes the bit back when it adds FAILED: allowed. */
	wr(VMMIO_STATUS, 0xcf);
	assert_int_equal(rd(VMMIO_STATUS), 0xcf);
	/* No notifications reach the backend until the reset. */
	wr(VMMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(out.event, VMMIO_EV_NONE);
	wr(VMMIO_STATUS, 0);
	assert_int_equal(rd(VMMIO_STATUS), 0);
}

static void test_config_space(void **state)
{
	u64 v;

	(void)state;
	assert_int_equal(vmmio_set_config_len(&dev, 12), 0);
	assert_int_equal(vmmio_set_config_len(&dev, VMMIO_CONFIG_SIZE + 1),
			 -CV_EINVAL);
	vmmio_set_config(&dev, 0, 0x04030201);
	vmmio_set_config(&dev, 4, 0x08070605);
	vmmio_set_config(&dev, 8, 0x0c0b0a09);
	vmmio_set_config(&dev, 254, 0xff); /* misaligned: ignored */
	vmmio_set_config(&dev, VMMIO_CONFIG_SIZE, 0xff);
	assert_int_equal(rd(VMMIO_CONFIG_GEN), 4);
	assert_int_equal(rd(VMMIO_CONFIG), 0x04030201);
	assert_int_equal(vmmio_read(&dev, VMMIO_CONFIG + 6, 2, &v), 0);
	assert_int_equal(v, 0x0807);
	assert_int_equal(vmmio_read(&dev, VMMIO_CONFIG + 11, 1, &v), 0);
	assert_int_equal(v, 0x0c);
	/* Beyond the published length reads as zero. */
	assert_int_equal(rd(VMMIO_CONFIG + 12), 0);
	assert_int_equal(rd(VMMIO_CONFIG + 0xfc), 0);
	wr(VMMIO_CONFIG, 0x55);
	assert_int_equal(rd(VMMIO_CONFIG), 0x04030201);
	assert_int_equal(dev.refused, 1);
}

static bool queue_ok(const struct vmmio_queue *q)
{
	return q->num && q->num <= QMAX && !(q->num & (q->num - 1)) &&
	       q->desc % 16 == 0 && q->driver % 2 == 0 && q->device % 4 == 0;
}

/* Random register traffic never breaks the invariants. */
static void test_random_traffic(void **state)
{
	u64 seed = 0x5eed1234;

	(void)state;
	for (u32 i = 0; i < 200000; i++) {
		u32 off =
		    (u32)test_random_range(&seed, 0, VMMIO_SIZE / 4 - 1) * 4;
		u64 v;

		if (test_random(&seed) & 1)
			assert_int_equal(vmmio_read(&dev, off, 4, &v), 0);
		else
			wr(off, (u32)test_random(&seed) &
				    (test_random(&seed) & 1 ? 0xff : ~0u));
		if (test_random_range(&seed, 0, 99) == 0)
			vmmio_raise(&dev, 3, dev.epoch);
		for (u32 q = 0; q < VMMIO_MAX_QUEUES; q++)
			if (dev.q[q].ready)
				assert_true(q < dev.nr_queues &&
					    queue_ok(&dev.q[q]));
		if (dev.status & VIRTIO_STATUS_DRIVER_OK)
			assert_true(dev.status & VIRTIO_STATUS_FEATURES_OK);
		if (dev.status & VIRTIO_STATUS_FEATURES_OK) {
			assert_true(dev.driver_features & VIRTIO_F_VERSION_1);
			assert_false(dev.driver_features &
				     ~dev.device_features);
		}
		assert_true(dev.isr <= 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_identity, setup),
	    cmocka_unit_test_setup(test_unattached_is_placeholder, setup),
	    cmocka_unit_test_setup(test_access_sizes, setup),
	    cmocka_unit_test_setup(test_bring_up_and_notify, setup),
	    cmocka_unit_test_setup(test_features_must_be_offered, setup),
	    cmocka_unit_test_setup(test_driver_ok_needs_features_ok, setup),
	    cmocka_unit_test_setup(test_features_frozen_after_features_ok,
				   setup),
	    cmocka_unit_test_setup(test_status_bits_only_added, setup),
	    cmocka_unit_test_setup(test_notify_before_driver_ok, setup),
	    cmocka_unit_test_setup(test_notify_bad_queue, setup),
	    cmocka_unit_test_setup(test_queue_set_up_twice, setup),
	    cmocka_unit_test_setup(test_queue_ready_checks, setup),
	    cmocka_unit_test_setup(test_reset_clears, setup),
	    cmocka_unit_test_setup(test_interrupt_ack, setup),
	    cmocka_unit_test_setup(test_fail_needs_reset, setup),
	    cmocka_unit_test_setup(test_config_space, setup),
	    cmocka_unit_test_setup(test_random_traffic, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
