/*
 * A minimal virtio-blk driver on the virtio-mmio transport (virtio 1.2,
 * 3.1.1 initialisation, 4.2.3.2 queue set-up, 2.7 split queue), written so
 * that the attacks can stop at any step or put anything in the rings.
 * Polling only: completions and NEEDS_RESET are read from RAM and the
 * Status register every timer tick.
 */
#include "vbad.h"

#define VERSION_1_WORD 1u /* feature bit 32 is bit 0 of word 1 */

static uint16_t avail_idx; /* ours: the next entry we publish */
static uint16_t used_seen; /* completions taken */

static volatile uint8_t *b8(uintptr_t a)
{
	return (volatile uint8_t *)a;
}

static volatile uint16_t *b16(uintptr_t a)
{
	return (volatile uint16_t *)a;
}

static volatile uint32_t *b32(uintptr_t a)
{
	return (volatile uint32_t *)a;
}

static volatile uint64_t *b64(uintptr_t a)
{
	return (volatile uint64_t *)a;
}

uint32_t vio_rd(uint32_t off)
{
	return mmio_read32(VIO_BASE + off);
}

void vio_wr(uint32_t off, uint32_t v)
{
	mmio_write32(VIO_BASE + off, v);
}

void vio_wr64(uint32_t off, uint64_t v)
{
	vio_wr(off, (uint32_t)v);
	vio_wr(off + 4, (uint32_t)(v >> 32));
}

bool vd_wait_device(uint32_t seconds)
{
	uint64_t end = now_ms() + 1000ull * seconds;

	if (vio_rd(VIO_MAGIC) != 0x74726976u) /* "virt" */
		return false;
	while (vio_rd(VIO_DEVICE_ID) != 2) {
		if (now_ms() > end)
			return false;
		sleep_tick();
	}
	return true;
}

void vd_reset(void)
{
	vio_wr(VIO_STATUS, 0);
	while (vio_rd(VIO_STATUS)) /* 4.2.3.1: read back until 0 */
		sleep_tick();
	vio_wr(VIO_INT_ACK, vio_rd(VIO_INT_STATUS));
}

bool vd_negotiate(void)
{
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE);
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	vio_wr(VIO_DEV_FEAT_SEL, 1);
	if (!(vio_rd(VIO_DEV_FEAT) & VERSION_1_WORD))
		return false;
	vio_wr(VIO_DRV_FEAT_SEL, 0);
	vio_wr(VIO_DRV_FEAT, 0);
	vio_wr(VIO_DRV_FEAT_SEL, 1);
	vio_wr(VIO_DRV_FEAT, VERSION_1_WORD);
	vio_wr(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
	return vio_rd(VIO_STATUS) & ST_FEATURES_OK;
}

/* Queue 0 at these addresses, emptied first when they are ours. */
void vd_queue(uint64_t desc, uint64_t avail, uint64_t used)
{
	if (desc == RING_DESC)
		for (uint32_t i = 0; i < 16 * QNUM / 8; i++)
			b64(RING_DESC)[i] = 0;
	if (avail == RING_AVAIL)
		for (uint32_t i = 0; i < (6 + 2 * QNUM) / 2; i++)
			b16(RING_AVAIL)[i] = 0;
	if (used == RING_USED)
		for (uint32_t i = 0; i < (6 + 8 * QNUM) / 2; i++)
			b16(RING_USED)[i] = 0;
	avail_idx = used_seen = 0;
	dsb_sy();
	vio_wr(VIO_QUEUE_SEL, 0);
	vio_wr(VIO_QUEUE_NUM, QNUM);
	vio_wr64(VIO_QUEUE_DESC, desc);
	vio_wr64(VIO_QUEUE_DRIVER, avail);
	vio_wr64(VIO_QUEUE_DEVICE, used);
	vio_wr(VIO_QUEUE_READY, 1);
}

