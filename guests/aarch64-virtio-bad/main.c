/*
 * cvisor virtio test, the hostile virtio guest (README.md): zone 1 of
 * configs/qemu-virt-aarch64-virtio-bad.json, with one virtio-blk
 * transport served by the root zone's daemon. It waits for the device,
 * runs every attack of attacks.c and regs.c on a freshly initialised
 * device, checks after each that a well-formed request is served again,
 * makes a final write, flush and read back, prints a summary line, and
 * then keeps a request in flight while the test kills and restarts the
 * daemon (death.c).
 */
#include "vbad.h"

const char con_prefix[] = "[vbad] ";

const char *const outcome_name[OUT_KINDS] = {
    [OUT_OK] = "ok",
    [OUT_IOERR] = "io-error",
    [OUT_UNSUPP] = "unsupported",
    [OUT_NEEDS_RESET] = "needs-reset",
    [OUT_REFUSED] = "refused",
    [OUT_IGNORED] = "ignored",
    [OUT_BAD] = "BAD",
};

#define FINAL_SECTOR 2000u
#define FINAL_WORD   0x5642575200000000UL /* "VBWR" */

static unsigned tried, as_expected, served_again, seen[OUT_KINDS];

static void run_attack(const struct attack *a)
{
	enum outcome o = a->run();
	/* sectors 0-7: one page of the root's cache, no throttled reads */
	bool again = good_read(tried % 8);

	tried++;
	seen[o]++;
	as_expected += o == a->expect;
	served_again += again;
	gprint("attack %s: %s (expected %s), then a good request: %s\n",
	       a->name, outcome_name[o], outcome_name[a->expect],
	       again ? "served" : "FAILED");
}

static bool final_request(void)
{
	volatile uint64_t *d = (volatile uint64_t *)DATA_BUF;
	bool ok;

	if (!vd_init())
		return false;
	for (uint32_t i = 0; i < SECTOR / 8; i++)
		d[i] = FINAL_WORD | i;
	vd_request(BLK_T_OUT, FINAL_SECTOR, DATA_BUF, SECTOR);
	ok = vd_outcome(20000) == OUT_OK;
	vd_hdr(BLK_T_FLUSH, 0);
	vd_desc(0, HDR_BUF, 16, DESC_F_NEXT, 1);
	vd_desc(1, STATUS_BUF, 1, DESC_F_WRITE, 0);
	vd_post(0);
	ok = ok && vd_outcome(20000) == OUT_OK;
	for (uint32_t i = 0; i < SECTOR / 8; i++)
		d[i] = 0;
	vd_request(BLK_T_IN, FINAL_SECTOR, DATA_BUF, SECTOR);
	ok = ok && vd_outcome(20000) == OUT_OK;
	for (uint32_t i = 0; i < SECTOR / 8 && ok; i++)
		ok = d[i] == (FINAL_WORD | i);
	return ok;
}

void vbad_main(uintptr_t dtb)
{
	bool final;

	(void)dtb;
	tick_init();
	gprint("hostile virtio guest: waiting for the daemon to attach the "
	       "disk at 0x%lx\n",
	       VIO_BASE);
	if (!vd_wait_device(600)) {
		gprint("no virtio-blk device at 0x%lx\n", VIO_BASE);
		system_off();
	}
	gprint("device attached; %u attacks\n",
	       nr_queue_attacks + nr_reg_attacks);
	for (unsigned i = 0; i < nr_queue_attacks; i++)
		run_attack(&queue_attacks[i]);
	for (unsigned i = 0; i < nr_reg_attacks; i++)
		run_attack(&reg_attacks[i]);
	final = final_request();
	gprint("outcomes: %u needs-reset, %u io-error, %u unsupported, %u "
	       "refused, %u ignored, %u ok, %u BAD\n",
	       seen[OUT_NEEDS_RESET], seen[OUT_IOERR], seen[OUT_UNSUPP],
	       seen[OUT_REFUSED], seen[OUT_IGNORED], seen[OUT_OK],
	       seen[OUT_BAD]);
	gprint("summary: %u attacks, %u as expected, served again after %u; "
	       "final request %s\n",
	       tried, as_expected, served_again, final ? "ok" : "FAILED");
	gprint("backend-death: %s\n",
	       backend_death() ? "request served" : "FAILED");
	gprint("done\n");
}
