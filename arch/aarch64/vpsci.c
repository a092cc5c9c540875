/*
 * PSCI for guests (DEN0022, function ids in psci_host.h). Every argument
 * comes from the guest, so each is checked and answered with a PSCI error
 * code; nothing a guest passes can stop cvisor.
 */
#include "arch/aarch64/vpsci.h"

#include "arch/aarch64/psci_host.h"
#include "cvisor/bits.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

#define PSCI_CPU_SUSPEND_32    0x84000001u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_RESET2_32  0x84000012u
#define PSCI_SYSTEM_RESET2_64  0xc4000012u
#define PSCI_VERSION_1_1       0x10001
#define SMCCC_VERSION_1_1      0x10001
#define MIGRATE_NOT_REQUIRED   2 /* no Trusted OS */
/* AFFINITY_INFO results (DEN0022 5.8). */
#define AFF_ON	       0
#define AFF_OFF	       1
#define AFF_ON_PENDING 2
/* SYSTEM_RESET2 reset_type: [31] vendor-specific, 0 = SYSTEM_WARM_RESET. */
#define RESET2_VENDOR BIT(31)
#define RESET2_WARM   0

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
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_64:
	case PSCI_CPU_ON_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_SYSTEM_RESET2_32:
	case PSCI_SYSTEM_RESET2_64:
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
	/* The target's state is the one vcpu_request_start() saw under its
	 * lock: a vCPU still in CPU_OFF is ON (ALREADY_ON) until it is off,
	 * one whose start is taken but not yet run is ON_PENDING. */
	err = vcpu_request_start(target, entry, ctx);
	if (err == -CV_EEXIST)
		return PSCI_ALREADY_ON;
	if (err == -CV_EBUSY)
		return PSCI_ON_PENDING;
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
		return AFF_ON;
	case VCPU_ON_PENDING:
		return AFF_ON_PENDING;
	default:
		return AFF_OFF;
	}
}

/* CPU_SUSPEND power_state, original format (PSCI_FEATURES says so):
 * StateID [15:0], StateType [16] (1 = powerdown), PowerLevel [25:24],
 * the rest zero. The states a platform has are its own to define:
 * cvisor's vCPUs have one, a standby at level 0 (any StateID), entered
 * as a WFI that any event may end at once. */
static s64 cpu_suspend(struct vcpu *vcpu, u64 power_state)
{
	if (power_state & ~BITS(15, 0)) {
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: PSCI CPU_SUSPEND(0x%llx) refused: "
			  "only standby at level 0 exists",
			  vcpu->zone->id, vcpu->id,
			  (unsigned long long)power_state);
		return PSCI_INVALID_PARAMETERS;
	}
	return PSCI_SUCCESS;
}

/* SYSTEM_RESET2: a warm reset is the zone's reset; vendor types are
 * not supported, other architectural ones are invalid. Returns only on
 * failure. */
static s64 system_reset2(struct vcpu *vcpu, u64 type)
{
	if (type & RESET2_VENDOR)
		return PSCI_NOT_SUPPORTED;
	if (type != RESET2_WARM)
		return PSCI_INVALID_PARAMETERS;
	zone_reboot(vcpu->zone);
	return PSCI_INTERNAL_FAILURE;
}

/* PSCI_FEATURES: 0 for a function implemented without options. For
 * CPU_SUSPEND the flags: OS-initiated mode [1] no, extended StateID
 * format [0] no. */
static s64 features(u32 fid)
{
	return psci_supported(fid) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
}

s64 vpsci_call(struct vcpu *vcpu, u32 fid, u64 a1, u64 a2, u64 a3)
{
	switch (fid) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_1;
	case PSCI_FEATURES:
		return features((u32)a1);
	case PSCI_CPU_ON_64:
		return cpu_on(vcpu, a1, a2, a3);
	case PSCI_CPU_ON_32: /* SMC32: only W1-W3 carry arguments */
		return cpu_on(vcpu, (u32)a1, (u32)a2, (u32)a3);
	case PSCI_CPU_OFF:
		vcpu_stop_self();
	case PSCI_CPU_SUSPEND_64:
		return cpu_suspend(vcpu, a1);
	case PSCI_CPU_SUSPEND_32:
		return cpu_suspend(vcpu, (u32)a1);
	case PSCI_AFFINITY_INFO_64:
		return affinity_info(vcpu, a1, a2);
	case PSCI_AFFINITY_INFO_32:
		return affinity_info(vcpu, (u32)a1, (u32)a2);
	case PSCI_MIGRATE_INFO_TYPE:
		return MIGRATE_NOT_REQUIRED;
	case PSCI_SYSTEM_OFF:
		zone_shutdown(vcpu->zone);
		return PSCI_INTERNAL_FAILURE;
	case PSCI_SYSTEM_RESET:
		zone_reboot(vcpu->zone);
		return PSCI_INTERNAL_FAILURE;
	case PSCI_SYSTEM_RESET2_64: /* reset_type is 32 bits in both */
	case PSCI_SYSTEM_RESET2_32:
		return system_reset2(vcpu, (u32)a1);
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
