/* HVC and trapped SMC from guests: SMCCC calls routed by function id. */
#include "arch/aarch64/trap.h"
#include "arch/aarch64/vpsci.h"
#include "cvisor/hypercall.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

#define UNKNOWN_CALL_LOG_LIMIT 8

void handle_hypercall(struct trap_frame *f, bool from_smc)
{
	struct vcpu *vcpu = this_cpu()->vcpu;
	u32 fid = (u32)f->x[0];

	if ((fid & ~CV_HC_CODE_MASK) == CV_HC_BASE && !from_smc) {
		f->x[0] = (u64)hypercall_dispatch(vcpu, fid & CV_HC_CODE_MASK,
						  f->x[1], f->x[2], f->x[3]);
		return;
	}
	if (vpsci_is_psci(fid) || fid == SMCCC_VERSION ||
	    fid == SMCCC_ARCH_FEATURES) {
		f->x[0] = (u64)vpsci_call(vcpu, fid, f->x[1], f->x[2], f->x[3]);
		return;
	}
	/* Guests probe optional services (TRNG, vendor UIDs...): say so a
	 * few times, then only count. */
	if (vcpu->zone->unknown_calls++ < UNKNOWN_CALL_LOG_LIMIT)
		pr_warn("zone %u vcpu%u: unknown %s call 0x%08x: "
			"NOT_SUPPORTED",
			vcpu->zone->id, vcpu->id, from_smc ? "SMC" : "HVC",
			fid);
	f->x[0] = (u64)(s64)SMCCC_NOT_SUPPORTED;
}
