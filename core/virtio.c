/*
 * The served zone's side of its virtio devices (docs/virtio.md): one
 * emulated virtio-mmio transport per device, whose register file
 * (core/virtio_mmio_regs.c) turns driver writes into events for the
 * root's daemon and whose interrupt follows InterruptStatus.
 */
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "cvisor/memory.h"
#include "virtio_priv.h"

#define QUEUE_NUM_MAX 256u

spinlock_t virtio_lock = SPINLOCK_INIT;
struct virtio_zone *virtio_slots[VPCI_SLOTS];

static u32 queues_of(u32 type)
{
	/* net: receiveq, transmitq; console: receiveq, transmitq (port 0,
	 * no VIRTIO_CONSOLE_F_MULTIPORT); blk: one request queue. */
	return type == CV_VIRTIO_BLK ? 1 : 2;
}

void virtio_push(struct virtio_zone *vz, u32 kind, u32 dev, u32 queue)
{
	u32 epoch = dev < vz->vb.nr_devs ? vz->vb.dev[dev].epoch : 0;

	vbackend_push(&vz->vb, vb_event(kind, dev, queue, epoch));
	virtio_update_intx(vz);
}

void virtio_update_zone_irq(struct virtio_zone *vz, u32 dev)
{
	if (dev < vz->vb.nr_devs)
		arch_zone_set_irq_level(vz->zone,
					vz->zone->cfg->virtio[dev].irq,
					vmmio_irq_level(&vz->vb.dev[dev]));
}

static void after_write(struct virtio_zone *vz, u32 dev,
			const struct vmmio_out *out)
{
	static const u32 kinds[] = {
	    [VMMIO_EV_NOTIFY] = VB_EV_NOTIFY,
	    [VMMIO_EV_DRIVER_OK] = VB_EV_DRIVER_OK,
	    [VMMIO_EV_RESET] = VB_EV_RESET,
	};

	if (out->event != VMMIO_EV_NONE)
		virtio_push(vz, kinds[out->event], dev, out->queue);
	virtio_update_zone_irq(vz, dev);
}

static int transport_access(struct vcpu *vcpu, struct mmio_access *a,
			    void *priv)
{
	struct virtio_ref *r = priv;
	struct vmmio_state *d = &r->vz->vb.dev[r->index];
	struct vmmio_out out;
	u32 refused;
	int err;

	(void)vcpu;
	spin_lock(&virtio_lock);
	refused = d->refused;
	if (a->write) {
		err = vmmio_write(d, (u32)a->offset, a->size, a->value, &out);
		if (!err)
			after_write(r->vz, r->index, &out);
	} else {
		err = vmmio_read(d, (u32)a->offset, a->size, &a->value);
	}
	if (d->refused != refused)
		zone_warn(r->vz->zone,
			  "virtio[%u]: %s of 0x%x refused (status 0x%x)",
			  r->index, a->write ? "write" : "read", (u32)a->offset,
			  d->status);
	spin_unlock(&virtio_lock);
	return err;
}

static int free_slot(void)
{
	/* Slot 0 stays empty: bus 0 device 0 is often taken for a host
	 * bridge by convention. */
	for (u32 s = 1; s < VPCI_SLOTS; s++)
		if (!virtio_slots[s])
			return (int)s;
	return -CV_ENOMEM;
}

static int register_transports(struct virtio_zone *vz)
{
	const struct cv_zone_config *cfg = vz->zone->cfg;
	int err = 0;

	vz->vb.nr_devs = cfg->nr_virtio;
	for (u32 i = 0; i < cfg->nr_virtio && !err; i++) {
		const struct cv_virtio *v = &cfg->virtio[i];

		vmmio_init(&vz->vb.dev[i], v->type, queues_of(v->type),
			   QUEUE_NUM_MAX);
		vz->ref[i] = (struct virtio_ref){vz, i};
		err = mmio_register(&vz->zone->mmio, ipa_init(v->base),
				    CV_VIRTIO_MMIO_SIZE, transport_access,
				    &vz->ref[i], "virtio-mmio");
		if (!err)
			arch_zone_add_virq(vz->zone, v->irq);
	}
	return err;
}

