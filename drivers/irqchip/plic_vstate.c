/*
 * The virtual PLIC's register state machine (PLIC spec 1.0.0): priority
 * per source (0 = never interrupts), a pending bit per source, an enable
 * bit per source and context, a threshold per context, and claim/
 * complete. Claiming clears pending and puts the source in service;
 * completing takes it out of service, and an emulated level-sensitive
 * source that is still asserted becomes pending again (the gateway's
 * behaviour). Pure logic: compiled into cvisor and into host tests.
 */
#include "drivers/irqchip/plic_virt.h"

#include "cvisor/errno.h"
#include "lib/string.h"

#define PRIORITY_MASK 0x7u /* QEMU virt: 7 priority levels */

static bool test(const u32 *bits, u32 src)
{
	return bits[src / 32] & (1u << (src % 32));
}

static void assign(u32 *bits, u32 src, bool on)
{
	if (on)
		bits[src / 32] |= 1u << (src % 32);
	else
		bits[src / 32] &= ~(1u << (src % 32));
}

void vplic_state_init(struct vplic_state *s, u32 nr_sources, u32 nr_contexts)
{
	memset(s, 0, sizeof(*s));
	s->nr_sources =
	    nr_sources < PLIC_MAX_SOURCES ? nr_sources : PLIC_MAX_SOURCES;
	s->nr_contexts =
	    nr_contexts < VPLIC_MAX_CONTEXTS ? nr_contexts : VPLIC_MAX_CONTEXTS;
}

void vplic_state_reset(struct vplic_state *s)
{
	u32 level[VPLIC_WORDS], absent[VPLIC_WORDS];

	memcpy(level, s->level, sizeof(level));
	memcpy(absent, s->absent, sizeof(absent));
	vplic_state_init(s, s->nr_sources, s->nr_contexts);
	memcpy(s->level, level, sizeof(level));
	memcpy(s->absent, absent, sizeof(absent));
	/* An emulated line still high is pending again (the gateway). */
	for (u32 w = 0; w < VPLIC_WORDS; w++)
		s->pending[w] = level[w] & ~absent[w];
}

/* A source of this PLIC: in range and not absent (another zone's or
 * cvisor's, which this zone must not configure). */
static bool valid_source(const struct vplic_state *s, u32 src)
{
	return src && src < s->nr_sources && !test(s->absent, src);
}

void vplic_state_set_absent(struct vplic_state *s, u32 src, bool absent)
{
	if (src && src < s->nr_sources) {
		assign(s->absent, src, absent);
		if (absent) {
			s->priority[src] = 0;
			for (u32 c = 0; c < s->nr_contexts; c++)
				assign(s->enable[c], src, false);
		}
	}
}

void vplic_state_set_level(struct vplic_state *s, u32 src, bool level)
{
	if (!valid_source(s, src))
		return;
	assign(s->level, src, level);
	if (!test(s->active, src))
		assign(s->pending, src, level);
}

void vplic_state_raise_hw(struct vplic_state *s, u32 src)
{
	if (!valid_source(s, src))
		return;
	assign(s->hw, src, true);
	assign(s->pending, src, true);
}

bool vplic_state_line_at_start(const struct vplic_state *s, u32 n,
			       u64 *signalled)
{
	bool line = vplic_state_best(s, 2 * n + 1) != 0;

	*signalled = line ? *signalled | 1ull << n : *signalled & ~(1ull << n);
	return line;
}

u32 vplic_state_best(const struct vplic_state *s, u32 ctx)
{
	u32 best = 0, best_prio = 0;

	if (ctx >= s->nr_contexts)
		return 0;
	for (u32 src = 1; src < s->nr_sources; src++) {
		u32 prio = s->priority[src];

		if (!test(s->pending, src) || !test(s->enable[ctx], src) ||
		    test(s->active, src) || prio <= s->threshold[ctx])
			continue;
		if (prio > best_prio) {
			best = src;
			best_prio = prio;
		}
	}
	return best;
}

static u32 claim(struct vplic_state *s, u32 ctx)
{
	u32 src = vplic_state_best(s, ctx);

	if (src) {
		assign(s->pending, src, false);
		assign(s->active, src, true);
	}
	return src;
}

