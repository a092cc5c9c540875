/*
 * Register-level misuse of the virtio-mmio transport, which cvisor's
 * register file (core/virtio_mmio_regs.c) must refuse: queues set up twice
 * or changed after DRIVER_OK, notifications before DRIVER_OK or for queues
 * that do not exist, status bits taken back, features not offered, writes
 * to the read-only configuration space. Each refused write is one of
 * cvisor's "virtio[0]: write of 0x.. refused" warnings.
 */
#include "vbad.h"

#define QUIET_MS 1500u /* how long "nothing happens" is watched */
#define WAIT_MS	 20000u
#define ALL_OK	 (ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK)

static enum outcome refused_if(bool unchanged)
{
	return unchanged ? OUT_REFUSED : OUT_BAD;
}

/* The selected queue still has our size and rings. */
static bool queue_is_ours(void)
{
	return vio_rd(VIO_QUEUE_NUM) == QNUM &&
	       vio_rd(VIO_QUEUE_DESC) == (uint32_t)RING_DESC &&
	       vio_rd(VIO_QUEUE_DESC + 4) == 0 &&
	       vio_rd(VIO_QUEUE_DRIVER) == (uint32_t)RING_AVAIL &&
	       vio_rd(VIO_QUEUE_DEVICE) == (uint32_t)RING_USED;
}

static void move_queue(void)
{
	vio_wr(VIO_QUEUE_NUM, 16);
	vio_wr64(VIO_QUEUE_DESC, ROOT_RAM);
	vio_wr64(VIO_QUEUE_DRIVER, ROOT_RAM + 0x1000);
	vio_wr64(VIO_QUEUE_DEVICE, ROOT_RAM + 0x2000);
}

static enum outcome queue_setup_twice(void)
{
	vd_reset();
	if (!vd_negotiate())
		return OUT_BAD;
	vd_queue(RING_DESC, RING_AVAIL, RING_USED);
	move_queue();
	vio_wr(VIO_QUEUE_READY, 1);
	return refused_if(queue_is_ours());
}

static enum outcome queue_change_after_driver_ok(void)
{
	if (!vd_init())
		return OUT_BAD;
	move_queue();
	return refused_if(queue_is_ours());
}

/* QueueReady 0 and a new place while the device runs: without
 * VIRTIO_F_RING_RESET (not offered) the queue must stay where it was. */
static enum outcome queue_unready_after_driver_ok(void)
{
	if (!vd_init())
		return OUT_BAD;
	vio_wr(VIO_QUEUE_READY, 0);
	move_queue();
	vio_wr(VIO_QUEUE_READY, 1);
	return refused_if(vio_rd(VIO_QUEUE_READY) == 1 && queue_is_ours());
}

/* A complete request and its doorbell before DRIVER_OK: nothing moves. */
static enum outcome notify_before_driver_ok(void)
{
	vd_reset();
	if (!vd_negotiate())
		return OUT_BAD;
	vd_queue(RING_DESC, RING_AVAIL, RING_USED);
	vd_request(BLK_T_IN, 0, DATA_BUF, SECTOR);
	return vd_outcome(QUIET_MS);
}

static enum outcome notify_after_reset(void)
{
	vd_reset();
	vd_notify(0);
	return vd_outcome(QUIET_MS);
}

static enum outcome queue_index_out_of_range(void)
{
	bool quiet;

	if (!vd_init())
		return OUT_BAD;
	vio_wr(VIO_QUEUE_SEL, 9);
	vio_wr(VIO_QUEUE_NUM, 16);
	vio_wr(VIO_QUEUE_READY, 1);
	quiet = vio_rd(VIO_QUEUE_NUM_MAX) == 0 && vio_rd(VIO_QUEUE_NUM) == 0 &&
		vio_rd(VIO_QUEUE_READY) == 0;
	vio_wr(VIO_QUEUE_SEL, 0xffffffffu);
	quiet = quiet && vio_rd(VIO_QUEUE_NUM_MAX) == 0;
	vd_notify(9);
	vd_notify(0xffffffffu);
	vd_notify(1);
	vio_wr(VIO_QUEUE_SEL, 0);
	return refused_if(quiet && vd_outcome(QUIET_MS) == OUT_IGNORED);
}

static enum outcome driver_ok_without_features_ok(void)
{
	vd_reset();
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_DRIVER_OK);
	return refused_if(!(vio_rd(VIO_STATUS) & ST_DRIVER_OK));
}

/* Feature bit 40 (not offered) besides VERSION_1. */
static enum outcome features_not_offered(void)
{
	vd_reset();
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	vio_wr(VIO_DRV_FEAT_SEL, 1);
	vio_wr(VIO_DRV_FEAT, 1u | 1u << 8);
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
	return refused_if(!(vio_rd(VIO_STATUS) & ST_FEATURES_OK));
}

static enum outcome status_bits_cleared(void)
{
	if (!vd_init())
		return OUT_BAD;
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE);
	return refused_if(vio_rd(VIO_STATUS) == ALL_OK);
}

/* NEEDS_RESET is the device's bit. */
static enum outcome driver_sets_needs_reset(void)
{
	if (!vd_init())
		return OUT_BAD;
	vio_wr(VIO_STATUS, ALL_OK | ST_NEEDS_RESET);
	return refused_if(vio_rd(VIO_STATUS) == ALL_OK);
}

/* The capacity (config offset 0, le64) is the device's. */
static enum outcome config_write(void)
{
	uint32_t before;

	if (!vd_init())
		return OUT_BAD;
	before = vio_rd(0x100);
	vio_wr(0x100, 0xffffffffu);
	vio_wr(0x104, 0xffffffffu);
	return refused_if(before == DISK_SECTORS && vio_rd(0x100) == before &&
			  vio_rd(0x104) == 0);
}

/* 1000 doorbells with nothing new: more events than cvisor's ring holds
 * (256, docs/virtio.md), so the daemon takes its LOST path; a request
 * afterwards must still be served. */
static enum outcome notify_storm(void)
{
	if (!vd_init())
		return OUT_BAD;
	for (uint32_t i = 0; i < 1000; i++)
		vd_notify(0);
	vd_request(BLK_T_IN, 0, DATA_BUF, SECTOR);
	return vd_outcome(WAIT_MS);
}

const struct attack reg_attacks[] = {
    {"queue-setup-twice", queue_setup_twice, OUT_REFUSED},
    {"queue-change-after-driver-ok", queue_change_after_driver_ok, OUT_REFUSED},
    {"queue-unready-after-driver-ok", queue_unready_after_driver_ok,
     OUT_REFUSED},
    {"notify-before-driver-ok", notify_before_driver_ok, OUT_IGNORED},
    {"notify-after-reset", notify_after_reset, OUT_IGNORED},
    {"queue-index-out-of-range", queue_index_out_of_range, OUT_REFUSED},
    {"driver-ok-without-features-ok", driver_ok_without_features_ok,
     OUT_REFUSED},
    {"features-not-offered", features_not_offered, OUT_REFUSED},
    {"status-bits-cleared", status_bits_cleared, OUT_REFUSED},
    {"driver-sets-needs-reset", driver_sets_needs_reset, OUT_REFUSED},
    {"config-write", config_write, OUT_REFUSED},
    {"notify-storm", notify_storm, OUT_OK},
};
const unsigned nr_reg_attacks = sizeof(reg_attacks) / sizeof(reg_attacks[0]);
