/*
 * A zone's virtual APLIC domain (trap-and-emulate at the physical
 * supervisor domain's address) and the guest interrupt files behind it.
 * The register state machine is aplic_vstate.c; here its requests reach
 * the physical domain, for the sources the zone owns only, and the MSIs
 * of emulated sources are written into the target vCPU's guest file.
 * An owned source's physical target is the guest file of the CPU that
 * runs the vCPU the guest named, with the guest's EIID: the device's MSI
 * reaches the guest without passing through cvisor.
 */
#include "arch_hw.h"
#include "cvisor/errno.h"
#include "cvisor/memory.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/aplic.h"
#include "lib/spinlock.h"

struct vaplic {
	struct zone *zone;
	spinlock_t lock;
	struct vaplic_state st;
	struct vaplic_msi msis[VAPLIC_MAX_MSIS];
};

/* The guest's target (vCPU, EIID) as the physical domain's: the CPU of
 * that vCPU, its guest file. A vCPU the zone lacks gets EIID 0, which
 * no IMSIC takes as an interrupt. */
static u32 physical_target(const struct zone *zone, u32 target)
{
	u32 v = aplic_target_hart(target);

	if (v >= zone->nr_vcpus)
		return aplic_target(imsic_hart_index(zone->vcpus[0].pcpu),
				    imsic_guest_file(), 0);
	return aplic_target(imsic_hart_index(zone->vcpus[v].pcpu),
			    imsic_guest_file(), aplic_target_eiid(target));
}

static void sync_enables(struct vaplic *p)
{
	for (u32 src = 1; src < p->st.nr_sources; src++) {
		if (vaplic_state_is_hw(&p->st, src))
			aplic_enable(src, vaplic_state_enabled(&p->st, src));
	}
}

/* setipnum on a level-sensitive source sets its pending bit only while
 * the source asserts it (AIA 1.0, 4.7 and 4.9.2: what Linux's end of
 * interrupt relies on). QEMU 7.2's APLIC sets it regardless in MSI mode,
 * which turns every end of interrupt into a new MSI (a storm, on bare
 * QEMU too): the virtual domain checks the input itself. */
static void set_pending(struct vaplic *p, u32 src)
{
	u32 sm = p->st.sourcecfg[src];

	if (sm == APLIC_SM_LEVEL1 || sm == APLIC_SM_LEVEL0) {
		if (aplic_input(src) == (sm == APLIC_SM_LEVEL0))
			return;
	}
	aplic_setipnum(src);
}

static void set_pending_word(struct vaplic *p, u32 word, u32 bits)
{
	for (u32 b = 0; b < 32; b++) {
		if (bits & (1u << b))
			set_pending(p, 32 * word + b);
	}
}

static void do_hw(struct vaplic *p, const struct vaplic_hw_req *r)
{
	switch (r->op) {
	case VAPLIC_HW_SOURCECFG:
		aplic_set_sourcecfg(r->src, r->value);
		aplic_enable(r->src, vaplic_state_enabled(&p->st, r->src));
		break;
	case VAPLIC_HW_TARGET:
		aplic_set_target(r->src, physical_target(p->zone, r->value));
		break;
	case VAPLIC_HW_ENABLE:
		aplic_enable(r->src, r->value);
		break;
	case VAPLIC_HW_SETIP:
		set_pending(p, r->src);
		break;
	case VAPLIC_HW_CLRIP:
		aplic_clripnum(r->src);
		break;
	case VAPLIC_HW_WORD:
		if (r->off >= APLIC_SETIP && r->off < APLIC_SETIP + 0x80)
			set_pending_word(p, (u32)(r->off - APLIC_SETIP) / 4,
					 r->value);
		else
			aplic_write(r->off, r->value);
		break;
	case VAPLIC_HW_IE_SYNC:
		sync_enables(p);
		break;
	default:
		break;
	}
}

static void send_msis(struct vaplic *p, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		if (p->msis[i].hart < p->zone->nr_vcpus)
			imsic_guest_send(p->zone->vcpus[p->msis[i].hart].pcpu,
					 p->msis[i].eiid);
	}
}