static void complete(struct vplic_state *s, u32 ctx, u32 src, u32 *hw)
{
	if (!valid_source(s, src) || !test(s->enable[ctx], src) ||
	    !test(s->active, src))
		return; /* ignored, as the spec allows */
	assign(s->active, src, false);
	if (test(s->hw, src)) {
		assign(s->hw, src, false);
		*hw = src;
	} else {
		assign(s->pending, src, test(s->level, src));
	}
}

/* Context registers: threshold at +0, claim/complete at +4. */
static int context_reg(const struct vplic_state *s, u64 off, u32 *ctx,
		       u32 *which)
{
	u64 rel = off - PLIC_CONTEXT;

	*ctx = (u32)(rel / PLIC_CONTEXT_STRIDE);
	*which = (u32)(rel % PLIC_CONTEXT_STRIDE);
	if (*ctx >= s->nr_contexts || *which > PLIC_CLAIM)
		return -CV_EINVAL;
	return 0;
}

int vplic_state_read(struct vplic_state *s, u64 off, u32 *val)
{
	u32 ctx, which;

	*val = 0;
	if (off & 3)
		return -CV_EINVAL;
	if (off < PLIC_PENDING) {
		*val =
		    valid_source(s, (u32)(off / 4)) ? s->priority[off / 4] : 0;
	} else if (off < PLIC_PENDING + 4 * VPLIC_WORDS) {
		*val = s->pending[(off - PLIC_PENDING) / 4];
	} else if (off >= PLIC_ENABLE && off < PLIC_CONTEXT) {
		u64 rel = off - PLIC_ENABLE;

		ctx = (u32)(rel / PLIC_ENABLE_STRIDE);
		if (ctx < s->nr_contexts &&
		    (rel % PLIC_ENABLE_STRIDE) / 4 < VPLIC_WORDS)
			*val = s->enable[ctx][(rel % PLIC_ENABLE_STRIDE) / 4];
	} else if (off >= PLIC_CONTEXT) {
		if (context_reg(s, off, &ctx, &which))
			return -CV_EINVAL;
		*val =
		    which == PLIC_THRESHOLD ? s->threshold[ctx] : claim(s, ctx);
	}
	return 0;
}

static void write_enable(struct vplic_state *s, u64 off, u32 val)
{
	u64 rel = off - PLIC_ENABLE;
	u32 ctx = (u32)(rel / PLIC_ENABLE_STRIDE);
	u32 word = (u32)(rel % PLIC_ENABLE_STRIDE) / 4;
	u32 exist = ~0u;

	if (ctx >= s->nr_contexts || word >= VPLIC_WORDS)
		return;
	for (u32 b = 0; b < 32; b++) {
		if (!valid_source(s, word * 32 + b))
			exist &= ~(1u << b);
	}
	s->enable[ctx][word] = val & exist;
}

int vplic_state_write(struct vplic_state *s, u64 off, u32 val, u32 *hw_complete)
{
	u32 ctx, which;

	*hw_complete = 0;
	if (off & 3)
		return -CV_EINVAL;
	if (off < PLIC_PENDING) {
		if (valid_source(s, (u32)(off / 4)))
			s->priority[off / 4] = val & PRIORITY_MASK;
	} else if (off >= PLIC_ENABLE && off < PLIC_CONTEXT) {
		write_enable(s, off, val);
	} else if (off >= PLIC_CONTEXT) {
		if (context_reg(s, off, &ctx, &which))
			return -CV_EINVAL;
		if (which == PLIC_THRESHOLD)
			s->threshold[ctx] = val & PRIORITY_MASK;
		else
			complete(s, ctx, val, hw_complete);
	}
	return 0; /* pending is read-only */
}

bool vplic_state_write_is_foreign(const struct vplic_state *s, u64 off, u32 val)
{
	if (off & 3)
		return false;
	if (off < PLIC_PENDING) {
		u32 src = (u32)(off / 4);

		return src && src < s->nr_sources && test(s->absent, src);
	}
	if (off >= PLIC_ENABLE && off < PLIC_CONTEXT) {
		u64 rel = off - PLIC_ENABLE;
		u32 ctx = (u32)(rel / PLIC_ENABLE_STRIDE);
		u32 word = (u32)(rel % PLIC_ENABLE_STRIDE) / 4;

		if (ctx >= s->nr_contexts || word >= VPLIC_WORDS)
			return val != 0;
		return (val & s->absent[word]) != 0;
	}
	return false;
}