void vd_driver_ok(void)
{
	vio_wr(VIO_STATUS,
	       ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
}

bool vd_init(void)
{
	vd_reset();
	if (!vd_negotiate())
		return false;
	vd_queue(RING_DESC, RING_AVAIL, RING_USED);
	if (!vio_rd(VIO_QUEUE_READY))
		return false;
	vd_driver_ok();
	return vio_rd(VIO_STATUS) & ST_DRIVER_OK;
}

void vd_desc(uint32_t i, uint64_t addr, uint32_t len, uint16_t flags,
	     uint16_t next)
{
	uintptr_t d = RING_DESC + 16 * (uintptr_t)(i % QNUM);

	*b64(d) = addr;
	*b32(d + 8) = len;
	*b16(d + 12) = flags;
	*b16(d + 14) = next;
}

void vd_hdr(uint32_t type, uint64_t sector)
{
	*b32(HDR_BUF) = type;
	*b32(HDR_BUF + 4) = 0;
	*b64(HDR_BUF + 8) = sector;
	*b8(STATUS_BUF) = STATUS_UNSET;
}

void vd_notify(uint32_t queue)
{
	dsb_sy(); /* the rings before the doorbell */
	vio_wr(VIO_QUEUE_NOTIFY, queue);
}

void vd_publish(uint16_t idx)
{
	dsb_sy(); /* descriptors and ring entry before the index */
	*b16(RING_AVAIL + 2) = idx;
	vd_notify(0);
}

void vd_post(uint16_t head)
{
	*b16(RING_AVAIL + 4 + 2 * (avail_idx % QNUM)) = head;
	avail_idx++;
	vd_publish(avail_idx);
}

uint16_t vd_avail_idx(void)
{
	return avail_idx;
}

int vd_wait(uint32_t ms)
{
	uint64_t end = now_ms() + ms;

	for (;;) {
		if (*b16(RING_USED + 2) != used_seen) {
			used_seen++;
			dsb_sy(); /* entry and buffers after the index */
			return 1;
		}
		if (vio_rd(VIO_STATUS) & ST_NEEDS_RESET)
			return 2;
		if (now_ms() > end)
			return 0;
		sleep_tick();
	}
}

bool vd_wait_needs_reset(uint32_t ms)
{
	uint64_t end = now_ms() + ms;

	while (!(vio_rd(VIO_STATUS) & ST_NEEDS_RESET)) {
		if (now_ms() > end)
			return false;
		sleep_tick();
	}
	return true;
}

void vd_request(uint32_t type, uint64_t sector, uint64_t addr, uint32_t len)
{
	vd_hdr(type, sector);
	vd_desc(0, HDR_BUF, 16, DESC_F_NEXT, 1);
	vd_desc(1, addr, len,
		DESC_F_NEXT | (type == BLK_T_IN ? DESC_F_WRITE : 0), 2);
	vd_desc(2, STATUS_BUF, 1, DESC_F_WRITE, 0);
	vd_post(0);
}

uint8_t vd_status_byte(void)
{
	return *b8(STATUS_BUF);
}

enum outcome vd_outcome(uint32_t ms)
{
	switch (vd_wait(ms)) {
	case 1:
		switch (vd_status_byte()) {
		case BLK_S_OK:
			return OUT_OK;
		case BLK_S_IOERR:
			return OUT_IOERR;
		case BLK_S_UNSUPP:
			return OUT_UNSUPP;
		default:
			return OUT_BAD;
		}
	case 2:
		return OUT_NEEDS_RESET;
	default:
		return OUT_IGNORED;
	}
}

bool data_is_disk(uint64_t sector, uint32_t len)
{
	for (uint32_t i = 0; i < len / 8; i++) {
		uint64_t s = sector + i / (SECTOR / 8);

		if (b64(DATA_BUF)[i] != disk_word(s, i % (SECTOR / 8)))
			return false;
	}
	return true;
}

bool good_read(uint64_t sector)
{
	if (!vd_init())
		return false;
	for (uint32_t i = 0; i < SECTOR / 8; i++)
		b64(DATA_BUF)[i] = 0;
	vd_request(BLK_T_IN, sector, DATA_BUF, SECTOR);
	return vd_outcome(20000) == OUT_OK && data_is_disk(sector, SECTOR);
}
