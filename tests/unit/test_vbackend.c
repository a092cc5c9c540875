/*
 * Unit tests for the root zone's side of a virtio zone: the backend's
 * register page (core/vbackend_regs.c) and the virtual PCI function's
 * configuration space (core/vpci_fn.c) as Linux's PCI core and
 * uio_pci_generic use them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/errno.h"
#include "cvisor/vbackend.h"
#include "cvisor/vpci.h"

static struct vbackend vb;
static struct vb_out out;

static int setup(void **state)
{
	(void)state;
	vbackend_init(&vb);
	vb.nr_devs = 2;
	vmmio_init(&vb.dev[0], VIRTIO_ID_BLOCK, 1, 128);
	vmmio_init(&vb.dev[1], VIRTIO_ID_CONSOLE, 2, 64);
	return 0;
}

static u64 rd(u32 off)
{
	u64 v = 0xdead;
	u32 size = off == VB_EVENT || off == VB_DEV_FEATURES ||
			   off == VB_DEV_DRIVER_FEATURES || off >= VB_Q_DESC
		       ? 8
		       : 4;

	if (off >= VB_DEV_IRQ && off < VB_RAM_IPA)
		size = 4;
	assert_int_equal(vbackend_read(&vb, off, size, &v), 0);
	return v;
}

static void wr(u32 off, u32 size, u64 v)
{
	assert_int_equal(vbackend_write(&vb, off, size, v, &out), 0);
}

static void test_identity_and_sizes(void **state)
{
	u64 v;

	(void)state;
	assert_int_equal(rd(VB_MAGIC), VB_MAGIC_VALUE);
	assert_int_equal(rd(VB_NR_DEVS), 2);
	wr(VB_DEV_SEL, 4, 1);
	assert_int_equal(rd(VB_DEV_TYPE), VIRTIO_ID_CONSOLE);
	assert_int_equal(rd(VB_DEV_QUEUES), 2);
	assert_int_equal(rd(VB_DEV_QUEUE_MAX), 64);
	assert_int_equal(vbackend_read(&vb, VB_EVENT, 4, &v), -CV_EINVAL);
	assert_int_equal(vbackend_read(&vb, VB_MAGIC, 8, &v), -CV_EINVAL);
	assert_int_equal(vbackend_read(&vb, VB_PAGE_SIZE, 4, &v), -CV_EINVAL);
	assert_int_equal(vbackend_write(&vb, VB_DEV_FEATURES, 4, 1, &out),
			 -CV_EINVAL);
	/* A device that does not exist reads 0 and ignores writes. */
	wr(VB_DEV_SEL, 4, 7);
	assert_int_equal(rd(VB_DEV_TYPE), 0);
	wr(VB_DEV_FEATURES, 8, ~0ull);
	assert_false(out.irq_valid);
}

static void test_events_fifo_and_overflow(void **state)
{
	(void)state;
	assert_int_equal(rd(VB_EVENT), 0);
	assert_false(vb.int_status);
	assert_true(vbackend_push(&vb, vb_event(VB_EV_NOTIFY, 1, 1, 7)));
	assert_true(vbackend_push(&vb, vb_event(VB_EV_RESET, 0, 0, 8)));
	assert_true(vb.int_status);
	u64 e = rd(VB_EVENT);
	assert_int_equal(VB_EV_KIND(e), VB_EV_NOTIFY);
	assert_int_equal(VB_EV_DEV(e), 1);
	assert_int_equal(VB_EV_QUEUE(e), 1);
	assert_int_equal(VB_EV_EPOCH(e), 7);
	assert_int_equal(VB_EV_KIND(rd(VB_EVENT)), VB_EV_RESET);
	assert_true(vb.int_status); /* not read empty yet */
	assert_int_equal(rd(VB_EVENT), 0);
	assert_false(vb.int_status);
	/* The daemon's drain: INT_ACK, then events until 0. One pushed
	 * after the INT_ACK is popped in the same drain: no interrupt is
	 * left pending for it (an idle daemon woke for nothing). */
	assert_true(vbackend_push(&vb, vb_event(VB_EV_NOTIFY, 0, 0, 8)));
	wr(VB_INT_ACK, 4, 1);
	assert_false(vb.int_status);
	assert_int_equal(VB_EV_EPOCH(rd(VB_EVENT)), 8);
	assert_true(vbackend_push(&vb, vb_event(VB_EV_NOTIFY, 0, 0, 9)));
	assert_int_equal(VB_EV_EPOCH(rd(VB_EVENT)), 9);
	assert_true(vb.int_status);
	assert_int_equal(rd(VB_EVENT), 0);
	assert_false(vb.int_status);
	for (u32 i = 0; i < VB_EVENT_RING; i++)
		assert_true(vbackend_push(&vb, vb_event(1, 0, 0, i)));
	assert_false(vbackend_push(&vb, vb_event(1, 0, 0, 99)));
	assert_int_equal(rd(VB_LOST), 1);
	for (u32 i = 0; i < VB_EVENT_RING; i++)
		assert_int_equal(VB_EV_EPOCH(rd(VB_EVENT)), i);
	assert_int_equal(rd(VB_EVENT), 0);
}

