/*
 * Fuzz target: a zone's virtual APLIC domain (MSI mode) register state
 * (drivers/irqchip/aplic_vstate.c), driven by random sequences of guest
 * register accesses and emulated devices' lines.
 *
 * The zone owns physical sources 5, 9 and 33 (their registers live in
 * the physical domain: the state answers with requests for it) and has
 * emulated lines 10 and 40.
 * Input: one byte for the number of sources (<= 128), then 8-byte
 * records: kind, offset (3 bytes), value (4 bytes).
 * Invariants (a zone never reaches an interrupt it does not own): every
 * request for the physical domain names an owned source, or for a
 * bit-array word carries only owned sources' bits; a read it answers is
 * about owned sources' registers; cvisor sends MSIs only for emulated
 * sources (at most one each per access; the caller's buffer holds
 * VAPLIC_MAX_MSIS); which sources are owned never changes.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/irqchip/aplic.h"
#include "tests/fuzz/fuzz.h"

#define RECORD 8

static const u32 owned[] = {5, 9, 33};
static const u32 emulated[] = {10, 40};

static bool is_owned(u32 src)
{
	return src == 5 || src == 9 || src == 33;
}

static void check_req(const struct vaplic_state *s,
		      const struct vaplic_hw_req *r)
{
	switch (r->op) {
	case VAPLIC_HW_NONE:
	case VAPLIC_HW_IE_SYNC:
		break;
	case VAPLIC_HW_WORD:
		assert(r->off < APLIC_SIZE);
		assert(!(r->value &
			 ~vaplic_state_hw_mask(s, (u32)((r->off & 0x7f) / 4))));
		break;
	case VAPLIC_HW_READ:
		assert(r->off < APLIC_SIZE);
		break;
	default:
		assert(is_owned(r->src) && r->src < s->nr_sources);
		break;
	}
}

static void check_msis(const struct vaplic_msi *m, u32 n)
{
	u32 eiids = 0;

	/* Owned sources' MSIs go from the physical domain, never from
	 * cvisor: at most one per emulated source. */
	assert(n <= 2);
	for (u32 i = 0; i < n; i++)
		eiids += m[i].eiid <= APLIC_TARGET_EIID_MASK;
	assert(eiids == n);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};
	static struct vaplic_state s;
	/* Exactly the documented capacity: ASan sees an overflow. */
	struct vaplic_msi *msis = malloc(VAPLIC_MAX_MSIS * sizeof(*msis));
	u32 nr_sources = (u32)fuzz_take(&in, 1) % (APLIC_MAX_SOURCES + 1);

	vaplic_state_init(&s, nr_sources);
	for (u32 i = 0; i < 3; i++) {
		if (owned[i] < nr_sources)
			vaplic_state_set_hw(&s, owned[i]);
	}
	while (in.left >= RECORD) {
		u32 kind = (u32)fuzz_take(&in, 1) % 4;
		u64 off = fuzz_take(&in, 3) % (APLIC_SIZE + 0x100);
		u32 val = (u32)fuzz_take(&in, 4), n = 0;
		struct vaplic_hw_req req = {0};

		if (kind == 0) {
			n = vaplic_state_set_level(&s, emulated[off % 2],
						   val & 1, msis);
		} else if (kind == 1) {
			if (!vaplic_state_read(&s, off, &val, &req))
				check_req(&s, &req);
		} else if (kind == 2) {
			vaplic_state_reset(&s);
		} else if (!vaplic_state_write(&s, off, val, &req, msis, &n)) {
			check_req(&s, &req);
		}
		check_msis(msis, n);
		for (u32 src = 1; src < nr_sources; src++)
			assert(vaplic_state_is_hw(&s, src) == is_owned(src));
	}
	free(msis);
	return 0;
}
