/*
 * Malformed queue contents, each on a freshly initialised device: what the
 * root zone's daemon finds when it walks queue 0 (its walker is
 * tools/cvisor-cli/virtq.c, the request parser vblk.c). A violation of the
 * queue's rules must end in NEEDS_RESET, a well-formed request the device
 * cannot do in an error status; never in a read or write outside our RAM.
 */
#include "vbad.h"

#define WAIT_MS 20000u /* an answer is expected: up to 20 s under load */

/* A read whose data descriptor is (addr, len). */
static enum outcome read_into(uint64_t addr, uint32_t len)
{
	if (!vd_init())
		return OUT_BAD;
	vd_request(BLK_T_IN, 0, addr, len);
	return vd_outcome(WAIT_MS);
}

static enum outcome desc_below_ram(void)
{
	return read_into(RAM_BASE - 0x100000, SECTOR);
}

static enum outcome desc_into_cvisor(void)
{
	return read_into(HV_TEXT, SECTOR);
}

static enum outcome desc_into_root(void)
{
	return read_into(ROOT_RAM, SECTOR);
}

static enum outcome desc_past_ram_end(void)
{
	return read_into(RAM_END - 0x100, SECTOR); /* straddles the end */
}

static enum outcome addr_len_wraps(void)
{
	return read_into(0xfffffffffffffe00UL, 0x400); /* wraps past 2^64 */
}

static enum outcome len_4gib(void)
{
	return read_into(RAM_BASE, 0xffffffffu);
}

/* A write whose data is 126 descriptors of 48 MiB each, all inside our
 * RAM (the same buffer): 6 GiB in all, more than 32 bits can count. */
static enum outcome len_sum_over_4gib(void)
{
	const uint32_t n = 126;

	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_OUT, 0);
	vd_desc(0, HDR_BUF, 16, DESC_F_NEXT, 1);
	for (uint32_t i = 1; i <= n; i++)
		vd_desc(i, BIG_BUF, BIG_LEN, DESC_F_NEXT, (uint16_t)(i + 1));
	vd_desc(n + 1, STATUS_BUF, 1, DESC_F_WRITE, 0);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

/* Header -> data -> status -> back to the header. */
static enum outcome chain_loops(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_IN, 0);
	vd_desc(0, HDR_BUF, 16, DESC_F_NEXT, 1);
	vd_desc(1, DATA_BUF, SECTOR, DESC_F_NEXT | DESC_F_WRITE, 2);
	vd_desc(2, STATUS_BUF, 1, DESC_F_NEXT | DESC_F_WRITE, 1);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

static enum outcome chain_self_loop(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_IN, 0);
	vd_desc(0, HDR_BUF, 16, DESC_F_NEXT, 0);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

static enum outcome next_out_of_range(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_IN, 0);
	vd_desc(0, HDR_BUF, 16, DESC_F_NEXT, 1000);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

static enum outcome head_out_of_range(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_post(999);
	return vd_outcome(WAIT_MS);
}

static enum outcome indirect(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_IN, 0);
	vd_desc(0, HDR_BUF, 16, DESC_F_INDIRECT, 0);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

static enum outcome readable_after_writable(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_IN, 0);
	vd_desc(0, STATUS_BUF, 1, DESC_F_NEXT | DESC_F_WRITE, 1);
	vd_desc(1, HDR_BUF, 16, 0, 0);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

static enum outcome no_status_byte(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_IN, 0);
	vd_desc(0, HDR_BUF, 16, 0, 0);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

static enum outcome short_header(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_hdr(BLK_T_IN, 0);
	vd_desc(0, HDR_BUF, 8, DESC_F_NEXT, 1);
	vd_desc(1, STATUS_BUF, 1, DESC_F_WRITE, 0);
	vd_post(0);
	return vd_outcome(WAIT_MS);
}

static enum outcome sector_past_end(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_request(BLK_T_IN, DISK_SECTORS - 1, DATA_BUF, 2 * SECTOR);
	return vd_outcome(WAIT_MS);
}

static enum outcome sector_huge(void)
{
	if (!vd_init())
		return OUT_BAD;
	/* sector * 512 wraps 64 bits */
	vd_request(BLK_T_IN, 0x0080000000000000UL, DATA_BUF, SECTOR);
	return vd_outcome(WAIT_MS);
}

static enum outcome unknown_type(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_request(99, 0, DATA_BUF, SECTOR);
	return vd_outcome(WAIT_MS);
}

/* The available index 1000 ahead of what the device has seen. */
static enum outcome avail_idx_jump(void)
{
	if (!vd_init())
		return OUT_BAD;
	vd_publish(1000); /* the ring's entries are all 0: head 0 */
	return vd_outcome(WAIT_MS);
}

/* Rings that cvisor accepts (aligned) but that lie in the root's RAM. */
static enum outcome rings_outside_ram(void)
{
	vd_reset();
	if (!vd_negotiate())
		return OUT_BAD;
	vd_queue(ROOT_RAM, ROOT_RAM + 0x1000, ROOT_RAM + 0x2000);
	vd_driver_ok();
	return vd_wait_needs_reset(WAIT_MS) ? OUT_NEEDS_RESET : OUT_IGNORED;
}

const struct attack queue_attacks[] = {
    {"desc-below-ram", desc_below_ram, OUT_NEEDS_RESET},
    {"desc-into-cvisor", desc_into_cvisor, OUT_NEEDS_RESET},
    {"desc-into-root-ram", desc_into_root, OUT_NEEDS_RESET},
    {"desc-past-ram-end", desc_past_ram_end, OUT_NEEDS_RESET},
    {"addr-len-wraps", addr_len_wraps, OUT_NEEDS_RESET},
    {"len-4gib", len_4gib, OUT_NEEDS_RESET},
    {"len-sum-over-4gib", len_sum_over_4gib, OUT_IOERR},
    {"chain-loops", chain_loops, OUT_NEEDS_RESET},
    {"chain-self-loop", chain_self_loop, OUT_NEEDS_RESET},
    {"next-out-of-range", next_out_of_range, OUT_NEEDS_RESET},
    {"head-out-of-range", head_out_of_range, OUT_NEEDS_RESET},
    {"indirect-not-negotiated", indirect, OUT_NEEDS_RESET},
    {"readable-after-writable", readable_after_writable, OUT_NEEDS_RESET},
    {"no-status-byte", no_status_byte, OUT_NEEDS_RESET},
    {"short-header", short_header, OUT_NEEDS_RESET},
    {"sector-past-end", sector_past_end, OUT_IOERR},
    {"sector-wraps", sector_huge, OUT_IOERR},
    {"unknown-type", unknown_type, OUT_UNSUPP},
    {"avail-idx-jump", avail_idx_jump, OUT_NEEDS_RESET},
    {"rings-outside-ram", rings_outside_ram, OUT_NEEDS_RESET},
};
const unsigned nr_queue_attacks =
    sizeof(queue_attacks) / sizeof(queue_attacks[0]);
