/*
 * A zone's virtual APLIC domain in MSI delivery mode (AIA 1.0, chapter
 * 4): the register state machine, pure logic (compiled into cvisor and
 * into host tests). The domain has no child domains (sourcecfg.D reads
 * 0), no IDCs (domaincfg.DM reads 1) and its MSI targets name the zone's
 * vCPUs with guest index 0 (the zone sees no guest files of its own).
 *
 * Emulated sources: a pending bit set by the rectified input (edge:
 * on its rising edge; level: while high, and by setipnum only while
 * high, AIA 4.9.2), forwarded as an MSI when enabled with the domain's IE
 * set, which clears it. Owned physical sources: their pending bits and
 * inputs live in the physical domain; what the guest writes is shadowed
 * here (sourcecfg, target, enable) and handed to the caller as a request.
 */
#include "drivers/irqchip/aplic.h"

#include "cvisor/errno.h"
#include "lib/string.h"

#define TARGET_VALID_BITS 0xfffc07ffu /* hart index, EIID; guest 0 */

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

void vaplic_state_init(struct vaplic_state *s, u32 nr_sources)
{
	memset(s, 0, sizeof(*s));
	s->nr_sources =
	    nr_sources < APLIC_MAX_SOURCES ? nr_sources : APLIC_MAX_SOURCES;
}

/* A source of this domain: in range and not absent (another zone's or
 * cvisor's physical source, which this zone must not configure). */
static bool valid(const struct vaplic_state *s, u32 src)
{
	return src && src < s->nr_sources && !test(s->absent, src);
}

void vaplic_state_reset(struct vaplic_state *s)
{
	u32 hw[VAPLIC_WORDS], level[VAPLIC_WORDS], absent[VAPLIC_WORDS];

	memcpy(hw, s->hw, sizeof(hw));
	memcpy(level, s->level, sizeof(level));
	memcpy(absent, s->absent, sizeof(absent));
	vaplic_state_init(s, s->nr_sources);
	memcpy(s->hw, hw, sizeof(hw));
	memcpy(s->level, level, sizeof(level));
	memcpy(s->absent, absent, sizeof(absent));
}

void vaplic_state_set_absent(struct vaplic_state *s, u32 src, bool absent)
{
	if (src && src < s->nr_sources && !test(s->hw, src))
		assign(s->absent, src, absent);
}

void vaplic_state_set_hw(struct vaplic_state *s, u32 src)
{
	if (valid(s, src))
		assign(s->hw, src, true);
}

bool vaplic_state_is_hw(const struct vaplic_state *s, u32 src)
{
	return valid(s, src) && test(s->hw, src);
}

u32 vaplic_state_hw_mask(const struct vaplic_state *s, u32 word)
{
	return word < VAPLIC_WORDS ? s->hw[word] : 0;
}

static bool active(const struct vaplic_state *s, u32 src)
{
	return s->sourcecfg[src] != APLIC_SM_INACTIVE;
}

bool vaplic_state_enabled(const struct vaplic_state *s, u32 src)
{
	return valid(s, src) && (s->domaincfg & APLIC_DOMAINCFG_IE) &&
	       test(s->ie, src);
}

/* The input as the source mode sees it (low/falling modes invert). */
static bool rectified(const struct vaplic_state *s, u32 src)
{
	bool in = test(s->level, src);

	switch (s->sourcecfg[src]) {
	case APLIC_SM_EDGE1:
	case APLIC_SM_LEVEL1:
		return in;
	case APLIC_SM_EDGE0:
	case APLIC_SM_LEVEL0:
		return !in;
	default:
		return false;
	}
}

static bool is_level(const struct vaplic_state *s, u32 src)
{
	return s->sourcecfg[src] == APLIC_SM_LEVEL1 ||
	       s->sourcecfg[src] == APLIC_SM_LEVEL0;
}

