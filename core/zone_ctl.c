/*
 * Zone life cycle after boot: stop (vCPUs parked, interrupts released,
 * memory scrubbed), start again, restart, and start a new zone from a
 * bundle the root zone supplies. One operation at a time (zones_lock).
 */
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/percpu.h"
#include "cvisor/virtio.h"
#include "cvisor/zone.h"
#include "lib/string.h"
#include "mm/frame.h"

#define STOP_WAIT_LIMIT 100000000ull /* relax loops, ~seconds under TCG */

static spinlock_t zones_lock = SPINLOCK_INIT;

struct zone *zone_by_id(u32 id)
{
	for (u32 i = 0; i < nr_zones; i++) {
		if (zones[i] && zones[i]->id == id)
			return zones[i];
	}
	return NULL;
}

static bool is_root(const struct zone *zone)
{
	return zone->cfg->flags & CV_ZONE_ROOT;
}

/* Ask every vCPU of the zone but `self` to stop, and wait until they are
 * parked. */
static int park_vcpus(struct zone *zone, struct vcpu *self)
{
	u64 spins = 0;

	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		struct vcpu *v = &zone->vcpus[i];

		if (v == self)
			continue;
		vcpu_cancel_start(v);
		if (!vcpu_is_off(v))
			event_send(v->pcpu, EVENT_VCPU_STOP, 0);
	}
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		struct vcpu *v = &zone->vcpus[i];

		while (v != self && !vcpu_is_off(v)) {
			if (++spins == STOP_WAIT_LIMIT) {
				pr_err("zone %u vcpu%u does not stop", zone->id,
				       v->id);
				return -CV_EBUSY;
			}
			arch_cpu_relax();
		}
	}
	return 0;
}

static void release_irqs(struct zone *zone)
{
	for (u32 i = 0; i < zone->cfg->nr_irqs; i++)
		arch_irqchip_release(zone->cfg->irqs[i]);
}

/* Nothing of the zone may survive into its next run or another zone. */
static void scrub_memory(struct zone *zone)
{
	const struct cv_zone_config *cfg = zone->cfg;

	for (u32 i = 0; i < cfg->nr_mem; i++) {
		void *p = pa_to_hv(pa_init(cfg->mem[i].pa));

		memset(p, 0, cfg->mem[i].size);
		arch_dcache_clean(p, cfg->mem[i].size);
	}
}

/* With zones_lock held. self: the caller's own vCPU when it is one of the
 * zone's (it parks last, in the caller). */
static int stop_locked(struct zone *zone, struct vcpu *self)
{
	int err;

	if (zone->state == ZONE_STOPPED)
		return 0;
	/* Read without the lock by the zone's vCPUs (lock_from_own_vcpu). */
	__atomic_store_n(&zone->state, ZONE_STOPPING, __ATOMIC_RELEASE);
	err = park_vcpus(zone, self);
	if (err)
		return err;
	/* First: from now on no device may raise the zone's lines (see
	 * virtio_zone_stopped), then they are released and forgotten. */
	virtio_zone_stopped(zone);
	release_irqs(zone);
	arch_zone_stopped(zone);
	scrub_memory(zone);
	zone->state = ZONE_STOPPED;
	pr_info("zone %u '%s': stopped (CPUs parked, interrupts released, "
		"memory scrubbed)",
		zone->id, zone->name);
	zone_log_refusals(zone);
	return 0;
}

static struct vcpu *own_vcpu_in(struct zone *zone)
{
	struct vcpu *self = this_cpu()->vcpu;

	return self && self->zone == zone ? self : NULL;
}

int zone_stop(struct zone *zone)
{
	int err;

	if (is_root(zone)) {
		pr_warn("zone %u '%s': the root zone is not stopped from "
			"outside (power off inside it)",
			zone->id, zone->name);
		return -CV_EPERM;
	}
	spin_lock(&zones_lock);
	err = stop_locked(zone, own_vcpu_in(zone));
	spin_unlock(&zones_lock);
	return err;
}

/* With zones_lock held: reload the images, start vCPU 0. */
static int start_locked(struct zone *zone)
{
	struct vcpu *v0 = &zone->vcpus[0];
	int err;

	if (zone->state != ZONE_STOPPED)
		return -CV_EBUSY;
	err = zone_load_and_reset(zone);
	if (err)
		return err;
	if (v0->pcpu != this_cpu()->id)
		event_send(v0->pcpu, EVENT_VCPU_START, 0);
	pr_info("zone %u '%s': started", zone->id, zone->name);
	return 0;
}

int zone_start_again(struct zone *zone)
{
	int err;

	spin_lock(&zones_lock);
	err = start_locked(zone);
	spin_unlock(&zones_lock);
	return err;
}

int zone_restart(struct zone *zone)
{
	int err;

	if (is_root(zone) || own_vcpu_in(zone))
		return -CV_EPERM; /* see zone_reboot() for a zone itself */
	spin_lock(&zones_lock);
	err = stop_locked(zone, NULL);
	if (!err)
		err = start_locked(zone);
	spin_unlock(&zones_lock);
	return err;
}

