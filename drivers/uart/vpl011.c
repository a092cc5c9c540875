/*
 * An emulated Arm PL011 (DDI 0183) for a zone's console. Transmit is
 * instantaneous (the FIFO always reads empty), receive comes from the
 * console input routed to the zone. The interrupt is a level-sensitive
 * virtual SPI: UARTMIS = UARTRIS & UARTIMSC, as in the hardware.
 */
#include "drivers/uart/vpl011.h"

#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/vconsole.h"
#include "cvisor/vconsole_line.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#define UARTDR	      0x000
#define UARTRSR	      0x004
#define UARTFR	      0x018
#define UARTILPR      0x020
#define UARTIBRD      0x024
#define UARTFBRD      0x028
#define UARTLCR_H     0x02c
#define UARTCR	      0x030
#define UARTIFLS      0x034
#define UARTIMSC      0x038
#define UARTRIS	      0x03c
#define UARTMIS	      0x040
#define UARTICR	      0x044
#define UARTDMACR     0x048
#define UARTPERIPHID0 0xfe0

#define FR_RXFE (1u << 4) /* receive FIFO empty */
#define FR_TXFE (1u << 7) /* transmit FIFO empty */
#define INT_RX	(1u << 4) /* RXIM/RXRIS */
#define INT_TX	(1u << 5) /* TXIM/TXRIS: always raised, FIFO is empty */
#define INT_RT	(1u << 6) /* receive timeout */

#define RX_SIZE 256

struct vpl011 {
	struct vconsole vc; /* first: the zone's vconsole */
	struct zone *zone;
	u32 irq;
	spinlock_t lock;
	u32 imsc, ris_clear, cr, lcr_h, ibrd, fbrd, ifls, ilpr;
	struct vconsole_line out; /* what the zone writes */
	u32 rx_head, rx_count;
	bool resume_input; /* a read made room: input may flow again */
	char rx[RX_SIZE];
};

/* Peripheral and PrimeCell identification (UARTPeriphID0-3, CellID0-3):
 * what Linux's AMBA bus matches the pl011 driver on. */
static const u8 id_regs[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static void transmit(struct vpl011 *u, char c)
{
	vconsole_line_put(&u->out, u->zone, c);
}

static void flush_line(struct vpl011 *u)
{
	vconsole_line_flush(&u->out, u->zone);
}

static u32 raw_status(const struct vpl011 *u)
{
	u32 ris = INT_TX;

	if (u->rx_count)
		ris |= INT_RX | INT_RT;
	return ris & ~u->ris_clear;
}

static u32 read_reg(struct vpl011 *u, u64 off)
{
	switch (off) {
	case UARTDR: {
		char c = 0;

		if (u->rx_count) {
			c = u->rx[u->rx_head];
			u->rx_head = (u->rx_head + 1) % RX_SIZE;
			u->rx_count--;
			u->resume_input = u->rx_count == RX_SIZE / 2;
		}
		return (u8)c;
	}
	case UARTFR:
		return FR_TXFE | (u->rx_count ? 0 : FR_RXFE);
	case UARTILPR:
		return u->ilpr;
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return raw_status(u);
	case UARTMIS:
		return raw_status(u) & u->imsc;
	default:
		if (off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 32)
			return id_regs[(off - UARTPERIPHID0) / 4];
		return 0;
	}
}

static void write_reg(struct vpl011 *u, u64 off, u32 v)
{
	switch (off) {
	case UARTDR:
		transmit(u, (char)v);
		break;
	case UARTILPR:
		u->ilpr = v & 0xff;
		break;
	case UARTIBRD:
		u->ibrd = v & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = v & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = v & 0xff;
		break;
	case UARTCR:
		u->cr = v & 0xffff;
		break;
	case UARTIFLS:
		u->ifls = v & 0x3f;
		break;
	case UARTIMSC:
		/* A driver touches the mask when a burst of output ends
		 * (Linux masks or re-arms TX): show a partial line (a shell
		 * prompt) now rather than at the next newline. */
		flush_line(u);
		u->imsc = v & 0x7ff;
		u->ris_clear &= ~v; /* unmasking re-arms a cleared source */
		break;
	case UARTICR:
		/* TX stays raised while the FIFO is empty; RX while data
		 * waits. Only the timeout can be cleared for good. */
		u->ris_clear |= v & INT_RT & ~(u->rx_count ? INT_RT : 0);
		break;
	default:
		break; /* RSR/ECR, DMACR, test registers: ignored */
	}
}

static int vpl011_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vpl011 *u = priv;
	bool level, resume;

	(void)vcpu;
	if (a->size > 4 || (a->offset & 3 && a->offset != UARTDR))
		return -CV_EINVAL;
	spin_lock(&u->lock);
	if (a->write)
		write_reg(u, a->offset & ~3ull, (u32)a->value);
	else
		a->value = read_reg(u, a->offset & ~3ull);
	level = (raw_status(u) & u->imsc) != 0;
	resume = u->resume_input;
	u->resume_input = false;
	spin_unlock(&u->lock);
	arch_zone_set_irq_level(u->zone, u->irq, level);
	if (resume)
		console_input_resume();
	return 0;
}

static bool vpl011_input(struct vconsole *vc, char c)
{
	struct vpl011 *u = (struct vpl011 *)vc;
	bool ok, level;

	spin_lock(&u->lock);
	ok = u->rx_count < RX_SIZE;
	if (ok)
		u->rx[(u->rx_head + u->rx_count++) % RX_SIZE] = c;
	u->ris_clear &= ~INT_RT;
	level = (raw_status(u) & u->imsc) != 0;
	spin_unlock(&u->lock);
	arch_zone_set_irq_level(u->zone, u->irq, level);
	return ok;
}

/* Full, and the guest takes receive interrupts: it will read. */
static bool vpl011_must_wait(struct vconsole *vc)
{
	struct vpl011 *u = (struct vpl011 *)vc;

	return u->rx_count == RX_SIZE && (u->imsc & INT_RX);
}

static int vpl011_create(struct zone *zone, struct vconsole **out)
{
	const struct cv_console *c = &zone->cfg->console;
	struct vpl011 *u;

	u = hv_alloc(sizeof(*u));
	if (!u)
		return -CV_ENOMEM;
	u->vc.model = &vpl011_model;
	u->zone = zone;
	u->irq = c->irq;
	u->cr = 0x300; /* TXE | RXE, as out of reset */
	u->ifls = 0x12;
	*out = &u->vc;
	arch_zone_add_virq(zone, c->irq);
	return mmio_register(&zone->mmio, ipa_init(c->base),
			     CV_CONSOLE_MMIO_SIZE, vpl011_access, u, "pl011");
}

static void vpl011_destroy(struct vconsole *vc)
{
	hv_free(vc);
}

const struct vconsole_model vpl011_model = {
    .type = CV_CONSOLE_PL011,
    .create = vpl011_create,
    .destroy = vpl011_destroy,
    .input = vpl011_input,
    .must_wait = vpl011_must_wait,
};