/* Forward an emulated source if it is due: one MSI, pending cleared. */
static void deliver(struct vaplic_state *s, u32 src, struct vaplic_msi *msis,
		    u32 *n)
{
	u32 t = s->target[src];

	if (test(s->hw, src) || !test(s->ip, src) ||
	    !vaplic_state_enabled(s, src))
		return;
	assign(s->ip, src, false);
	if (aplic_target_eiid(t))
		msis[(*n)++] = (struct vaplic_msi){aplic_target_hart(t),
						   aplic_target_eiid(t)};
}

static void deliver_all(struct vaplic_state *s, struct vaplic_msi *msis, u32 *n)
{
	for (u32 src = 1; src < s->nr_sources; src++)
		deliver(s, src, msis, n);
}

u32 vaplic_state_set_level(struct vaplic_state *s, u32 src, bool level,
			   struct vaplic_msi *msis)
{
	u32 n = 0;
	bool before;

	if (!valid(s, src) || test(s->hw, src))
		return 0;
	before = rectified(s, src);
	assign(s->level, src, level);
	if (!active(s, src))
		return 0;
	if (!before && rectified(s, src))
		assign(s->ip, src, true);
	else if (is_level(s, src) && !rectified(s, src))
		assign(s->ip, src, false);
	deliver(s, src, msis, &n);
	return n;
}

/* setipnum and friends on an emulated source: a level source becomes
 * pending only while its rectified input is high. */
static void set_pending(struct vaplic_state *s, u32 src)
{
	if (!active(s, src))
		return;
	if (is_level(s, src) && !rectified(s, src))
		return;
	assign(s->ip, src, true);
}

static u32 source_of(u64 off, u64 base)
{
	return (u32)((off - base) / 4) + 1;
}

int vaplic_state_read(struct vaplic_state *s, u64 off, u32 *val,
		      struct vaplic_hw_req *req)
{
	u32 word = (u32)((off & 0x7f) / 4), src;

	*val = 0;
	*req = (struct vaplic_hw_req){VAPLIC_HW_NONE, 0, 0, off};
	if (off & 3)
		return -CV_EINVAL;
	if (off == APLIC_DOMAINCFG) {
		*val = APLIC_DOMAINCFG_RO80 | APLIC_DOMAINCFG_DM |
		       (s->domaincfg & APLIC_DOMAINCFG_IE);
	} else if (off >= APLIC_SOURCECFG && off < APLIC_SOURCECFG + 4 * 1023) {
		src = source_of(off, APLIC_SOURCECFG);
		*val = valid(s, src) ? s->sourcecfg[src] : 0;
	} else if (off >= APLIC_TARGET && off < APLIC_TARGET + 4 * 1023) {
		src = source_of(off, APLIC_TARGET);
		*val = valid(s, src) ? s->target[src] : 0;
	} else if ((off >= APLIC_SETIP && off < APLIC_SETIP + 0x80) ||
		   (off >= APLIC_IN_CLRIP && off < APLIC_IN_CLRIP + 0x80)) {
		if (word >= VAPLIC_WORDS)
			return 0;
		if (off < APLIC_IN_CLRIP) {
			*val = s->ip[word] & ~s->hw[word];
		} else {
			for (u32 b = 0; b < 32; b++) {
				src = word * 32 + b;
				if (valid(s, src) && !test(s->hw, src) &&
				    rectified(s, src))
					*val |= 1u << b;
			}
		}
		if (s->hw[word])
			req->op = VAPLIC_HW_READ;
	} else if (off >= APLIC_SETIE && off < APLIC_SETIE + 0x80) {
		*val = word < VAPLIC_WORDS ? s->ie[word] : 0;
	} else if (off >= APLIC_SIZE) {
		return -CV_EINVAL;
	}
	return 0; /* the *num registers, clrie, genmsi read 0 */
}

static void write_sourcecfg(struct vaplic_state *s, u32 src, u32 val,
			    struct vaplic_hw_req *req)
{
	u32 sm = val & APLIC_SM_MASK;

