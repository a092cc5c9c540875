/*
 * cvisor's own hypercalls (ABI in cvisor/hypercall.h), after the arch
 * layer decoded the call. Management calls are the root zone's; every
 * refusal is logged (the first few per zone, then counted).
 */
#include "cvisor/hypercall.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/percpu.h"
#include "cvisor/vcpu.h"
#include "cvisor/zone.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/heap.h"

#define REFUSAL_LOG_LIMIT 16

static s64 to_abi(int err)
{
	switch (err) {
	case -CV_EPERM:
		return CV_HC_EPERM;
	case -CV_ENOENT:
		return CV_HC_ENOENT;
	case -CV_EBUSY:
		return CV_HC_EBUSY;
	case -CV_ENOMEM:
		return CV_HC_ENOMEM;
	case -CV_ENOSYS:
		return CV_HC_ENOSYS;
	default:
		return err < 0 ? CV_HC_EINVAL : err;
	}
}

static s64 refuse(struct vcpu *vcpu, u32 code, u64 a1, u64 a2, int err,
		  const char *why)
{
	struct zone *z = vcpu->zone;

	if (z->refused_calls++ < REFUSAL_LOG_LIMIT)
		pr_warn("zone %u vcpu%u: hypercall 0x%x (0x%llx, 0x%llx) "
			"refused: %s",
			z->id, vcpu->id, code, (unsigned long long)a1,
			(unsigned long long)a2, why);
	return to_abi(err);
}

static struct zone *nth_zone(u64 index)
{
	for (u32 i = 0, n = 0; i < nr_zones; i++) {
		if (zones[i] && n++ == index)
			return zones[i];
	}
	return NULL;
}

static u64 zone_count(void)
{
	u64 n = 0;

	for (u32 i = 0; i < nr_zones; i++)
		n += zones[i] != NULL;
	return n;
}

static void fill_info(const struct zone *z, struct cv_zone_info *info)
{
	memset(info, 0, sizeof(*info));
	info->id = z->id;
	info->state = z->state == ZONE_RUNNING ? CV_ZONE_STATE_RUNNING
					       : CV_ZONE_STATE_STOPPED;
	info->cpus = z->cpus;
	for (u32 i = 0; i < z->cfg->nr_mem; i++)
		info->mem_bytes += z->cfg->mem[i].size;
	info->nr_vcpus = z->nr_vcpus;
	info->flags = z->cfg->flags;
	memcpy(info->name, z->name, sizeof(info->name));
}

static s64 zone_info(struct vcpu *vcpu, u64 index, u64 ipa)
{
	struct zone *z = nth_zone(index);
	paddr_t pa;
	int err;

	if (!z)
		return refuse(vcpu, CV_HC_ZONE_INFO, index, ipa, -CV_ENOENT,
			      "no zone at that index");
	err = -CV_EINVAL;
	if (IS_ALIGNED(ipa, 8))
		err = zone_ram_access(vcpu->zone, ipa_init(ipa),
				      sizeof(struct cv_zone_info), CV_MEM_WRITE,
				      &pa);
	if (err == -CV_EPERM)
		return refuse(vcpu, CV_HC_ZONE_INFO, index, ipa, -CV_EINVAL,
			      "result address is in RAM the caller may not "
			      "write (no \"w\")");
	if (err)
		return refuse(vcpu, CV_HC_ZONE_INFO, index, ipa, -CV_EINVAL,
			      "result address is not in the caller's RAM");
	fill_info(z, pa_to_hv(pa));
	arch_dcache_clean(pa_to_hv(pa), sizeof(struct cv_zone_info));
	return 0;
}

/* START (a1 = bundle ipa, a2 = size; or a1 = 0, a2 = id), SHUTDOWN and
 * RESTART (a1 = id). */
