/*
 * The cvisor hypercall ABI (documented in docs/hypercalls.md).
 * aarch64: HVC #0 with x0 = CV_HC_BASE | code (an SMCCC fast call, SMC64,
 * owning entity 6 "vendor hypervisor service"), arguments in x1..x3,
 * result in x0 (negative = CV_HC_E* error).
 */
#ifndef CVISOR_HYPERCALL_H
#define CVISOR_HYPERCALL_H

#include "cvisor/types.h"

#define CV_HC_BASE	0xc6000000u
#define CV_HC_CODE_MASK 0xffffu

enum cv_hypercall {
	CV_HC_VERSION = 0, /* -> (major << 16) | minor */
	CV_HC_NOP = 1,	   /* -> 0; the cheapest round trip (benchmarks) */
	CV_HC_ZONE_ID = 2, /* -> the caller's zone id */
};

#define CV_ABI_VERSION 0x00010000u /* 1.0 */

/* Errors returned to guests. */
#define CV_HC_ENOSYS -1 /* = SMCCC NOT_SUPPORTED */
#define CV_HC_EINVAL -2
#define CV_HC_EPERM  -3

struct vcpu;
s64 hypercall_dispatch(struct vcpu *vcpu, u32 code, u64 a1, u64 a2, u64 a3);

#endif