	if (!valid(s, src))
		return;
	/* No child domains: D reads 0, and with it the rest is SM; the
	 * reserved modes 2 and 3 are taken as inactive (WARL). */
	if ((val & APLIC_SOURCECFG_D) || sm == 2 || sm == 3)
		sm = APLIC_SM_INACTIVE;
	s->sourcecfg[src] = sm;
	if (sm == APLIC_SM_INACTIVE) {
		assign(s->ie, src, false);
		assign(s->ip, src, false);
	} else if (is_level(s, src)) {
		assign(s->ip, src, rectified(s, src));
	}
	if (test(s->hw, src))
		*req = (struct vaplic_hw_req){VAPLIC_HW_SOURCECFG, src, sm, 0};
}

static void write_enable(struct vaplic_state *s, u32 src, bool on,
			 struct vaplic_hw_req *req)
{
	if (!valid(s, src))
		return;
	if (on && !active(s, src))
		return;
	assign(s->ie, src, on);
	if (test(s->hw, src))
		*req = (struct vaplic_hw_req){VAPLIC_HW_ENABLE, src,
					      vaplic_state_enabled(s, src), 0};
}

static void write_pending(struct vaplic_state *s, u32 src, bool on,
			  struct vaplic_hw_req *req)
{
	if (!valid(s, src))
		return;
	if (test(s->hw, src)) {
		*req = (struct vaplic_hw_req){
		    on ? VAPLIC_HW_SETIP : VAPLIC_HW_CLRIP, src, 0, 0};
		return;
	}
	if (on)
		set_pending(s, src);
	else
		assign(s->ip, src, false);
}

/* setip, in_clrip, setie and clrie by word: the emulated sources are
 * handled here; the owned ones become one request to write the word, with
 * only their bits, to the physical domain. */
static void write_word(struct vaplic_state *s, u64 base, u32 word, u32 val,
		       struct vaplic_hw_req *req)
{
	if (word >= VAPLIC_WORDS)
		return;
	for (u32 b = 0; b < 32; b++) {
		u32 src = word * 32 + b;

		if (!(val & (1u << b)) || !valid(s, src))
			continue;
		if (base == APLIC_SETIE || base == APLIC_CLRIE) {
			if (base == APLIC_CLRIE || active(s, src))
				assign(s->ie, src, base == APLIC_SETIE);
		} else if (!test(s->hw, src)) {
			if (base == APLIC_SETIP)
				set_pending(s, src);
			else
				assign(s->ip, src, false);
		}
	}
	if (val & s->hw[word]) {
		u32 bits = val & s->hw[word];

		/* An owned source is enabled physically only while the
		 * domain's IE is set (IE_SYNC restores the rest). */
		if (base == APLIC_SETIE) {
			if (!(s->domaincfg & APLIC_DOMAINCFG_IE))
				return;
			bits &= s->ie[word]; /* active sources only */
		}
		*req = (struct vaplic_hw_req){VAPLIC_HW_WORD, 0, bits,
					      base + 4 * word};
	}
}

static u32 swap32(u32 v)
{
	return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) |
	       (v << 24);
}

static void write_num(struct vaplic_state *s, u64 off, u32 val,
		      struct vaplic_hw_req *req)
{
	switch (off) {
	case APLIC_SETIPNUM:
	case APLIC_SETIPNUM_LE:
		write_pending(s, val, true, req);
		break;
	case APLIC_SETIPNUM_BE:
		write_pending(s, swap32(val), true, req);
		break;
	case APLIC_CLRIPNUM:
		write_pending(s, val, false, req);
		break;
	case APLIC_SETIENUM:
		write_enable(s, val, true, req);
		break;
	case APLIC_CLRIENUM:
		write_enable(s, val, false, req);
		break;
	default:
		break; /* genmsi: not implemented, ignored */
	}
}

