/*
 * The virtual local APIC (see vlapic.h). Facts (SDM vol. 3):
 *  - version register 0x030: version 0x14 [7:0], max LVT entry [23:16];
 *  - PPR = max(TPR, ISRV) on the priority class [7:4] (11.8.3.1);
 *    a vector is delivered when its class > PPR's class;
 *  - EOI clears the highest ISR bit; TMR set means level-triggered;
 *  - SVR bit 8 software enable: when clear, LVTs read masked;
 *  - LVT mask [16]; timer mode [18:17] 00 one-shot, 01 periodic,
 *    10 TSC-deadline; divide config [3,1:0]: 0b000 = /2 ... 0b111 = /1;
 *  - ICR low: vector [7:0], delivery mode [10:8], destination mode [11]
 *    (1 logical), level [14], trigger [15], shorthand [19:18];
 *    ICR high: destination [31:24];
 *  - logical flat model (DFR [31:28] = 0xf): dest & LDR[31:24] != 0;
 *    cluster (0x0): high nibble equal and low nibbles intersect.
 */
#include "arch/x86_64/vlapic.h"

#include "cvisor/bits.h"
#include "lib/string.h"

#define LVT_MASKED    BIT(16)
#define SVR_ENABLE    BIT(8)
#define VERSION	      (0x14u | (u32)(NR_LVT - 1) << 16)
#define LVT_TIMER     1 /* index in lvt[]: 0 is CMCI (0x2f0) */
#define TIMER_MODE(l) ((u32)FIELD_GET(18, 17, l))

static int highest(const u32 *bits)
{
	for (int i = 7; i >= 0; i--) {
		if (bits[i])
			return i * 32 + 31 - __builtin_clz(bits[i]);
	}
	return -1;
}

static bool test(const u32 *bits, u8 v)
{
	return bits[v / 32] & (1u << (v % 32));
}

static void set(u32 *bits, u8 v, bool on)
{
	if (on)
		bits[v / 32] |= 1u << (v % 32);
	else
		bits[v / 32] &= ~(1u << (v % 32));
}

void vlapic_reset(struct vlapic *a, u32 id)
{
	memset(a, 0, sizeof(*a));
	a->id = id;
	a->dfr = 0xffffffffu;
	a->svr = 0xff;
	for (u32 i = 0; i < NR_LVT; i++)
		a->lvt[i] = LVT_MASKED;
}

static u32 ppr(const struct vlapic *a)
{
	int isrv = highest(a->isr);
	u32 isr_class = isrv < 0 ? 0 : (u32)isrv & 0xf0;

	return (a->tpr & 0xf0) >= isr_class ? a->tpr & 0xff : isr_class;
}

int vlapic_pending(const struct vlapic *a)
{
	int v = highest(a->irr);

	if (v < 0 || !(a->svr & SVR_ENABLE))
		return -1;
	return ((u32)v & 0xf0) > (ppr(a) & 0xf0) ? v : -1;
}

bool vlapic_accept(struct vlapic *a, u8 vector, bool level)
{
	if (vector < 16) {
		a->esr |= BIT(6); /* received illegal vector */
		return false;
	}
	set(a->irr, vector, true);
	set(a->tmr, vector, level);
	return true;
}

void vlapic_unfinished_level(const struct vlapic *a, u32 out[8])
{
	for (u32 i = 0; i < 8; i++)
		out[i] = (a->irr[i] | a->isr[i]) & a->tmr[i];
}

void vlapic_ack(struct vlapic *a, u8 vector)
{
	set(a->irr, vector, false);
	set(a->isr, vector, true);
}

bool vlapic_match(const struct vlapic *a, u8 dest, bool logical)
{
	u8 ldr = (u8)(a->ldr >> 24);

	if (!logical)
		return dest == 0xff || dest == (u8)a->id;
	if ((a->dfr >> 28) == 0xf)
		return dest & ldr;
	/* cluster model */
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xf);
}

static u32 divisor(const struct vlapic *a)
{
	u32 d = (a->tdcr & 3) | (a->tdcr & 8) >> 1; /* [3] [1:0] */

	return d == 7 ? 1 : 2u << d;
}

static void timer_arm(struct vlapic *a, u64 now)
{
	u32 lvt = a->lvt[LVT_TIMER];

	a->timer_start = now;
	if (TIMER_MODE(lvt) == TIMER_DEADLINE)
		a->next_fire = a->tsc_deadline;
	else
		a->next_fire = a->tmict ? now + (u64)a->tmict * divisor(a) : 0;
}

static u32 current_count(const struct vlapic *a, u64 now)
{
	u64 period, elapsed;

	if (!a->tmict || TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_DEADLINE)
		return 0;
	period = (u64)a->tmict * divisor(a);
	elapsed = now - a->timer_start;
	if (elapsed >= period) {
		if (TIMER_MODE(a->lvt[LVT_TIMER]) != TIMER_PERIODIC)
			return 0;
		elapsed %= period;
	}
	return (u32)((period - elapsed) / divisor(a));
}

bool vlapic_timer_check(struct vlapic *a, u64 now)
{
	u32 lvt = a->lvt[LVT_TIMER];

	if (!a->next_fire || now < a->next_fire)
		return false;
	a->timer_fired++;
	if (!(lvt & LVT_MASKED) && (a->svr & SVR_ENABLE))
		vlapic_accept(a, (u8)lvt, false);
	if (TIMER_MODE(lvt) == TIMER_PERIODIC && a->tmict) {
		u64 period = (u64)a->tmict * divisor(a);
		/* the next period after now, keeping the phase */
		u64 n = (now - a->timer_start) / period + 1;

		a->next_fire = a->timer_start + n * period;
	} else {
		a->next_fire = 0;
		if (TIMER_MODE(lvt) == TIMER_DEADLINE)
			a->tsc_deadline = 0;
	}
	return true;
}

