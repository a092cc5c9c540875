/*
 * An emulated NS16550A (reg-shift 0, byte registers) as a zone's console.
 * Transmit is instantaneous (THR and the shift register always read
 * empty). Receive comes from vconsole_input(), and for the root zone from
 * the physical console whenever the guest polls an empty receiver (how
 * firmware such as U-Boot reads its console). The interrupt is a
 * level-sensitive line into the zone's interrupt controller:
 *   received data available (IER.ERBFI, bit 0) while the FIFO holds data,
 *   THR empty (IER.ETBEI, bit 1) after a write to THR or when ETBEI is
 *   set, until IIR reports it (the 16550's rules).
 * Output reaches the physical console a line at a time; a partial line
 * (a prompt) is flushed when the guest waits for input (reads RBR, or
 * reads LSR twice without writing THR in between) or turns the THR empty
 * interrupt off (Linux's 8250 driver, done transmitting).
 */
#include "drivers/uart/vns16550.h"

#include "cvisor/arch.h"
#include "cvisor/bits.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/vconsole.h"
#include "cvisor/vconsole_line.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#define RBR 0 /* DLAB=0 read: receive buffer; write: THR */
#define IER 1 /* DLAB=0; DLM when DLAB=1 */
#define IIR 2 /* read; FCR on write */
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

#define IER_ERBFI BIT(0)
#define IER_ETBEI BIT(1)
#define IIR_NONE  0x01
#define IIR_THRE  0x02
#define IIR_RDA	  0x04
#define IIR_FIFO  0xc0 /* FIFOs enabled (FCR bit 0) */
#define FCR_FIFOE BIT(0)
#define LCR_DLAB  BIT(7)
#define LSR_DR	  BIT(0)
#define LSR_THRE  BIT(5)
#define LSR_TEMT  BIT(6)
#define MSR_IDLE  0xb0 /* DCD, DSR, CTS asserted */

#define RX_SIZE 64

struct vns16550 {
	struct vconsole vc; /* first: the zone's vconsole */
	struct zone *zone;
	u32 irq;
	spinlock_t lock;
	u8 ier, lcr, mcr, scr, fcr, dll, dlm;
	bool thre_pending;
	u32 idle_polls;		  /* LSR reads since the last THR write */
	struct vconsole_line out; /* what the zone writes */
	u32 rx_head, rx_count;
	char rx[RX_SIZE];
};

static void transmit(struct vns16550 *u, char c)
{
	vconsole_line_put(&u->out, u->zone, c);
}

static void flush_line(struct vns16550 *u)
{
	vconsole_line_flush(&u->out, u->zone);
}

static bool rx_push(struct vns16550 *u, char c)
{
	if (u->rx_count == RX_SIZE)
		return false;
	u->rx[(u->rx_head + u->rx_count++) % RX_SIZE] = c;
	return true;
}

/* An empty receiver polled: fetch the root zone's input from the
 * physical console, unless cvisor routes console input (its interrupt,
 * the escape key): then the UART is cvisor's alone. */
static void poll_input(struct vns16550 *u)
{
	int c;

	if (u->rx_count || !(u->zone->cfg->flags & CV_ZONE_ROOT) ||
	    console_input_active())
		return;
	while ((c = console_getc()) >= 0 && rx_push(u, (char)c))
		;
}

static char rx_pop(struct vns16550 *u)
{
	char c = 0;

	if (u->rx_count) {
		c = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % RX_SIZE;
		u->rx_count--;
	}
	return c;
}

static u8 iir(struct vns16550 *u)
{
	u8 fifo = u->fcr & FCR_FIFOE ? IIR_FIFO : 0;

	if ((u->ier & IER_ERBFI) && u->rx_count)
		return fifo | IIR_RDA;
	if ((u->ier & IER_ETBEI) && u->thre_pending) {
		u->thre_pending = false; /* reading IIR clears THRE */
		return fifo | IIR_THRE;
	}
	return fifo | IIR_NONE;
}

static bool irq_level(const struct vns16550 *u)
{
	return ((u->ier & IER_ERBFI) && u->rx_count) ||
	       ((u->ier & IER_ETBEI) && u->thre_pending);
}

static u8 read_reg(struct vns16550 *u, u64 r)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (r) {
	case RBR:
		if (dlab)
			return u->dll;
		flush_line(u); /* reading input: show what was written */
		poll_input(u);
		return (u8)rx_pop(u);
	case IER:
		return dlab ? u->dlm : u->ier;
	case IIR:
		return iir(u);
	case LCR:
		return u->lcr;
	case MCR:
		return u->mcr;
	case LSR:
		/* One LSR read per character written is the transmit path;
		 * a second one without a write is a wait for input. */
		if (++u->idle_polls >= 2)
			flush_line(u);
		poll_input(u);
		return LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0);
	case MSR:
		return MSR_IDLE;
	default:
		return u->scr;
	}
}

