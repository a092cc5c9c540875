/* cvisor's own hypercalls, after the arch layer has decoded the call. */
#include "cvisor/hypercall.h"

#include "cvisor/vcpu.h"
#include "cvisor/zone.h"

s64 hypercall_dispatch(struct vcpu *vcpu, u32 code, u64 a1, u64 a2, u64 a3)
{
	(void)a1;
	(void)a2;
	(void)a3;
	switch (code) {
	case CV_HC_VERSION:
		return CV_ABI_VERSION;
	case CV_HC_NOP:
		return 0;
	case CV_HC_ZONE_ID:
		return vcpu->zone->id;
	default:
		return CV_HC_ENOSYS;
	}
}
