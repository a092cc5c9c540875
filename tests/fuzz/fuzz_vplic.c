/*
 * Fuzz target: a zone's virtual PLIC register state
 * (drivers/irqchip/plic_vstate.c), driven by random sequences of guest
 * register accesses, physical interrupts forwarded to the zone and
 * emulated devices' lines.
 *
 * The zone owns physical sources 5, 9 and 33 (forwarded when the
 * physical PLIC claims them for it, completed there when the guest
 * completes them) and has emulated lines 10 and 40.
 * Input: one byte for the number of sources (<= 128) and one for the
 * vCPUs (1-4, two contexts each), then 8-byte records: kind, source or
 * half the offset (3 bytes), value (4 bytes).
 * Invariants (a zone never reaches an interrupt it does not own): a
 * claim returns 0 or one of the zone's sources; a completion handed to
 * the physical PLIC is of an owned source that the guest claimed and
 * has not completed yet, once.
 */
#include <assert.h>
#include <string.h>

#include "drivers/irqchip/plic_virt.h"
#include "tests/fuzz/fuzz.h"

#define RECORD 8

static const u32 owned[] = {5, 9, 33};
static const u32 emulated[] = {10, 40};

static bool in(const u32 *set, u32 n, u32 src)
{
	for (u32 i = 0; i < n; i++) {
		if (set[i] == src)
			return true;
	}
	return false;
}

static bool is_owned(u32 src)
{
	return in(owned, 3, src);
}

/* Owned sources raised by the physical PLIC and not completed yet: the
 * physical PLIC does not raise them again before the completion. */
static u64 forwarded, claimed;

static void on_claim(u32 src, u32 nr_sources)
{
	if (!src)
		return;
	assert(src < nr_sources && (is_owned(src) || in(emulated, 2, src)));
	if (is_owned(src)) {
		assert(forwarded & (1ull << src) && !(claimed & (1ull << src)));
		claimed |= 1ull << src;
	}
}

static void on_complete(u32 hw)
{
	if (!hw)
		return;
	assert(is_owned(hw) && (claimed & (1ull << hw)));
	claimed &= ~(1ull << hw);
	forwarded &= ~(1ull << hw);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in_ = {data, size};
	static struct vplic_state s;
	u32 nr_sources = (u32)fuzz_take(&in_, 1) % (PLIC_MAX_SOURCES + 1);
	u32 nr_vcpus = 1 + (u32)fuzz_take(&in_, 1) % 4;

	vplic_state_init(&s, nr_sources, 2 * nr_vcpus);
	forwarded = claimed = 0;
	while (in_.left >= RECORD) {
		u32 kind = (u32)fuzz_take(&in_, 1) % 4;
		/* Even offsets up to context 8: half of them aligned. */
		u64 off = fuzz_take(&in_, 3) * 2 %
			  (PLIC_CONTEXT + 8 * PLIC_CONTEXT_STRIDE);
		u32 val = (u32)fuzz_take(&in_, 4), hw = 0, src;
		bool claim_reg;

		switch (kind) {
		case 0: /* the physical PLIC forwards an owned source */
			src = owned[off % 3];
			if (src < nr_sources && !(forwarded & (1ull << src))) {
				forwarded |= 1ull << src;
				vplic_state_raise_hw(&s, src);
			}
			break;
		case 1: /* an emulated device's line */
			vplic_state_set_level(&s, emulated[off % 2], val & 1);
			break;
		case 2: /* a guest read (a claim claims) */
			claim_reg =
			    off >= PLIC_CONTEXT &&
			    (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE ==
				PLIC_CLAIM;
			if (!vplic_state_read(&s, off, &val) && claim_reg)
				on_claim(val, nr_sources);
			break;
		default: /* a guest write (a completion completes) */
			(void)vplic_state_write(&s, off, val, &hw);
			on_complete(hw);
			break;
		}
		for (u32 c = 0; c < 2 * nr_vcpus; c++) {
			u32 best = vplic_state_best(&s, c);

			assert(!best || is_owned(best) ||
			       in(emulated, 2, best));
		}
	}
	return 0;
}