int virtio_zone_create(struct zone *zone)
{
	const struct cv_zone_config *cfg = zone->cfg;
	struct virtio_zone *vz;
	int slot, err;

	if (!cfg->nr_virtio)
		return 0;
	vz = hv_alloc(sizeof(*vz));
	if (!vz)
		return -CV_ENOMEM;
	vz->zone = zone;
	vbackend_init(&vz->vb);
	vz->vb.zone_id = zone->id;
	vz->vb.ram_ipa = cfg->mem[0].ipa;
	vz->vb.ram_size = cfg->mem[0].size;
	vpci_fn_init(&vz->fn, cfg->mem[0].size);
	err = register_transports(vz);
	spin_lock(&virtio_lock);
	slot = err ? err : free_slot();
	if (slot >= 0) {
		vz->slot = (u32)slot;
		virtio_slots[slot] = vz;
		zone->virtio = vz;
	}
	spin_unlock(&virtio_lock);
	if (slot < 0) {
		pr_err("zone %u: virtio: %s", zone->id,
		       err ? "cannot register the transports"
			   : "no free slot on the root's PCI bus");
		hv_free(vz);
		return slot;
	}
	pr_info("zone %u: %u virtio device(s), served through PCI 00:%02x.0 "
		"of the root zone",
		zone->id, cfg->nr_virtio, vz->slot);
	return 0;
}

/* Every device of the zone back to reset (a new epoch, the interrupt
 * status cleared and the zone's lines low), the daemon told the zone's
 * new state. */
static void reset_all(struct zone *zone, u32 zone_state)
{
	struct virtio_zone *vz = zone->virtio;
	struct vmmio_out out;

	if (!vz)
		return;
	spin_lock(&virtio_lock);
	for (u32 i = 0; i < vz->vb.nr_devs; i++) {
		CHECK(!vmmio_write(&vz->vb.dev[i], VMMIO_STATUS, 4, 0, &out));
		after_write(vz, i, &out);
	}
	vz->vb.zone_state = zone_state;
	virtio_push(vz, VB_EV_ZONE, 0, 0);
	spin_unlock(&virtio_lock);
}

/* The zone (re)starts: every device back to reset, the daemon told. */
void virtio_zone_reset(struct zone *zone)
{
	reset_all(zone, VB_ZONE_RUNNING);
}

/*
 * The zone's vCPUs are parked (zone_ctl.c calls this before it releases
 * the zone's interrupts and scrubs its RAM). Reset the devices now, not
 * at the next start: the daemon may still be completing requests of this
 * boot, and a DEV_IRQ of the old epoch must be refused. Accepted, it
 * raised the zone's line while no vCPU could take it; the vGIC marked
 * the interrupt in flight, the injection was dropped, and the next boot
 * never heard its first disk read complete (issue 12's hang after
 * `zone restart`). The new epoch and ZONE_STATE also tell the daemon to
 * stop touching the RAM before cvisor scrubs it.
 */
void virtio_zone_stopped(struct zone *zone)
{
	reset_all(zone, VB_ZONE_STOPPED);
}

void virtio_zone_destroy(struct zone *zone)
{
	struct virtio_zone *vz = zone->virtio;

	if (!vz)
		return;
	spin_lock(&virtio_lock);
	vpci_unmap_ram(vz);
	if (vz->intx && vpci_root)
		arch_zone_set_irq_level(
		    vpci_root, platform.vpci_first_irq + vz->slot, false);
	virtio_slots[vz->slot] = NULL;
	zone->virtio = NULL;
	spin_unlock(&virtio_lock);
	hv_free(vz);
}
