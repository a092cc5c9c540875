/*
 * A backend that dies mid-request: a 2 MiB read is put in flight and
 * announced; the test (tests/system/test_virtio_bad_aarch64.py) kills the
 * root zone's daemon while it is inside that read (the root's disk is
 * throttled by QEMU so that the read takes seconds), checks that nothing
 * completed, and starts a new daemon, which must serve the request the
 * dead one had taken: the same request completes, with the disk's data.
 */
#include "vbad.h"

#define DEATH_SECTOR 4096u   /* 2 MiB into the disk, never read before */
#define DEATH_WAIT   600000u /* 10 min: the test's own timeout is shorter */

bool backend_death(void)
{
	uint64_t t0;
	int r;

	if (!vd_init())
		return false;
	for (uint32_t i = 0; i < DATA_MAX / 8; i++)
		((volatile uint64_t *)DATA_BUF)[i] = 0;
	vd_request(BLK_T_IN, DEATH_SECTOR, DATA_BUF, DATA_MAX);
	t0 = now_ms();
	gprint("backend-death: %lu KiB read of sector %u in flight\n",
	       DATA_MAX / 1024, DEATH_SECTOR);
	r = vd_wait(DEATH_WAIT);
	if (r == 1) {
		bool data = data_is_disk(DEATH_SECTOR, DATA_MAX);

		gprint("backend-death: completed after %lu ms, status %u, "
		       "data %s\n",
		       now_ms() - t0, vd_status_byte(), data ? "ok" : "WRONG");
		return vd_status_byte() == BLK_S_OK && data;
	}
	gprint("backend-death: %s after %lu ms\n",
	       r == 2 ? "NEEDS_RESET" : "no answer", now_ms() - t0);
	return false;
}