static void test_publish_and_attach(void **state)
{
	u64 v;

	(void)state;
	wr(VB_DEV_SEL, 4, 0);
	wr(VB_DEV_FEATURES, 8, VIRTIO_F_VERSION_1 | 0x200);
	wr(VB_DEV_CONFIG_LEN, 4, 8);
	wr(VB_DEV_CONFIG, 4, 0x1000); /* capacity, sectors */
	wr(VB_DEV_CONFIG + 4, 4, 0);
	assert_int_equal(vmmio_read(&vb.dev[0], VMMIO_DEVICE_ID, 4, &v), 0);
	assert_int_equal(v, 0);
	wr(VB_DEV_ATTACH, 4, 1);
	assert_int_equal(vmmio_read(&vb.dev[0], VMMIO_DEVICE_ID, 4, &v), 0);
	assert_int_equal(v, VIRTIO_ID_BLOCK);
	assert_int_equal(vmmio_read(&vb.dev[0], VMMIO_CONFIG, 4, &v), 0);
	assert_int_equal(v, 0x1000);
	assert_int_equal(rd(VB_DEV_FEATURES), VIRTIO_F_VERSION_1 | 0x200);
	assert_int_equal(rd(VB_DEV_ATTACH), 1);
}

/* The driver brings device 0 up through its register file. */
static void driver_up(void)
{
	struct vmmio_state *d = &vb.dev[0];
	struct vmmio_out o;
	static const u32 seq[][2] = {
	    {VMMIO_STATUS, 3},
	    {VMMIO_DRIVER_FEAT_SEL, 1},
	    {VMMIO_DRIVER_FEATURES, 1},
	    {VMMIO_STATUS, 0xb},
	    {VMMIO_QUEUE_SEL, 0},
	    {VMMIO_QUEUE_NUM, 64},
	    {VMMIO_QUEUE_DESC_LOW, 0x1000},
	    {VMMIO_QUEUE_DRIVER_LOW, 0x2000},
	    {VMMIO_QUEUE_DEVICE_LOW, 0x3000},
	    {VMMIO_QUEUE_READY, 1},
	    {VMMIO_STATUS, 0xf},
	};

	d->device_features = VIRTIO_F_VERSION_1;
	vmmio_attach(d, true);
	for (u32 i = 0; i < ARRAY_SIZE(seq); i++)
		assert_int_equal(vmmio_write(d, seq[i][0], 4, seq[i][1], &o),
				 0);
	assert_int_equal(d->status, 0xf);
}

static void test_queue_view_and_irq(void **state)
{
	u32 epoch;

	(void)state;
	driver_up();
	wr(VB_DEV_SEL, 4, 0);
	wr(VB_DEV_QSEL, 4, 0);
	assert_int_equal(rd(VB_Q_NUM), 64);
	assert_int_equal(rd(VB_Q_READY), 1);
	assert_int_equal(rd(VB_Q_DESC), 0x1000);
	assert_int_equal(rd(VB_Q_DRIVER), 0x2000);
	assert_int_equal(rd(VB_Q_DEVICE), 0x3000);
	assert_int_equal(rd(VB_DEV_STATUS), 0xf);
	wr(VB_DEV_QSEL, 4, 5);
	assert_int_equal(rd(VB_Q_NUM), 0);
	epoch = (u32)rd(VB_DEV_EPOCH);
	/* A stale epoch raises nothing. */
	wr(VB_DEV_IRQ, 4, VMMIO_INT_VRING | (epoch + 1) << VB_IRQ_EPOCH_SHIFT);
	assert_false(out.irq_valid);
	assert_int_equal(vb.dev[0].isr, 0);
	wr(VB_DEV_IRQ, 4, VMMIO_INT_VRING | epoch << VB_IRQ_EPOCH_SHIFT);
	assert_true(out.irq_valid);
	assert_int_equal(out.irq_dev, 0);
	assert_int_equal(vb.dev[0].isr, VMMIO_INT_VRING);
	wr(VB_DEV_FAIL, 4, 1);
	assert_true(out.irq_valid);
	assert_true(vb.dev[0].status & VIRTIO_STATUS_NEEDS_RESET);
}

/* How Linux sizes BARs: all ones, read back, restore. */
static u64 bar_size32(struct vpci_fn *f, u32 reg)
{
	u32 old = vpci_fn_read(f, reg, 4, false), v;

	vpci_fn_write(f, reg, 4, 0xffffffffu);
	v = vpci_fn_read(f, reg, 4, false) & ~0xfu;
	vpci_fn_write(f, reg, 4, old);
	return (u64)(~v + 1);
}