static void write_ier(struct vns16550 *u, u8 v)
{
	if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
		u->thre_pending = true; /* THR is empty: say so */
	if (!(v & IER_ETBEI) && (u->ier & IER_ETBEI))
		flush_line(u); /* the driver is done transmitting */
	u->ier = v & 0x0f;
}

static void write_reg(struct vns16550 *u, u64 r, u8 v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (r) {
	case RBR:
		if (dlab) {
			u->dll = v;
		} else {
			transmit(u, (char)v);
			u->thre_pending = true;
			u->idle_polls = 0;
		}
		break;
	case IER:
		if (dlab)
			u->dlm = v;
		else
			write_ier(u, v);
		break;
	case IIR:
		u->fcr = v & 0xc9;
		if (v & BIT(1)) { /* clear the receive FIFO */
			u->rx_count = 0;
		}
		break;
	case LCR:
		u->lcr = v;
		break;
	case MCR:
		u->mcr = v & 0x1f;
		break;
	case SCR:
		u->scr = v;
		break;
	default:
		break; /* LSR, MSR: read-only */
	}
}

static int vns16550_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vns16550 *u = priv;
	bool level, took_input;

	(void)vcpu;
	if (a->offset > SCR || (a->size != 1 && a->size != 4))
		return -CV_EINVAL;
	spin_lock(&u->lock);
	took_input = !a->write && a->offset == RBR && !(u->lcr & LCR_DLAB);
	if (a->write)
		write_reg(u, a->offset, (u8)a->value);
	else
		a->value = read_reg(u, a->offset);
	level = irq_level(u);
	spin_unlock(&u->lock);
	arch_zone_set_irq_level(u->zone, u->irq, level);
	if (took_input)
		console_input_resume(); /* room again: held-back input flows */
	return 0;
}

/* The zone's emulated NS16550, or NULL (no console, or another model). */
static struct vns16550 *of_zone(const struct zone *zone)
{
	struct vconsole *vc = zone->vconsole;

	return vc && vc->model == &vns16550_model ? (struct vns16550 *)vc
						  : NULL;
}

void vns16550_write(struct zone *zone, const char *s, size_t n)
{
	struct vns16550 *u = of_zone(zone);

	if (!u) {
		console_write(s, n);
		return;
	}
	spin_lock(&u->lock);
	for (size_t i = 0; i < n; i++)
		transmit(u, s[i]);
	spin_unlock(&u->lock);
}

int vns16550_getc(struct zone *zone)
{
	struct vns16550 *u = of_zone(zone);
	int c = -1;

	if (!u)
		return zone->cfg->flags & CV_ZONE_ROOT &&
			       !console_input_active()
			   ? console_getc()
			   : -1;
	spin_lock(&u->lock);
	poll_input(u);
	if (u->rx_count)
		c = (u8)rx_pop(u);
	spin_unlock(&u->lock);
	return c;
}

/* Input that finds the FIFO full is dropped (see must_wait). */
static bool vns16550_input(struct vconsole *vc, char c)
{
	struct vns16550 *u = (struct vns16550 *)vc;
	bool ok, level;

	spin_lock(&u->lock);
	ok = rx_push(u, c);
	level = irq_level(u);
	spin_unlock(&u->lock);
	arch_zone_set_irq_level(u->zone, u->irq, level);
	return ok;
}

/* Flow control: a zone that reads its input by interrupt (IER.ERBFI)
 * and whose receive buffer is full makes cvisor leave further input in
 * the physical UART (console.c) instead of dropping it; reading RBR lets
 * it flow again. A zone that polls gets what fits. */
static bool vns16550_must_wait(struct vconsole *vc)
{
	struct vns16550 *u = (struct vns16550 *)vc;

	return __atomic_load_n(&u->rx_count, __ATOMIC_RELAXED) == RX_SIZE &&
	       (__atomic_load_n(&u->ier, __ATOMIC_RELAXED) & IER_ERBFI);
}

static int vns16550_create(struct zone *zone, struct vconsole **out)
{
	const struct cv_console *c = &zone->cfg->console;
	struct vns16550 *u;

	u = hv_alloc(sizeof(*u));
	if (!u)
		return -CV_ENOMEM;
	u->vc.model = &vns16550_model;
	u->zone = zone;
	u->irq = c->irq;
	u->lock = (spinlock_t)SPINLOCK_INIT;
	*out = &u->vc;
	arch_zone_add_virq(zone, c->irq);
	return mmio_register(&zone->mmio, ipa_init(c->base),
			     CV_CONSOLE_MMIO_SIZE, vns16550_access, u,
			     "ns16550");
}

static void vns16550_destroy(struct vconsole *vc)
{
	hv_free(vc);
}

const struct vconsole_model vns16550_model = {
    .type = CV_CONSOLE_NS16550,
    .create = vns16550_create,
    .destroy = vns16550_destroy,
    .input = vns16550_input,
    .must_wait = vns16550_must_wait,
};
