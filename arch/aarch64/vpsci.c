/*
 * PSCI for guests (DEN0022, function ids in psci_host.h). Every argument
 * comes from the guest, so each is checked and answered with a PSCI error
 * code; nothing a guest passes can stop cvisor.
 */
#include "arch/aarch64/vpsci.h"

#include "arch/aarch64/psci_host.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_VERSION_1_1       0x10001
#define SMCCC_VERSION_1_1      0x10001
#define MIGRATE_NOT_REQUIRED   2 /* no Trusted OS */

/* SMCCC function id: [29:24] owning entity number; 4 = standard secure
 * service (PSCI is 0x00-0x1f within it). */
bool vpsci_is_psci(u32 fid)
{
	return ((fid >> 24) & 0x3f) == 4 && (fid & 0xffff) < 0x20;
}

static bool psci_supported(u32 fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_64:
	case PSCI_CPU_ON_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

s64 vpsci_check_cpu_on(struct zone *zone, u64 target_mpidr, u64 entry,
		       struct vcpu **target)
{
	paddr_t pa;

	*target = zone_vcpu_by_mpidr(zone, target_mpidr);
	if (!*target)
		return PSCI_INVALID_PARAMETERS;
	if (!IS_ALIGNED(entry, 4) ||
	    !zone_ipa_to_pa(zone, ipa_init(entry), 4, &pa))
		return PSCI_INVALID_ADDRESS;
	return PSCI_SUCCESS;
}

static s64 cpu_on(struct vcpu *vcpu, u64 mpidr, u64 entry, u64 ctx)
{
	struct vcpu *target;
	s64 ret = vpsci_check_cpu_on(vcpu->zone, mpidr, entry, &target);
	int err;

	if (ret) {
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: PSCI CPU_ON(mpidr=0x%llx, "
			  "entry=0x%llx) refused: %lld",
			  vcpu->zone->id, vcpu->id, (unsigned long long)mpidr,
			  (unsigned long long)entry, (long long)ret);
		return ret;
	}
	err = vcpu_request_start(target, entry, ctx);
	if (err == -CV_EBUSY)
		return target->state == VCPU_ON ? PSCI_ALREADY_ON
						: PSCI_ON_PENDING;
	return err ? PSCI_INTERNAL_FAILURE : PSCI_SUCCESS;
}

static s64 affinity_info(struct vcpu *vcpu, u64 mpidr, u64 level)
{
	struct vcpu *target = zone_vcpu_by_mpidr(vcpu->zone, mpidr);

	if (!target || level != 0) {
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: PSCI AFFINITY_INFO(mpidr=0x%llx, "
			  "level %llu) refused: -2",
			  vcpu->zone->id, vcpu->id, (unsigned long long)mpidr,
			  (unsigned long long)level);
		return PSCI_INVALID_PARAMETERS;
	}
	switch (__atomic_load_n(&target->state, __ATOMIC_ACQUIRE)) {
	case VCPU_ON:
		return 0;
	case VCPU_ON_PENDING:
		return 2;
	default:
		return 1;
	}
}

s64 vpsci_call(struct vcpu *vcpu, u32 fid, u64 a1, u64 a2, u64 a3)
{
	switch (fid) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_1;
	case PSCI_FEATURES:
		return psci_supported((u32)a1) ? PSCI_SUCCESS
					       : PSCI_NOT_SUPPORTED;
	case PSCI_CPU_ON_64:
	case PSCI_CPU_ON_32:
		return cpu_on(vcpu, a1, a2, a3);
	case PSCI_CPU_OFF:
		vcpu_stop_self();
	case PSCI_CPU_SUSPEND_64:
		return PSCI_SUCCESS; /* a standby state: the guest wakes */
	case PSCI_AFFINITY_INFO_64:
	case PSCI_AFFINITY_INFO_32:
		return affinity_info(vcpu, a1, a2);
	case PSCI_MIGRATE_INFO_TYPE:
		return MIGRATE_NOT_REQUIRED;
	case PSCI_SYSTEM_OFF:
		zone_shutdown(vcpu->zone);
		return PSCI_INTERNAL_FAILURE;
	case PSCI_SYSTEM_RESET:
		zone_reboot(vcpu->zone);
		return PSCI_INTERNAL_FAILURE;
	case SMCCC_VERSION:
		return SMCCC_VERSION_1_1;
	case SMCCC_ARCH_FEATURES:
		/* Only the discovery calls themselves are implemented; the
		 * workaround calls (0x80008000...) are not. */
		return a1 == SMCCC_VERSION ? 0 : SMCCC_NOT_SUPPORTED;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}