static u32 running_zones(void)
{
	u32 n = 0;

	for (u32 i = 0; i < nr_zones; i++)
		n += zones[i] && zones[i]->state == ZONE_RUNNING;
	return n;
}

/*
 * zones_lock, taken by one of the zone's own vCPUs (it powers the zone
 * off or resets it). A manager stopping the zone (zone_stop, _restart)
 * holds the lock while it waits for every vCPU of the zone to park:
 * waiting here for the lock would hold both until park_vcpus gives up
 * (seconds, then -CV_EBUSY). So while the lock is busy and the zone is
 * being stopped, this vCPU parks at once: the zone ends up stopped, which
 * both wanted (a reset loses to a stop or restart from outside).
 * Found by tests/system/test_faults_aarch64.py (the management race).
 */
static void lock_from_own_vcpu(struct zone *zone)
{
	while (!spin_trylock(&zones_lock)) {
		if (__atomic_load_n(&zone->state, __ATOMIC_ACQUIRE) ==
		    ZONE_STOPPING)
			vcpu_stop_self();
		arch_cpu_relax();
	}
}

void zone_shutdown(struct zone *zone)
{
	pr_info("zone %u '%s': SYSTEM_OFF", zone->id, zone->name);
	if (is_root(zone) || running_zones() <= 1) {
		for (u32 i = 0; i < nr_zones; i++)
			if (zones[i])
				zone_log_activity(zones[i]);
		pr_info("last/root zone is off: powering the machine off");
		arch_system_off();
	}
	lock_from_own_vcpu(zone);
	stop_locked(zone, own_vcpu_in(zone));
	spin_unlock(&zones_lock);
	vcpu_stop_self();
}

void zone_reboot(struct zone *zone)
{
	struct vcpu *self = own_vcpu_in(zone);

	pr_info("zone %u '%s': SYSTEM_RESET", zone->id, zone->name);
	if (is_root(zone)) {
		pr_info("root zone reset: resetting the machine");
		arch_system_reset();
	}
	lock_from_own_vcpu(zone);
	if (!stop_locked(zone, self))
		start_locked(zone);
	spin_unlock(&zones_lock);
	/* vCPU 0 is pending now; this CPU runs it if it is vCPU 0. */
	vcpu_leave_guest();
}

/* ---- A new zone from a bundle in the root zone's memory ---- */

#define MAX_RUNTIME_BUNDLE MiB(64)

static bool zone_pa_overlaps(const struct zone *z, u64 pa, u64 size)
{
	const struct cv_zone_config *c = z->cfg;

	for (u32 i = 0; i < c->nr_mem; i++) {
		if (ranges_overlap(pa, size, c->mem[i].pa, c->mem[i].size))
			return true;
	}
	for (u32 i = 0; i < c->nr_devices; i++) {
		if (ranges_overlap(pa, size, c->devices[i].base,
				   c->devices[i].size))
			return true;
	}
	return false;
}

/* Each shared-memory link names a running zone that declares the same
 * link back; the pages are nobody's RAM or device. */
static int check_links(const struct cv_zone_config *cfg,
		       const struct zone *replaced)
{
	for (u32 i = 0; i < cfg->nr_shm; i++) {
		const struct cv_shm *l = &cfg->shm[i];
		const struct zone *peer = zone_by_id(l->peer);
		bool back = false;

		for (u32 j = 0; peer && j < peer->cfg->nr_shm; j++)
			back |= peer->cfg->shm[j].peer == cfg->id &&
				peer->cfg->shm[j].pa == l->pa &&
				peer->cfg->shm[j].size == l->size;
		if (!peer || peer == replaced || !back) {
			pr_warn("zone start refused: shm[%u]: zone %u does not "
				"declare this link back",
				i, l->peer);
			return -CV_EINVAL;
		}
		for (u32 z = 0; z < nr_zones; z++) {
			if (zones[z] && zones[z] != replaced &&
			    zone_pa_overlaps(zones[z], l->pa, l->size)) {
				pr_warn("zone start refused: shm[%u] 0x%llx "
					"overlaps zone %u '%s'",
					i, (unsigned long long)l->pa,
					zones[z]->id, zones[z]->name);
				return -CV_EBUSY;
			}
		}
	}
	return 0;
}

