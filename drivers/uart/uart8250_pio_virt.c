/*
 * An emulated 16550A UART on I/O ports, the console of an x86 zone: COM1,
 * ports 0x3f8-0x3ff (every x86 zone has one; the configuration's console
 * must be "none" since its types describe MMIO UARTs). Transmit is
 * instantaneous (LSR always says THRE|TEMT); received bytes come from the
 * console input routed to the zone, and for the root zone from the
 * physical console when the guest polls an empty receiver. Interrupt:
 * IRQ 4 (the zone's IOAPIC pin 4), high while received data is
 * available (IER [0]) or THR is empty (IER [1]) after a write to THR or
 * when THRE interrupts are turned on, until IIR reports it (16550 rules).
 *
 * Registers (offset, LCR.DLAB = 0): 0 RBR/THR, 1 IER, 2 IIR/FCR, 3 LCR,
 * 4 MCR, 5 LSR, 6 MSR, 7 SCR; with DLAB = 1, 0/1 are DLL/DLM.
 */
#include "drivers/uart/uart8250_pio_virt.h"

#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/vconsole.h"
#include "cvisor/zone.h"
#include "lib/printf.h"
#include "lib/spinlock.h"

#define COM1_PORT  0x3f8
#define COM1_IRQ   4
#define IER_ERBFI  0x01
#define IER_ETBEI  0x02
#define IIR_THRE   0x02
#define IIR_RDA	   0x04
#define LCR_DLAB   0x80
#define LSR_DR	   0x01
#define LSR_THRE   0x20
#define LSR_TEMT   0x40
#define IIR_NO_INT 0x01
#define IIR_FIFO   0xc0 /* FIFOs enabled (FCR bit 0) */
#define MSR_IDLE   0xb0 /* DCD, DSR, CTS asserted */
#define LINE_MAX   160
#define RX_SIZE	   64

struct v8250 {
	struct vconsole vc; /* first: the zone's vconsole */
	struct zone *zone;
	u16 port;
	spinlock_t lock;
	u8 ier, lcr, mcr, scr, fcr, dll, dlm;
	bool thre_pending;
	u32 line_len;
	char line[LINE_MAX];
	u32 rx_head, rx_count;
	char rx[RX_SIZE];
};

u16 v8250_port(const struct v8250 *u)
{
	return u->port;
}

static void flush_line(struct v8250 *u)
{
	char out[LINE_MAX + 16];
	int n = 0;

	if (!u->line_len)
		return;
	if (!(u->zone->cfg->flags & CV_ZONE_ROOT))
		n = cv_snprintf(out, sizeof(out), "[zone%u] ", u->zone->id);
	for (u32 i = 0; i < u->line_len; i++)
		out[n++] = u->line[i];
	console_write(out, (size_t)n);
	u->line_len = 0;
}

static void transmit(struct v8250 *u, char c)
{
	if (c == '\r')
		return; /* the console adds its own before each newline */
	u->line[u->line_len++] = c;
	if (c == '\n' || u->line_len == LINE_MAX)
		flush_line(u);
}

static u8 receive(struct v8250 *u)
{
	char c = 0;

	if (u->rx_count) {
		c = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % RX_SIZE;
		u->rx_count--;
	}
	return (u8)c;
}

/* The root zone's input: fetched from the physical console when the
 * guest looks at an empty receiver, unless cvisor takes the console's
 * interrupt and routes input itself (polling here would steal the
 * escape key). */
static void poll_input(struct v8250 *u)
{
	int c;

	if (u->rx_count || !(u->zone->cfg->flags & CV_ZONE_ROOT) ||
	    console_input_active())
		return;
	while (u->rx_count < RX_SIZE && (c = console_getc()) >= 0)
		u->rx[(u->rx_head + u->rx_count++) % RX_SIZE] = (char)c;
}