void vlapic_set_deadline(struct vlapic *a, u64 tsc, u64 now)
{
	if (TIMER_MODE(a->lvt[LVT_TIMER]) != TIMER_DEADLINE)
		return; /* ignored outside TSC-deadline mode (11.5.4.1) */
	a->tsc_deadline = tsc;
	timer_arm(a, now);
}

u64 vlapic_get_deadline(const struct vlapic *a)
{
	return TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_DEADLINE ? a->tsc_deadline
							       : 0;
}

static u32 lvt_index(u32 off)
{
	return off == 0x2f0 ? 0 : (off - APIC_LVT_TMR) / 0x10 + 1;
}

static bool is_lvt(u32 off)
{
	return off == 0x2f0 || (off >= APIC_LVT_TMR && off <= APIC_LVT_ERR);
}

u32 vlapic_read(struct vlapic *a, u32 off, u64 now)
{
	if (off >= APIC_ISR && off < APIC_ISR + 0x80)
		return a->isr[(off - APIC_ISR) / 0x10];
	if (off >= APIC_TMR && off < APIC_TMR + 0x80)
		return a->tmr[(off - APIC_TMR) / 0x10];
	if (off >= APIC_IRR && off < APIC_IRR + 0x80)
		return a->irr[(off - APIC_IRR) / 0x10];
	if (is_lvt(off))
		return a->lvt[lvt_index(off)];
	switch (off) {
	case APIC_ID:
		return a->id << 24;
	case APIC_VERSION:
		return VERSION;
	case APIC_TPR:
		return a->tpr;
	case APIC_PPR:
		return ppr(a);
	case APIC_LDR:
		return a->ldr;
	case APIC_DFR:
		return a->dfr;
	case APIC_SVR:
		return a->svr;
	case APIC_ESR:
		return a->esr;
	case APIC_ICR_LO:
		return a->icr_lo & ~BIT(12); /* delivered at once: idle */
	case APIC_ICR_HI:
		return a->icr_hi;
	case APIC_TMICT:
		return a->tmict;
	case APIC_TMCCT:
		return current_count(a, now);
	case APIC_TDCR:
		return a->tdcr;
	default:
		return 0;
	}
}

static int eoi(struct vlapic *a)
{
	int v = highest(a->isr);
	bool level;

	if (v < 0)
		return -1;
	level = test(a->tmr, (u8)v);
	set(a->isr, (u8)v, false);
	return level ? v : -1;
}

static void icr_write(struct vlapic *a, u32 v, struct vlapic_ipi *ipi)
{
	a->icr_lo = v;
	*ipi = (struct vlapic_ipi){
	    .valid = true,
	    .vector = (u8)v,
	    .mode = (u8)FIELD_GET(10, 8, v),
	    .logical = v & BIT(11),
	    .level_deassert = (v & BIT(15)) && !(v & BIT(14)),
	    .shorthand = (u8)FIELD_GET(19, 18, v),
	    .dest = (u8)(a->icr_hi >> 24),
	};
}

static void lvt_write(struct vlapic *a, u32 off, u32 v, u64 now)
{
	u32 i = lvt_index(off);
	u32 old = a->lvt[i];

	if (!(a->svr & SVR_ENABLE))
		v |= LVT_MASKED; /* 11.4.7.2: masked while disabled */
	a->lvt[i] = v & (i == LVT_TIMER ? 0x710ffu : 0x1f7ffu);
	if (i == LVT_TIMER && TIMER_MODE(old) != TIMER_MODE(a->lvt[i])) {
		a->tmict = 0; /* a mode change disarms the timer */
		a->tsc_deadline = 0;
		a->next_fire = 0;
	}
	(void)now;
}

int vlapic_write(struct vlapic *a, u32 off, u32 v, u64 now,
		 struct vlapic_ipi *ipi)
{
	ipi->valid = false;
	if (is_lvt(off)) {
		lvt_write(a, off, v, now);
		return -1;
	}
	switch (off) {
	case APIC_TPR:
		a->tpr = v & 0xff;
		break;
	case APIC_EOI:
		return eoi(a);
	case APIC_LDR:
		a->ldr = v & 0xff000000u;
		break;
	case APIC_DFR:
		a->dfr = v | 0x0fffffffu;
		break;
	case APIC_SVR:
		a->svr = v & 0x13ff;
		if (!(v & SVR_ENABLE)) {
			for (u32 i = 0; i < NR_LVT; i++)
				a->lvt[i] |= LVT_MASKED;
		}
		break;
	case APIC_ESR:
		a->esr = 0; /* a write latches and clears the errors */
		break;
	case APIC_ICR_HI:
		a->icr_hi = v & 0xff000000u;
		break;
	case APIC_ICR_LO:
		icr_write(a, v, ipi);
		break;
	case APIC_TMICT:
		if (TIMER_MODE(a->lvt[LVT_TIMER]) == TIMER_DEADLINE)
			break; /* ignored in TSC-deadline mode */
		a->tmict = v;
		timer_arm(a, now);
		break;
	case APIC_TDCR:
		a->tdcr = v & 0xb;
		break;
	default:
		break; /* read-only or reserved: ignored */
	}
	return -1;
}
