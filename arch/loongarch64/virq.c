/*
 * The glue of a zone's PCH-PIC and EIOINTC (virq.h): guest accesses under
 * the zone's lock, the chain pin -> vector -> vCPU HWI recomputed after
 * each, and changed lines sent to the vCPUs (GINTC.HWIS, virt.c).
 *
 * A wired pin (a device the zone owns) works like a hardware-mapped
 * interrupt: when the machine's pin fires, cvisor masks it there and
 * raises the zone's pin; when the zone clears the pin's request or
 * unmasks it (Linux's unmask does both, after its handler served the
 * device), the zone's pin drops and the machine's is unmasked again, so a
 * device still asserting fires once more.
 */
#include "arch/loongarch64/virq.h"

#include "arch/loongarch64/hwpic.h"
#include "arch/loongarch64/regbytes.h"
#include "arch/loongarch64/trap.h"
#include "cvisor/bits.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

#include <libfdt.h>

/* Which zone owns each wired pin of the machine's PCH-PIC. */
static struct zone *pin_owner[HWPIC_PINS];

static u32 eio_vcpus(const struct zone *z)
{
	return z->nr_vcpus < VEIO_MAX_VCPUS ? z->nr_vcpus : VEIO_MAX_VCPUS;
}

/* Lock held: pin -> vector -> HWI; returns the vCPUs whose lines moved. */
static u32 propagate(struct zone *z)
{
	struct la_virq *q = &z->arch.virq;
	u64 out[VEIO_WORDS];
	u32 moved = 0;

	vpch_outputs(&q->pch, out);
	veio_set_inputs(&q->eio, out);
	for (u32 i = 0; i < eio_vcpus(z); i++) {
		u8 hw = veio_hwis(&q->eio, i);

		if (hw != z->vcpus[i].arch.eio_hwis) {
			z->vcpus[i].arch.eio_hwis = hw;
			moved |= (u32)BIT(i);
		}
	}
	return moved;
}

static void notify(struct zone *z, u32 moved)
{
	for (u32 i = 0; moved; i++, moved >>= 1) {
		if (moved & 1)
			la_vcpu_lines_changed(&z->vcpus[i]);
	}
}

void la_virq_reset(struct zone *z)
{
	struct la_virq *q = &z->arch.virq;

	spin_lock(&q->lock);
	vpch_reset(&q->pch);
	veio_reset(&q->eio, eio_vcpus(z));
	for (u32 i = 0; i < z->nr_vcpus; i++)
		z->vcpus[i].arch.eio_hwis = 0;
	for (u32 p = 0; p < HWPIC_PINS; p++) {
		if (q->hw_pins & BIT(p))
			hwpic_mask(p, true);
	}
	spin_unlock(&q->lock);
}

static int vpch_mmio(struct vcpu *v, struct mmio_access *a, void *priv);

int la_virq_init(struct zone *z)
{
	z->arch.virq = (struct la_virq){.lock = SPINLOCK_INIT};
	la_virq_reset(z);
	return mmio_register(&z->mmio, ipa_init(HWPIC_BASE), HWPIC_SIZE,
			     vpch_mmio, NULL, "pch-pic");
}

void la_virq_release(struct zone *z)
{
	for (u32 p = 0; p < HWPIC_PINS; p++) {
		if (pin_owner[p] == z) {
			hwpic_mask(p, true);
			pin_owner[p] = NULL;
		}
	}
	z->arch.virq.hw_pins = 0;
}

int la_virq_wire_pin(struct zone *z, u32 pin)
{
	if (pin >= HWPIC_PINS)
		return -CV_EINVAL;
	if (pin_owner[pin] && pin_owner[pin] != z) {
		pr_err("zone %u: PCH-PIC pin %u is zone %u's", z->id, pin,
		       pin_owner[pin]->id);
		return -CV_EBUSY;
	}
	pin_owner[pin] = z;
	z->arch.virq.hw_pins |= BIT(pin);
	hwpic_route(pin, (u32)percpu_get(z->vcpus[0].pcpu)->hwid);
	return 0;
}

/* Wired pins the zone has served: its request cleared, or unmasked. */
static u64 served_pins(const struct la_virq *q, const struct mmio_access *a,
		       u64 mask_before)
{
	u64 cleared = 0;

	if (a->offset >= VPCH_CLEAR && a->offset < VPCH_CLEAR + 8)
		cleared = (a->value & regb_mask(a->size))
			  << ((a->offset & 7) * 8);
	return q->hw_pins & (cleared | (mask_before & ~q->pch.mask));
}

static int vpch_mmio(struct vcpu *v, struct mmio_access *a, void *priv)
{
	struct zone *z = v->zone;
	struct la_virq *q = &z->arch.virq;
	u64 before, served = 0;
	u32 moved = 0;
	int err;

	(void)priv;
	spin_lock(&q->lock);
	before = q->pch.mask;
	if (!a->write) {
		err = vpch_read(&q->pch, a->offset, a->size, &a->value);
	} else {
		err = vpch_write(&q->pch, a->offset, a->size, a->value);
		served = served_pins(q, a, before);
		for (u32 p = 0; p < HWPIC_PINS; p++) {
			if (served & BIT(p))
				vpch_set_pin(&q->pch, p, false);
		}
		moved = propagate(z);
	}
	spin_unlock(&q->lock);
	for (u32 p = 0; served; p++, served >>= 1) {
		if (served & 1)
			hwpic_mask(p, false);
	}
	notify(z, moved);
	if (err) {
		/* read as zero, write ignored: the guest goes on */
		zone_warn(
		    z,
		    "zone %u vcpu%u: pch-pic %s of %u bytes at +0x%llx not "
		    "modelled",
		    z->id, v->id, a->write ? "write" : "read", a->size,
		    (unsigned long long)a->offset);
		a->value = 0;
	}
	return 0;
}

void la_virq_iocsr(struct vcpu *v, u64 addr, u32 size, bool write, u64 *val)
{
	struct zone *z = v->zone;
	struct la_virq *q = &z->arch.virq;
	u32 moved = 0;
	int err;

	spin_lock(&q->lock);
	if (addr == IOCSR_ANY_SEND)
		err = write ? veio_any_send(&q->eio, *val) : 0;
	else if (write)
		err = veio_write(&q->eio, v->id, addr, size, *val);
	else
		err = veio_read(&q->eio, v->id, addr, size, val);
	if (write && !err)
		moved = propagate(z);
	spin_unlock(&q->lock);
	if (!write && (err || addr == IOCSR_ANY_SEND))
		*val = 0;
	if (err)
		zone_warn(
		    z,
		    "zone %u vcpu%u: eiointc %s of %u bytes at iocsr 0x%llx "
		    "(0x%llx) not modelled",
		    z->id, v->id, write ? "write" : "read", size,
		    (unsigned long long)addr,
		    (unsigned long long)(write ? *val : 0));
	notify(z, moved);
}

static void raise_pin(struct zone *z, u32 pin)
{
	struct la_virq *q = &z->arch.virq;
	u32 moved;

	spin_lock(&q->lock);
	vpch_set_pin(&q->pch, pin, true);
	moved = propagate(z);
	spin_unlock(&q->lock);
	notify(z, moved);
}

void la_virq_hw_interrupt(void)
{
	u64 pins = hwpic_take();

	for (u32 p = 0; pins; p++, pins >>= 1) {
		struct zone *z = pin_owner[p];

		if (!(pins & 1))
			continue;
		hwpic_mask(p, true); /* until the zone has served it */
		if (z)
			raise_pin(z, p);
	}
}