static int vaplic_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct vaplic *p = priv;
	struct vaplic_hw_req req;
	u32 val = 0, n = 0;
	int err;

	if (a->size != 4)
		return -CV_EINVAL;
	spin_lock(&p->lock);
	if (a->write) {
		if (vaplic_state_write_is_foreign(&p->st, a->offset,
						  (u32)a->value))
			zone_warn_kind(
			    vcpu->zone, &vcpu->zone->refused_irqchip,
			    "refused interrupt-controller writes",
			    "zone %u vcpu%u: APLIC write 0x%x at +0x%llx "
			    "names a source not its own: ignored",
			    vcpu->zone->id, vcpu->id, (u32)a->value,
			    (unsigned long long)a->offset);
		err = vaplic_state_write(&p->st, a->offset, (u32)a->value, &req,
					 p->msis, &n);
		do_hw(p, &req);
		send_msis(p, n);
	} else {
		err = vaplic_state_read(&p->st, a->offset, &val, &req);
		if (req.op == VAPLIC_HW_READ)
			val |= aplic_read(req.off) &
			       vaplic_state_hw_mask(
				   &p->st, (u32)((req.off & 0x7f) / 4));
		a->value = val;
	}
	spin_unlock(&p->lock);
	return err;
}

void vaplic_set_level(struct zone *zone, u32 src, bool level)
{
	struct vaplic *p = zone->arch.vaplic;
	u32 n;

	if (!p)
		return;
	spin_lock(&p->lock);
	n = vaplic_state_set_level(&p->st, src, level, p->msis);
	send_msis(p, n);
	spin_unlock(&p->lock);
}

/* vCPU 0 starting while every other vCPU of the zone is off: the zone
 * (re)starts, and its domain with it (the owned sources went inactive
 * in the physical domain when the zone stopped). */
static bool zone_starting(struct vcpu *vcpu)
{
	if (vcpu->id)
		return false;
	for (u32 i = 1; i < vcpu->zone->nr_vcpus; i++) {
		if (!vcpu_is_off(&vcpu->zone->vcpus[i]))
			return false;
	}
	return true;
}

void vaplic_vcpu_reset(struct vcpu *vcpu)
{
	struct vaplic *p = vcpu->zone->arch.vaplic;

	if (p && zone_starting(vcpu)) {
		spin_lock(&p->lock);
		vaplic_state_reset(&p->st);
		spin_unlock(&p->lock);
	}
	csr_clear(CSR_HSTATUS, HSTATUS_VGEIN);
	csr_set(CSR_HSTATUS, FIELD_PREP(17, 12, imsic_guest_file()));
	imsic_guest_file_reset();
}

/* The zone's vCPU v reaches its guest file at the guest-physical page v
 * of its IMSIC (the zone's device tree says so: fdt_fixup.c). */
static int map_guest_files(struct zone *zone)
{
	for (u32 v = 0; v < zone->nr_vcpus; v++) {
		/* The guest sees its files at the S-level files' addresses. */
		int err = pt_map(&zone->s2,
				 ipa_init(pa_addr(imsic_base()) + 0x1000 * v),
				 imsic_guest_file_pa(zone->vcpus[v].pcpu),
				 0x1000, PT_READ | PT_WRITE | PT_DEVICE);

		if (err)
			return err;
	}
	return 0;
}

int vaplic_zone_init(struct zone *zone)
{
	struct vaplic *p = hv_alloc(sizeof(*p));
	int err;

	if (!p)
		return -CV_ENOMEM;
	p->zone = zone;
	p->lock = (spinlock_t)SPINLOCK_INIT;
	vaplic_state_init(&p->st, aplic_nr_sources());
	for (u32 src = 1; src < aplic_nr_sources(); src++) {
		if (zone_owns_irq(zone, src))
			vaplic_state_set_hw(&p->st, src);
		else
			vaplic_state_set_absent(&p->st, src, true);
	}
	zone->arch.vaplic = p;
	err = map_guest_files(zone);
	if (!err)
		err =
		    mmio_register(&zone->mmio, ipa_init(pa_addr(aplic_base())),
				  APLIC_SIZE, vaplic_access, p, "aplic");
	return err;
}

void vaplic_declare_virq(struct zone *zone, u32 src)
{
	struct vaplic *p = zone->arch.vaplic;

	if (!p)
		return;
	spin_lock(&p->lock);
	vaplic_state_set_absent(&p->st, src, false);
	spin_unlock(&p->lock);
}

void vaplic_zone_destroy(struct zone *zone)
{
	hv_free(zone->arch.vaplic);
	zone->arch.vaplic = NULL;
}
