/*
 * Fuzz target: the root-zone daemon's split-virtqueue walker
 * (tools/cvisor-cli/virtq.c) over a zone's RAM the zone fully controls.
 * The RAM is a heap buffer of exactly its size, so ASan sees any access
 * past either end.
 *
 * Input: a 9-byte header, then the RAM's initial contents (the rest is
 * zeros). Header: queue size (bit 4 clear: 1 << the low 4 bits; set: the
 * byte << 8, mostly not a power of two or too large), where the RAM
 * sits (bit 0: at 0x40000000; set: its last byte at 2^64 - 1, so that
 * address + length wraps), the desc/avail/used offsets into RAM (2 bytes
 * each), and how many pops to try; a pop that returns a request pushes
 * it back, unless the count is odd (then it is unpopped once).
 * Invariants: every segment lies inside the RAM and matches its
 * descriptor's length; the sums are the segments'; a request has at most
 * one segment per descriptor (num): loops end; popping never writes the
 * zone's RAM; pushing writes only its used-ring entry and index; a broken
 * queue stays broken and says why; gmem_ptr never answers outside RAM.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tools/cvisor-cli/virtq.h"

#define RAM_SIZE 0x2000u
#define HEADER	 9u

static u8 *ram, *before;
static struct vq_chain chain;

static bool inside(const struct gmem *m, const u8 *p, u64 len)
{
	return p >= m->base && len <= m->size &&
	       (u64)(p - m->base) <= m->size - len;
}

static void check_chain(const struct gmem *m, const struct virtq *q,
			const struct vq_chain *c)
{
	u64 in = 0, out = 0;

	assert(c->head < q->num);
	assert(c->nr_in + c->nr_out >= 1 && c->nr_in + c->nr_out <= q->num);
	for (u32 i = 0; i < c->nr_in; i++) {
		assert(inside(m, c->in[i].ptr, c->in[i].len));
		in += c->in[i].len;
	}
	for (u32 i = 0; i < c->nr_out; i++) {
		assert(inside(m, c->out[i].ptr, c->out[i].len));
		out += c->out[i].len;
	}
	assert(in == c->in_len && out == c->out_len);
}

/* Bytes other than the used entry of idx and the used index unchanged. */
static void check_push(const struct gmem *m, const struct virtq *q, u16 idx)
{
	u64 used = (u64)(q->used - m->base);
	u64 entry = used + 4 + 8ull * (idx % q->num);

	for (u64 b = 0; b < RAM_SIZE; b++) {
		if (ram[b] == before[b])
			continue;
		assert((b >= used + 2 && b < used + 4) ||
		       (b >= entry && b < entry + 8));
	}
}

static void run(const struct gmem *m, struct virtq *q, u32 pops)
{
	for (u32 n = 0; n < pops; n++) {
		u16 idx = q->used_idx;
		int r;

		memcpy(before, ram, RAM_SIZE);
		r = virtq_pop(q, &chain);
		assert(!memcmp(before, ram, RAM_SIZE));
		if (r < 0) {
			assert(q->broken && q->error);
			assert(virtq_pop(q, &chain) == -1);
			return;
		}
		assert(!q->broken);
		if (!r)
			return;
		check_chain(m, q, &chain);
		if (pops & 1 && n == 0) {
			virtq_unpop(q);
			continue;
		}
		virtq_push(q, chain.head, (u32)chain.out_len);
		assert(q->used_idx == (u16)(idx + 1));
		check_push(m, q, idx);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct gmem m;
	struct virtq q;
	u32 num, where, pops;
	u64 desc, avail, used;
	u8 *p;

	if (!ram) {
		ram = malloc(RAM_SIZE);
		before = malloc(RAM_SIZE);
	}
	num = (u32)fuzz_take(&in, 1);
	num = num & 0x10 ? num << 8 : 1u << (num & 15);
	where = (u32)fuzz_take(&in, 1);
	m = (struct gmem){ram, where & 1 ? 0 - (u64)RAM_SIZE : 0x40000000,
			  RAM_SIZE};
	desc = m.ipa + fuzz_take(&in, 2);
	avail = m.ipa + fuzz_take(&in, 2);
	used = m.ipa + fuzz_take(&in, 2);
	pops = (u32)fuzz_take(&in, 1);
	memset(ram, 0, RAM_SIZE);
	memcpy(ram, in.p, in.left < RAM_SIZE ? in.left : RAM_SIZE);

	/* Any length, also one that wraps the address. */
	p = gmem_ptr(&m, desc, used - m.ipa);
	assert(!p || inside(&m, p, used - m.ipa));
	p = gmem_ptr(&m, desc, 0 - (used - m.ipa));
	assert(!p || inside(&m, p, 0 - (used - m.ipa)));
	if (virtq_setup(&q, &m, num, desc, avail, used)) {
		assert(q.broken && q.error && virtq_pop(&q, &chain) == -1);
		return 0;
	}
	assert(inside(&m, q.desc, 16ull * num) &&
	       inside(&m, q.avail, 6 + 2ull * num) &&
	       inside(&m, q.used, 6 + 8ull * num));
	run(&m, &q, pops);
	return 0;
}
