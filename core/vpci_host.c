/*
 * The root zone's virtual PCI host bridge (docs/virtio.md): an emulated
 * ECAM space for bus 0 with one function per served zone, its BAR0 (the
 * backend's register page, emulated) in a 32-bit window, its BAR2 (the
 * served zone's RAM, mapped in the root's stage 2) in a 64-bit window,
 * and INTx as a virtual SPI per slot.
 */
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "mm/pt.h"
#include "virtio_priv.h"

struct zone *vpci_root;

void virtio_update_intx(struct virtio_zone *vz)
{
	bool level = vpci_fn_intx(&vz->fn, vz->vb.int_status);

	if (level == vz->intx || !vpci_root)
		return;
	vz->intx = level;
	arch_zone_set_irq_level(vpci_root, platform.vpci_first_irq + vz->slot,
				level);
}

void vpci_unmap_ram(struct virtio_zone *vz)
{
	if (!vz->ram_mapped)
		return;
	CHECK(!pt_unmap(&vpci_root->s2, ipa_init(vz->ram_at), vz->vb.ram_size));
	vz->ram_mapped = false;
}

/* BAR2 decodes where the root put it: map the zone's RAM there (inside
 * the 64-bit window only), or unmap it. */
static void remap_ram(struct virtio_zone *vz)
{
	const struct cv_mem_region *m = &vz->zone->cfg->mem[0];
	u64 at;
	bool want =
	    vpci_fn_bar2(&vz->fn, &at) &&
	    range_within(at, vz->fn.bar2_size, ipa_addr(platform.vpci_mem64),
			 platform.vpci_mem64_size);

	if (vz->ram_mapped && (!want || at != vz->ram_at))
		vpci_unmap_ram(vz);
	if (!want || vz->ram_mapped)
		return;
	if (pt_map(&vpci_root->s2, ipa_init(at), pa_init(m->pa), m->size,
		   PT_READ | PT_WRITE)) {
		zone_warn(vpci_root,
			  "vpci 00:%02x.0: cannot map zone %u's RAM "
			  "at 0x%llx",
			  vz->slot, vz->zone->id, (unsigned long long)at);
		return;
	}
	vz->ram_mapped = true;
	vz->ram_at = at;
}

static int ecam_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	u32 dev = (u32)(a->offset >> 15) & 31, fn = (u32)(a->offset >> 12) & 7;
	u32 reg = (u32)a->offset & (VPCI_CFG_SIZE - 1);
	struct virtio_zone *vz;

	(void)vcpu;
	(void)priv;
	spin_lock(&virtio_lock);
	vz = fn == 0 && dev < VPCI_SLOTS ? virtio_slots[dev] : NULL;
	if (!a->write) /* nothing there: all ones, as on a real bus */
		a->value =
		    vz ? vpci_fn_read(&vz->fn, reg, a->size, vz->vb.int_status)
		       : (a->size == 8 ? ~0ull : 0xffffffffull);
	else if (vz) {
		vpci_fn_write(&vz->fn, reg, a->size, (u32)a->value);
		remap_ram(vz);
		virtio_update_intx(vz);
	}
	spin_unlock(&virtio_lock);
	return 0;
}

static struct virtio_zone *bar0_owner(u64 addr)
{
	for (u32 s = 0; s < VPCI_SLOTS; s++) {
		struct virtio_zone *vz = virtio_slots[s];
		u64 bar;

		if (vz && vpci_fn_bar0(&vz->fn, &bar) &&
		    range_within(addr, 1, bar, VB_PAGE_SIZE))
			return vz;
	}
	return NULL;
}

static void bar0_write(struct virtio_zone *vz, u32 off, struct mmio_access *a)
{
	struct vb_out out;

	if (vbackend_write(&vz->vb, off, a->size, a->value, &out))
		return;
	if (out.irq_valid)
		virtio_update_zone_irq(vz, out.irq_dev);
	virtio_update_intx(vz);
}

/* A function that went away (its zone destroyed) reads as zeros, so a
 * daemon sees MAGIC 0 and ZONE_STATE "gone" instead of a fault. */
static int bar0_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	u64 addr = ipa_addr(platform.vpci_mem32) + a->offset;
	struct virtio_zone *vz;
	int err = 0;

	(void)vcpu;
	(void)priv;
	spin_lock(&virtio_lock);
	vz = bar0_owner(addr);
	if (!vz) {
		a->value = 0;
	} else {
		u64 bar;
		u32 off;

		vpci_fn_bar0(&vz->fn, &bar);
		off = (u32)(addr - bar);
		if (a->write) {
			bar0_write(vz, off, a);
		} else {
			err = vbackend_read(&vz->vb, off, a->size, &a->value);
			virtio_update_intx(vz); /* EVENT read empty: low */
		}
	}
	spin_unlock(&virtio_lock);
	return err;
}

int vpci_host_create(struct zone *root)
{
	int err;

	if (!ipa_addr(platform.vpci_ecam))
		return 0;
	err = mmio_register(&root->mmio, platform.vpci_ecam, VPCI_ECAM_SIZE,
			    ecam_access, NULL, "vpci-ecam");
	if (!err)
		err = mmio_register(&root->mmio, platform.vpci_mem32,
				    platform.vpci_mem32_size, bar0_access, NULL,
				    "vpci-bar0");
	if (err)
		return err;
	for (u32 s = 0; s < VPCI_SLOTS; s++)
		arch_zone_add_virq(root, platform.vpci_first_irq + s);
	spin_lock(&virtio_lock);
	vpci_root = root;
	spin_unlock(&virtio_lock);
	return 0;
}

/* The root goes (machine power-off): the served zones' RAM leaves its
 * stage 2 before the table is freed. */
void vpci_host_destroy(struct zone *root)
{
	spin_lock(&virtio_lock);
	if (vpci_root == root) {
		for (u32 s = 0; s < VPCI_SLOTS; s++)
			if (virtio_slots[s])
				vpci_unmap_ram(virtio_slots[s]);
		vpci_root = NULL;
	}
	spin_unlock(&virtio_lock);
}
