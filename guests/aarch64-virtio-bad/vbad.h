/*
 * The hostile virtio guest (README.md): one vCPU at EL1, MMU off, so every
 * data access is Device-nGnRnE (the code builds with -mstrict-align). It
 * drives the virtio-mmio transport of its zone (virtio 1.2, section 4.2.2,
 * cvisor's register file core/virtio_mmio_regs.c) by hand, with the split
 * queue of section 2.7 in its own RAM, which the root zone's daemon reads.
 */
#ifndef VBAD_H
#define VBAD_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "mmio.h"
#include "smccc.h"
#include "sysreg.h"

/* The zone (configs/qemu-virt-aarch64-virtio-bad.json): RAM at IPA = PA. */
#define RAM_BASE 0x70000000UL
#define RAM_SIZE 0x04000000UL /* 64 MiB */
#define RAM_END	 (RAM_BASE + RAM_SIZE)
#define VIO_BASE 0x0b000000UL /* the virtio-blk transport */

/* Outside the zone: what a descriptor may aim at (QEMU virt, cvisor). */
#define HV_TEXT	 0x40200000UL /* cvisor's image */
#define ROOT_RAM 0x48100000UL /* the root zone's RAM */

/* Our RAM: rings, request headers and data (all below RAM_END). */
#define RING_DESC  0x70800000UL /* 16 bytes x QNUM */
#define RING_AVAIL 0x70801000UL /* 6 + 2 x QNUM */
#define RING_USED  0x70802000UL /* 6 + 8 x QNUM */
#define HDR_BUF	   0x70810000UL /* virtio_blk_req header, 16 bytes */
#define STATUS_BUF 0x70811000UL /* the status byte */
#define DATA_BUF   0x70820000UL /* up to DATA_MAX bytes */
#define DATA_MAX   0x00200000UL
#define BIG_BUF	   0x70c00000UL /* 48 MiB, for lengths summing past 4 GiB */
#define BIG_LEN	   0x03000000UL
#define QNUM	   256u

/* virtio-mmio registers (virtio 1.2, 4.2.2) */
#define VIO_MAGIC	  0x000
#define VIO_DEVICE_ID	  0x008
#define VIO_DEV_FEAT	  0x010
#define VIO_DEV_FEAT_SEL  0x014
#define VIO_DRV_FEAT	  0x020
#define VIO_DRV_FEAT_SEL  0x024
#define VIO_QUEUE_SEL	  0x030
#define VIO_QUEUE_NUM_MAX 0x034
#define VIO_QUEUE_NUM	  0x038
#define VIO_QUEUE_READY	  0x044
#define VIO_QUEUE_NOTIFY  0x050
#define VIO_INT_STATUS	  0x060
#define VIO_INT_ACK	  0x064
#define VIO_STATUS	  0x070
#define VIO_QUEUE_DESC	  0x080 /* low; high at +4 */
#define VIO_QUEUE_DRIVER  0x090
#define VIO_QUEUE_DEVICE  0x0a0

/* Device status bits (virtio 1.2, 2.1) */
#define ST_ACKNOWLEDGE 0x01
#define ST_DRIVER      0x02
#define ST_DRIVER_OK   0x04
#define ST_FEATURES_OK 0x08
#define ST_NEEDS_RESET 0x40

#define DESC_F_NEXT	1u
#define DESC_F_WRITE	2u
#define DESC_F_INDIRECT 4u

/* virtio-blk (virtio 1.2, 5.2.6) */
#define BLK_T_IN     0u
#define BLK_T_OUT    1u
#define BLK_T_FLUSH  4u
#define BLK_S_OK     0u
#define BLK_S_IOERR  1u
#define BLK_S_UNSUPP 2u
#define SECTOR	     512u
#define DISK_SECTORS 16384u /* the test's 8 MiB image */
#define STATUS_UNSET 0xeeu  /* what we leave in the status byte */

/* What the guest saw after an attack. */
enum outcome {
	OUT_OK,		 /* completed with status OK */
	OUT_IOERR,	 /* completed with VIRTIO_BLK_S_IOERR */
	OUT_UNSUPP,	 /* completed with VIRTIO_BLK_S_UNSUPP */
	OUT_NEEDS_RESET, /* the device set NEEDS_RESET */
	OUT_REFUSED,	 /* a register write did not take */
	OUT_IGNORED,	 /* nothing happened within the wait */
	OUT_BAD,	 /* something else: a completion with odd data */
	OUT_KINDS
};

extern const char *const outcome_name[OUT_KINDS];

/* tick.c: a 100 Hz virtual timer to sleep on (WFI), milliseconds. */
void tick_init(void);
uint64_t now_ms(void);
void sleep_tick(void);
void irq_handler(void);

/* vdrv.c: the transport and the queue. */
uint32_t vio_rd(uint32_t off);
void vio_wr(uint32_t off, uint32_t v);
void vio_wr64(uint32_t off, uint64_t v); /* a low/high register pair */
bool vd_wait_device(uint32_t seconds);	 /* DeviceID 2 appears */
void vd_reset(void);
bool vd_negotiate(void); /* up to FEATURES_OK */
void vd_queue(uint64_t desc, uint64_t avail, uint64_t used);
void vd_driver_ok(void);
bool vd_init(void); /* all of the above with our rings */
void vd_desc(uint32_t i, uint64_t addr, uint32_t len, uint16_t flags,
	     uint16_t next);
void vd_hdr(uint32_t type, uint64_t sector);
void vd_post(uint16_t head);   /* avail ring entry, idx, notify queue 0 */
void vd_publish(uint16_t idx); /* avail idx as given, notify queue 0 */
void vd_notify(uint32_t queue);
uint16_t vd_avail_idx(void);
/* A completion (1), NEEDS_RESET (2) or nothing within ms (0). */
int vd_wait(uint32_t ms);
bool vd_wait_needs_reset(uint32_t ms); /* the Status register only */
/* A three-descriptor request: header, data (len bytes at addr; the
 * device writes it when type is BLK_T_IN), status byte. */
void vd_request(uint32_t type, uint64_t sector, uint64_t addr, uint32_t len);
/* Wait for the answer to what was posted; the outcome. */
enum outcome vd_outcome(uint32_t ms);
uint8_t vd_status_byte(void);

/* The disk's pattern (tests/system/test_virtio_bad_aarch64.py): word i
 * of sector s. */
static inline uint64_t disk_word(uint64_t s, uint64_t i)
{
	return 0x5642000000000000UL | (s << 16) | i;
}

bool data_is_disk(uint64_t sector, uint32_t len); /* DATA_BUF holds it */
/* A well-formed read of `sector` after a fresh init: true when it
 * completes with OK and the disk's data. */
bool good_read(uint64_t sector);

/* attacks.c and regs.c: the hostile cases, each returns what it saw. */
struct attack {
	const char *name;
	enum outcome (*run)(void);
	enum outcome expect;
};
extern const struct attack queue_attacks[];
extern const unsigned nr_queue_attacks;
extern const struct attack reg_attacks[];
extern const unsigned nr_reg_attacks;

/* death.c: a request in flight while the root kills the daemon. */
bool backend_death(void);

#endif /* VBAD_H */
