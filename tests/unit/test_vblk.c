#define _DEFAULT_SOURCE
/*
 * Unit tests for the daemon's virtio-blk requests (tools/cvisor-cli/
 * vblk.c) on a temporary raw image: read, write, flush, get-id, the
 * read-only option, and requests that do not fit the disk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tools/cvisor-cli/vblk.h"

#define SECTORS 64u

static struct vblk blk;
static u8 hdr[16], data[4096], status;
static struct vq_chain c;

static int setup(void **state)
{
	char path[] = "/tmp/cvisor-vblk-XXXXXX";
	u8 sector[VBLK_SECTOR];

	(void)state;
	blk.fd = mkstemp(path);
	assert_true(blk.fd >= 0);
	unlink(path);
	for (u32 s = 0; s < SECTORS; s++) {
		memset(sector, (int)s, sizeof(sector));
		assert_int_equal(write(blk.fd, sector, sizeof(sector)),
				 (ssize_t)sizeof(sector));
	}
	blk.sectors = SECTORS;
	blk.ro = false;
	memcpy(blk.id, "cvisor-test-disk-0001", VIRTIO_BLK_ID_BYTES);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close(blk.fd);
	return 0;
}

/* header | data (readable for OUT, writable otherwise) | status */
static void request(u32 type, u64 sector, u32 len)
{
	memset(&c, 0, sizeof(c));
	memcpy(hdr, &type, 4);
	memset(hdr + 4, 0, 4);
	memcpy(hdr + 8, &sector, 8);
	c.in[c.nr_in++] = (struct vq_seg){hdr, 16};
	c.in_len = 16;
	if (len && type == VIRTIO_BLK_T_OUT) {
		c.in[c.nr_in++] = (struct vq_seg){data, len};
		c.in_len += len;
	} else if (len) {
		c.out[c.nr_out++] = (struct vq_seg){data, len};
		c.out_len += len;
	}
	c.out[c.nr_out++] = (struct vq_seg){&status, 1};
	c.out_len += 1;
	status = 0xee;
}

static void test_read(void **state)
{
	u32 written;

	(void)state;
	request(VIRTIO_BLK_T_IN, 3, 1024);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_OK);
	assert_int_equal(written, 1025);
	assert_int_equal(data[0], 3);
	assert_int_equal(data[1023], 4);
}

static void test_write_then_read(void **state)
{
	u32 written;

	(void)state;
	memset(data, 0xab, 512);
	request(VIRTIO_BLK_T_OUT, 10, 512);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_OK);
	assert_int_equal(written, 1);
	memset(data, 0, sizeof(data));
	request(VIRTIO_BLK_T_IN, 10, 512);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(data[0], 0xab);
	assert_int_equal(data[511], 0xab);
	request(VIRTIO_BLK_T_FLUSH, 0, 0);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_OK);
}

static void test_read_only(void **state)
{
	u32 written;

	(void)state;
	blk.ro = true;
	memset(data, 0x55, 512);
	request(VIRTIO_BLK_T_OUT, 1, 512);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_IOERR);
	request(VIRTIO_BLK_T_IN, 1, 512);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(data[0], 1); /* unchanged */
}

static void test_get_id(void **state)
{
	u32 written;

	(void)state;
	request(VIRTIO_BLK_T_GET_ID, 0, VIRTIO_BLK_ID_BYTES);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_OK);
	assert_int_equal(written, VIRTIO_BLK_ID_BYTES + 1);
	assert_memory_equal(data, "cvisor-test-disk-000", 20);
}

static void test_beyond_the_disk(void **state)
{
	u32 written;

	(void)state;
	request(VIRTIO_BLK_T_IN, SECTORS - 1, 1024);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_IOERR);
	request(VIRTIO_BLK_T_IN, ~0ull / 256, 512); /* sector * 512 wraps */
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_IOERR);
	request(VIRTIO_BLK_T_IN, 0, 100); /* not whole sectors */
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_IOERR);
	assert_int_equal(written, 1);
}

static void test_unsupported_and_malformed(void **state)
{
	u32 written;

	(void)state;
	request(11, 0, 0); /* DISCARD, not offered */
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_UNSUPP);
	request(VIRTIO_BLK_T_IN, 0, 512);
	c.in[0].len = 8; /* header too short */
	c.in_len = 8;
	assert_int_equal(vblk_request(&blk, &c, &written), -1);
	request(VIRTIO_BLK_T_IN, 0, 512);
	c.nr_out = 0; /* nowhere to put the status */
	c.out_len = 0;
	assert_int_equal(vblk_request(&blk, &c, &written), -1);
}

/* The configuration space and features the daemon publishes, and a
 * request with as many data segments as SEG_MAX allows. */
static void test_config_and_seg_max(void **state)
{
	static u8 half[VBLK_SEG_MAX][VBLK_SECTOR / 2];
	u8 cfg[VBLK_CONFIG_LEN];
	u64 sectors;
	u32 seg_max, written;

	(void)state;
	assert_true(vblk_config(&blk, cfg) & VIRTIO_BLK_F_SEG_MAX);
	assert_false(vblk_config(&blk, cfg) & VIRTIO_BLK_F_RO);
	memcpy(&sectors, cfg, 8);
	memcpy(&seg_max, cfg + 12, 4);
	assert_int_equal(sectors, SECTORS);
	/* 128 descriptors a chain, less the header and the status */
	assert_int_equal(seg_max, 126);
	blk.ro = true;
	assert_true(vblk_config(&blk, cfg) & VIRTIO_BLK_F_RO);
	blk.ro = false;
	/* header | seg_max half-sector segments | status: what the walker
	 * lets through (VQ_MAX_SEGS per direction), 63 sectors. */
	request(VIRTIO_BLK_T_IN, 0, 0);
	c.nr_out = 0;
	for (u32 i = 0; i < seg_max; i++)
		c.out[c.nr_out++] = (struct vq_seg){half[i], VBLK_SECTOR / 2};
	c.out[c.nr_out++] = (struct vq_seg){&status, 1};
	c.out_len = (u64)seg_max * (VBLK_SECTOR / 2) + 1;
	assert_true(c.nr_out <= VQ_MAX_SEGS);
	assert_int_equal(vblk_request(&blk, &c, &written), 0);
	assert_int_equal(status, VIRTIO_BLK_S_OK);
	assert_int_equal(written, seg_max * (VBLK_SECTOR / 2) + 1);
	assert_int_equal(half[0][0], 0);
	assert_int_equal(half[seg_max - 1][VBLK_SECTOR / 2 - 1],
			 (seg_max - 1) / 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_read),
	    T(test_write_then_read),
	    T(test_read_only),
	    T(test_get_id),
	    T(test_beyond_the_disk),
	    T(test_unsupported_and_malformed),
	    T(test_config_and_seg_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