/* The new zone against every zone that stays (all but `replaced`). */
static int check_against_zones(const struct cv_zone_config *cfg,
			       const struct zone *replaced)
{
	for (u32 z = 0; z < nr_zones; z++) {
		const struct zone *o = zones[z];

		if (!o || o == replaced)
			continue;
		if (cfg->cpus & o->cpus) {
			pr_warn("zone start refused: cpus 0x%llx: CPU(s) "
				"0x%llx belong to zone %u '%s'",
				(unsigned long long)cfg->cpus,
				(unsigned long long)(cfg->cpus & o->cpus),
				o->id, o->name);
			return -CV_EBUSY;
		}
		for (u32 i = 0; i < cfg->nr_mem; i++) {
			if (zone_pa_overlaps(o, cfg->mem[i].pa,
					     cfg->mem[i].size)) {
				pr_warn("zone start refused: mem[%u].pa 0x%llx "
					"overlaps zone %u '%s'",
					i, (unsigned long long)cfg->mem[i].pa,
					o->id, o->name);
				return -CV_EBUSY;
			}
		}
		for (u32 i = 0; i < cfg->nr_devices; i++) {
			if (zone_pa_overlaps(o, cfg->devices[i].base,
					     cfg->devices[i].size)) {
				pr_warn("zone start refused: devices[%u] '%s' "
					"belongs to zone %u '%s'",
					i, cfg->devices[i].name, o->id,
					o->name);
				return -CV_EBUSY;
			}
		}
		for (u32 i = 0; i < cfg->nr_irqs; i++) {
			if (zone_owns_irq(o, cfg->irqs[i])) {
				pr_warn("zone start refused: irq %u belongs "
					"to zone %u '%s'",
					cfg->irqs[i], o->id, o->name);
				return -CV_EBUSY;
			}
		}
	}
	return 0;
}

/* Copy the bundle out of the root zone (it may change it afterwards) and
 * validate it like a boot bundle. */
static int take_bundle(struct zone *root, ipa_t ipa, u64 size, u8 **copy,
		       u64 *frames)
{
	struct cv_platform_limits lim;
	struct cv_config_error err;
	paddr_t src, dst;

	/* cvisor reads the bundle on the root's behalf: only from RAM the
	 * root itself may read ("r" in its region's flags). */
	if (!size || size > MAX_RUNTIME_BUNDLE ||
	    zone_ram_access(root, ipa, size, CV_MEM_READ, &src)) {
		pr_warn("zone start refused: bundle 0x%llx+0x%llx is not in "
			"RAM the root zone may read (or over %llu MiB)",
			(unsigned long long)ipa_addr(ipa),
			(unsigned long long)size,
			(unsigned long long)(MAX_RUNTIME_BUNDLE >> 20));
		return -CV_EINVAL;
	}
	*frames = ALIGN_UP(size, FRAME_SIZE) / FRAME_SIZE;
	if (frame_alloc(&hv_frames, *frames, 1, &dst))
		return -CV_ENOMEM;
	arch_dcache_clean(pa_to_hv(src), size);
	memcpy(pa_to_hv(dst), pa_to_hv(src), size);
	*copy = pa_to_hv(dst);
	platform_limits(&lim, arch_irqchip_nr_irqs(), arch_irqchip_first_spi());
	if (!cv_config_validate(*copy, size, &lim, &err))
		return 0;
	pr_warn("zone start refused: config rejected: zones[%d].%s: %s",
		err.zone, err.field, err.reason);
	CHECK(!frame_free(&hv_frames, dst, *frames));
	return -CV_EINVAL;
}

static int create_runtime_zone(const struct cv_zone_config *cfg, u8 *copy,
			       u64 frames)
{
	struct zone *old = zone_by_id(cfg->id), *zone;
	u32 slot = nr_zones;
	int err;

	if (cfg->flags & CV_ZONE_ROOT)
		return -CV_EPERM;
	if (old && old->state != ZONE_STOPPED) {
		pr_warn("zone start refused: zone %u '%s' is running", old->id,
			old->name);
		return -CV_EBUSY;
	}
	err = check_against_zones(cfg, old);
	if (!err)
		err = check_links(cfg, old);
	if (err)
		return err;
	if (old) {
		for (slot = 0; zones[slot] != old; slot++)
			;
		zone_destroy(old);
		zones[slot] = NULL;
	} else if (nr_zones == CV_MAX_ZONES) {
		return -CV_ENOMEM;
	}
	zone = zone_create(cfg, copy);
	if (!zone)
		return -CV_EINVAL;
	zone->bundle_frames = frames;
	zones[slot] = zone;
	if (slot == nr_zones)
		nr_zones++;
	event_send(zone->vcpus[0].pcpu, EVENT_VCPU_START, 0);
	pr_info("zone %u '%s' started from the root zone: %u vCPU(s) on CPU "
		"mask 0x%llx",
		zone->id, zone->name, zone->nr_vcpus,
		(unsigned long long)zone->cpus);
	return (int)zone->id;
}

int zone_start_bundle(struct zone *root, ipa_t ipa, u64 size)
{
	const struct cv_bundle_header *h;
	u64 frames;
	u8 *copy;
	int ret;

	spin_lock(&zones_lock);
	ret = take_bundle(root, ipa, size, &copy, &frames);
	if (ret)
		goto out;
	h = (const struct cv_bundle_header *)copy;
	if (!(h->flags & CV_BUNDLE_ADD_ZONE)) {
		pr_warn("zone start refused: a boot bundle, not one that adds "
			"a zone (cvconfig build --add-zone)");
		ret = -CV_EINVAL;
	} else {
		ret = create_runtime_zone(cv_bundle_zone(h, 0), copy, frames);
	}
	if (ret < 0)
		CHECK(!frame_free(&hv_frames, hv_to_pa(copy), frames));
out:
	spin_unlock(&zones_lock);
	return ret;
}