int vaplic_state_write(struct vaplic_state *s, u64 off, u32 val,
		       struct vaplic_hw_req *req, struct vaplic_msi *msis,
		       u32 *nr_msis)
{
	u32 word = (u32)((off & 0x7f) / 4);

	*nr_msis = 0;
	*req = (struct vaplic_hw_req){VAPLIC_HW_NONE, 0, 0, off};
	if (off & 3)
		return -CV_EINVAL;
	if (off == APLIC_DOMAINCFG) {
		u32 before = s->domaincfg;

		s->domaincfg = val & APLIC_DOMAINCFG_IE;
		if (before != s->domaincfg)
			req->op = VAPLIC_HW_IE_SYNC;
	} else if (off >= APLIC_SOURCECFG && off < APLIC_SOURCECFG + 4 * 1023) {
		write_sourcecfg(s, source_of(off, APLIC_SOURCECFG), val, req);
	} else if (off >= APLIC_TARGET && off < APLIC_TARGET + 4 * 1023) {
		u32 src = source_of(off, APLIC_TARGET);

		if (valid(s, src)) {
			s->target[src] = val & TARGET_VALID_BITS;
			if (test(s->hw, src))
				*req = (struct vaplic_hw_req){
				    VAPLIC_HW_TARGET, src, s->target[src], 0};
		}
	} else if (off >= APLIC_SETIP && off < APLIC_SETIP + 0x80) {
		write_word(s, APLIC_SETIP, word, val, req);
	} else if (off >= APLIC_IN_CLRIP && off < APLIC_IN_CLRIP + 0x80) {
		write_word(s, APLIC_IN_CLRIP, word, val, req);
	} else if (off >= APLIC_SETIE && off < APLIC_SETIE + 0x80) {
		write_word(s, APLIC_SETIE, word, val, req);
	} else if (off >= APLIC_CLRIE && off < APLIC_CLRIE + 0x80) {
		write_word(s, APLIC_CLRIE, word, val, req);
	} else if (off == APLIC_SETIPNUM || off == APLIC_CLRIPNUM ||
		   off == APLIC_SETIENUM || off == APLIC_CLRIENUM ||
		   off == APLIC_SETIPNUM_LE || off == APLIC_SETIPNUM_BE ||
		   off == APLIC_GENMSI) {
		write_num(s, off, val, req);
	} else if (off >= APLIC_SIZE) {
		return -CV_EINVAL;
	}
	deliver_all(s, msis, nr_msis);
	return 0;
}

/* The source a "num" register (setipnum, clripnum, setienum, clrienum,
 * setipnum_le/be) or a per-source register (sourcecfg, target) names. */
static u32 named_source(u64 off, u32 val)
{
	switch (off) {
	case APLIC_SETIPNUM:
	case APLIC_CLRIPNUM:
	case APLIC_SETIENUM:
	case APLIC_CLRIENUM:
	case APLIC_SETIPNUM_LE:
		return val;
	case APLIC_SETIPNUM_BE:
		return swap32(val);
	default:
		break;
	}
	if (off >= APLIC_SOURCECFG && off < APLIC_SOURCECFG + 4 * 1023)
		return source_of(off, APLIC_SOURCECFG);
	if (off >= APLIC_TARGET && off < APLIC_TARGET + 4 * 1023)
		return source_of(off, APLIC_TARGET);
	return 0;
}

bool vaplic_state_write_is_foreign(const struct vaplic_state *s, u64 off,
				   u32 val)
{
	u32 src;

	if (off & 3)
		return false;
	if (off >= APLIC_SETIP && off < APLIC_SETIPNUM_LE) {
		u32 word = (u32)(off & 0xff) / 4;

		if (word < VAPLIC_WORDS)
			return (val & s->absent[word]) != 0;
	}
	src = named_source(off, val);
	return src && src < s->nr_sources && test(s->absent, src);
}