static s64 zone_op(struct vcpu *vcpu, u32 code, u64 a1, u64 a2)
{
	u64 id = code == CV_HC_ZONE_START ? a2 : a1;
	struct zone *z;
	int err;

	if (code == CV_HC_ZONE_START && a1) {
		err = zone_start_bundle(vcpu->zone, ipa_init(a1), a2);
		return err < 0 ? refuse(vcpu, code, a1, a2, err,
					"bundle not started (see above)")
			       : err;
	}
	z = id <= 0xffffffffu ? zone_by_id((u32)id) : NULL;
	if (!z)
		return refuse(vcpu, code, a1, a2, -CV_ENOENT, "no such zone");
	if (code == CV_HC_ZONE_START)
		err = zone_start_again(z);
	else if (code == CV_HC_ZONE_SHUTDOWN)
		err = zone_stop(z);
	else
		err = zone_restart(z);
	return err ? refuse(vcpu, code, a1, a2, err, cv_strerror(err)) : 0;
}

static s64 hv_info(struct vcpu *vcpu, u64 what)
{
	switch (what) {
	case CV_INFO_FREE_FRAMES:
		return (s64)frame_pool_free_count(&hv_frames);
	case CV_INFO_HEAP_FREE:
		return (s64)heap_free_bytes(&hv_heap);
	case CV_INFO_NR_CPUS:
		return platform.nr_cpus;
	default:
		return refuse(vcpu, CV_HC_HV_INFO, what, 0, -CV_EINVAL,
			      "unknown selector");
	}
}

static s64 management(struct vcpu *vcpu, u32 code, u64 a1, u64 a2)
{
	if (!(vcpu->zone->cfg->flags & CV_ZONE_ROOT))
		return refuse(vcpu, code, a1, a2, -CV_EPERM,
			      "management calls are the root zone's");
	switch (code) {
	case CV_HC_ZONE_COUNT:
		return (s64)zone_count();
	case CV_HC_ZONE_INFO:
		return zone_info(vcpu, a1, a2);
	case CV_HC_HV_INFO:
		return hv_info(vcpu, a1);
	default:
		return zone_op(vcpu, code, a1, a2);
	}
}

/* Ring the doorbell of the peer of link `index` of the caller's zone. */
static s64 ivc_notify(struct vcpu *vcpu, u64 index)
{
	const struct cv_zone_config *cfg = vcpu->zone->cfg;
	const struct cv_shm *link;
	struct zone *peer;

	if (index >= cfg->nr_shm)
		return refuse(vcpu, CV_HC_IVC_NOTIFY, index, 0, -CV_EINVAL,
			      "no shared-memory link with that index");
	link = &cfg->shm[index];
	peer = zone_by_id(link->peer);
	if (!peer || peer->state != ZONE_RUNNING)
		return refuse(vcpu, CV_HC_IVC_NOTIFY, index, 0, -CV_ENOENT,
			      "the peer zone is not running");
	for (u32 i = 0; i < peer->cfg->nr_shm; i++) {
		const struct cv_shm *back = &peer->cfg->shm[i];

		if (back->peer == vcpu->zone->id && back->pa == link->pa) {
			/* A pulse: one injection per notification. */
			arch_zone_set_irq_level(peer, back->doorbell_irq, true);
			arch_zone_set_irq_level(peer, back->doorbell_irq,
						false);
			return 0;
		}
	}
	return refuse(vcpu, CV_HC_IVC_NOTIFY, index, 0, -CV_ENOENT,
		      "the peer has no matching link");
}

s64 hypercall_dispatch(struct vcpu *vcpu, u32 code, u64 a1, u64 a2, u64 a3)
{
	(void)a3;
	switch (code) {
	case CV_HC_VERSION:
		return CV_ABI_VERSION;
	case CV_HC_NOP:
		return 0;
	case CV_HC_ZONE_ID:
		return vcpu->zone->id;
	case CV_HC_ZONE_COUNT:
	case CV_HC_ZONE_INFO:
	case CV_HC_ZONE_START:
	case CV_HC_ZONE_SHUTDOWN:
	case CV_HC_ZONE_RESTART:
	case CV_HC_HV_INFO:
		return management(vcpu, code, a1, a2);
	case CV_HC_IVC_NOTIFY:
		return ivc_notify(vcpu, a1);
	default:
		return refuse(vcpu, code, a1, a2, -CV_ENOSYS,
			      "unknown hypercall");
	}
}