static void test_pci_header(void **state)
{
	struct vpci_fn f;

	(void)state;
	vpci_fn_init(&f, 0x6000000); /* 96 MiB -> a 128 MiB BAR */
	assert_int_equal(vpci_fn_read(&f, 0, 4, false), 0x11101af4);
	assert_int_equal(vpci_fn_read(&f, 0, 2, false), 0x1af4);
	assert_int_equal(vpci_fn_read(&f, 2, 2, false), 0x1110);
	assert_int_equal(vpci_fn_read(&f, 0x0b, 1, false), 0x05);
	assert_int_equal(vpci_fn_read(&f, 0x0e, 1, false), 0); /* type 0 */
	assert_int_equal(vpci_fn_read(&f, 0x3d, 1, false), 1); /* INTA */
	assert_int_equal(vpci_fn_read(&f, 1, 2, false), 0xffffffffu);
	assert_int_equal(vpci_fn_read(&f, 0x1000, 4, false), 0xffffffffu);
	assert_int_equal(bar_size32(&f, PCI_BAR0), 0x1000);
	assert_int_equal(vpci_fn_read(&f, PCI_BAR2, 4, false) & 0xf, 0xc);
	assert_int_equal(bar_size32(&f, PCI_BAR2), 0x8000000);
	/* BAR3 (the high half) is all address bits for 128 MiB. */
	vpci_fn_write(&f, PCI_BAR3, 4, 0xffffffffu);
	assert_int_equal(vpci_fn_read(&f, PCI_BAR3, 4, false), 0xffffffffu);
	vpci_fn_write(&f, PCI_BAR3, 4, 0);
	vpci_fn_write(&f, 0x3c, 1, 0x2a);
	assert_int_equal(vpci_fn_read(&f, 0x3c, 1, false), 0x2a);
}

static void test_pci_decode(void **state)
{
	struct vpci_fn f;
	u64 a;

	(void)state;
	vpci_fn_init(&f, 0x1000000);
	vpci_fn_write(&f, PCI_BAR0, 4, 0x10001000);
	vpci_fn_write(&f, PCI_BAR2, 4, 0x20000000);
	vpci_fn_write(&f, PCI_BAR3, 4, 0x1);
	assert_false(vpci_fn_bar0(&f, &a));
	assert_false(vpci_fn_bar2(&f, &a));
	vpci_fn_write(&f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	assert_true(vpci_fn_bar0(&f, &a));
	assert_int_equal(a, 0x10001000);
	assert_true(vpci_fn_bar2(&f, &a));
	assert_int_equal(a, 0x120000000ull);
	/* Unaligned addresses lose their low bits, as hardware does. */
	vpci_fn_write(&f, PCI_BAR2, 4, 0x20123456);
	assert_true(vpci_fn_bar2(&f, &a));
	assert_int_equal(a, 0x120000000ull);
}

/* uio_pci_generic: pci_intx_mask_supported() toggles INTX_DISABLE;
 * pci_check_and_mask_intx() reads command+status as one dword. */
static void test_pci_intx(void **state)
{
	struct vpci_fn f;
	u32 cs;

	(void)state;
	vpci_fn_init(&f, 0x1000000);
	vpci_fn_write(&f, PCI_COMMAND, 2, PCI_COMMAND_INTX_DIS);
	assert_int_equal(vpci_fn_read(&f, PCI_COMMAND, 2, false),
			 PCI_COMMAND_INTX_DIS);
	vpci_fn_write(&f, PCI_COMMAND, 2, 0);
	assert_false(vpci_fn_intx(&f, false));
	assert_true(vpci_fn_intx(&f, true));
	cs = vpci_fn_read(&f, PCI_COMMAND, 4, true);
	assert_true((cs >> 16) & PCI_STATUS_INTERRUPT);
	/* Mask: the line drops though the status stays pending. */
	vpci_fn_write(&f, PCI_COMMAND, 4, cs | PCI_COMMAND_INTX_DIS);
	assert_false(vpci_fn_intx(&f, true));
	assert_true(vpci_fn_read(&f, PCI_STATUS, 2, true) &
		    PCI_STATUS_INTERRUPT);
	/* The status half ignores writes (its bits are cvisor's). */
	vpci_fn_write(&f, PCI_STATUS, 2, 0xffff);
	assert_int_equal(vpci_fn_read(&f, PCI_STATUS, 2, false), 0);
	/* Bits other than MEMORY, MASTER, INTX_DISABLE stay 0. */
	vpci_fn_write(&f, PCI_COMMAND, 2, 0xffff);
	assert_int_equal(vpci_fn_read(&f, PCI_COMMAND, 2, false),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
			     PCI_COMMAND_INTX_DIS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_identity_and_sizes, setup),
	    cmocka_unit_test_setup(test_events_fifo_and_overflow, setup),
	    cmocka_unit_test_setup(test_publish_and_attach, setup),
	    cmocka_unit_test_setup(test_queue_view_and_irq, setup),
	    cmocka_unit_test(test_pci_header),
	    cmocka_unit_test(test_pci_decode),
	    cmocka_unit_test(test_pci_intx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