static u8 iir(struct v8250 *u)
{
	u8 fifo = u->fcr & 1 ? IIR_FIFO : 0;

	if ((u->ier & IER_ERBFI) && u->rx_count)
		return fifo | IIR_RDA;
	if ((u->ier & IER_ETBEI) && u->thre_pending) {
		u->thre_pending = false; /* reading IIR clears THRE */
		return fifo | IIR_THRE;
	}
	return fifo | IIR_NO_INT;
}

static bool irq_level(const struct v8250 *u)
{
	return ((u->ier & IER_ERBFI) && u->rx_count) ||
	       ((u->ier & IER_ETBEI) && u->thre_pending);
}

static u8 read_reg(struct v8250 *u, u16 off)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (off) {
	case 0:
		if (dlab)
			return u->dll;
		flush_line(u); /* reading input: show what was written */
		poll_input(u);
		return receive(u);
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2:
		return iir(u);
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		poll_input(u);
		return LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0);
	case 6:
		return MSR_IDLE;
	default:
		return u->scr;
	}
}

static void write_reg(struct v8250 *u, u16 off, u8 v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (off) {
	case 0:
		if (dlab) {
			u->dll = v;
		} else {
			transmit(u, (char)v);
			u->thre_pending = true;
		}
		break;
	case 1:
		if (dlab) {
			u->dlm = v;
			break;
		}
		if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
			u->thre_pending = true; /* THR is empty: say so */
		if (!(v & IER_ETBEI) && (u->ier & IER_ETBEI))
			flush_line(u); /* done transmitting: show a prompt */
		u->ier = v & 0x0f;
		break;
	case 2:
		u->fcr = v;
		break;
	case 3:
		u->lcr = v;
		break;
	case 4:
		u->mcr = v & 0x1f;
		break;
	case 7:
		u->scr = v;
		break;
	default:
		break; /* LSR, MSR: read-only */
	}
}

void v8250_io(struct v8250 *u, u16 offset, bool in, u32 *value)
{
	bool level;

	spin_lock(&u->lock);
	if (in)
		*value = read_reg(u, offset & 7);
	else
		write_reg(u, offset & 7, (u8)*value);
	level = irq_level(u);
	spin_unlock(&u->lock);
	arch_zone_set_irq_level(u->zone, COM1_IRQ, level);
}

struct v8250 *v8250_of(const struct zone *zone)
{
	struct vconsole *vc = zone->vconsole;

	return vc && vc->model == &v8250_model ? (struct v8250 *)vc : NULL;
}

/* No flow control: input that finds the FIFO full is dropped. */
static bool v8250_input(struct vconsole *vc, char c)
{
	struct v8250 *u = (struct v8250 *)vc;
	bool ok, level;

	spin_lock(&u->lock);
	ok = u->rx_count < RX_SIZE;
	if (ok)
		u->rx[(u->rx_head + u->rx_count++) % RX_SIZE] = c;
	level = irq_level(u);
	spin_unlock(&u->lock);
	arch_zone_set_irq_level(u->zone, COM1_IRQ, level);
	return ok;
}

static int v8250_create(struct zone *zone, struct vconsole **out)
{
	struct v8250 *u = hv_alloc(sizeof(*u));

	if (!u)
		return -CV_ENOMEM;
	u->vc.model = &v8250_model;
	u->zone = zone;
	u->port = COM1_PORT;
	u->lock = (spinlock_t)SPINLOCK_INIT;
	u->lcr = 0x03; /* 8N1 */
	*out = &u->vc;
	return 0;
}

static void v8250_destroy(struct vconsole *vc)
{
	hv_free(vc);
}

/* Every x86 zone gets COM1: the configuration's console types are MMIO
 * UARTs, so an x86 zone says "none" and this model answers that type. */
const struct vconsole_model v8250_model = {
    .type = CV_CONSOLE_NONE,
    .create = v8250_create,
    .destroy = v8250_destroy,
    .input = v8250_input,
    .must_wait = NULL,
};
