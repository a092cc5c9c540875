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

	/* Zone management: the root zone only (others get CV_HC_EPERM). */
	CV_HC_ZONE_COUNT = 0x10,    /* -> number of zones (running or not) */
	CV_HC_ZONE_INFO = 0x11,	    /* a1 = index, a2 = ipa of a struct
				       cv_zone_info in the caller's RAM, in
				       one region with "w" -> 0 */
	CV_HC_ZONE_START = 0x12,    /* a1 = ipa, a2 = size of a boot bundle in
				       the caller's RAM (one zone) -> zone id;
				       a1 = 0: a1 is ignored and a2 is the id
				       of a stopped zone to start again */
	CV_HC_ZONE_SHUTDOWN = 0x13, /* a1 = zone id -> 0 */
	CV_HC_ZONE_RESTART = 0x14,  /* a1 = zone id -> 0 */
	CV_HC_HV_INFO = 0x15,	    /* a1 = CV_INFO_* -> the value */

	/* Inter-zone communication (any zone). */
	CV_HC_IVC_NOTIFY = 0x20, /* a1 = index of the caller's shm link:
				    raise the peer's doorbell -> 0 */
};

/* CV_HC_HV_INFO selectors. */
#define CV_INFO_FREE_FRAMES 0
#define CV_INFO_HEAP_FREE   1
#define CV_INFO_NR_CPUS	    2

/* CV_HC_ZONE_INFO fills this (little-endian, 64 bytes). */
struct cv_zone_info {
	u32 id;
	u32 state; /* CV_ZONE_STATE_* */
	u64 cpus;  /* physical CPU mask */
	u64 mem_bytes;
	u32 nr_vcpus;
	u32 flags; /* CV_ZONE_ROOT ... as in the configuration */
	char name[32];
};

#define CV_ZONE_STATE_STOPPED 0
#define CV_ZONE_STATE_RUNNING 1

#define CV_ABI_VERSION 0x00010000u /* 1.0 */

/* Errors returned to guests. */
#define CV_HC_ENOSYS -1 /* = SMCCC NOT_SUPPORTED */
#define CV_HC_EINVAL -2
#define CV_HC_EPERM  -3
#define CV_HC_ENOENT -4
#define CV_HC_EBUSY  -5
#define CV_HC_ENOMEM -6

/*
 * The management device: the same calls for the root zone's userspace,
 * which cannot execute HVC. An emulated MMIO page at the board's
 * CV_MGMT_IPA in the root zone (a "cvisor,management" node in its device
 * tree), reachable through /dev/mem. Registers are 64-bit:
 *   0x00 ARG1, 0x08 ARG2, 0x10 ARG3 (write)
 *   0x18 CALL (write the hypercall code: the call runs now)
 *   0x20 RESULT (read: what x0 would hold)
 * plus a window of root-zone RAM that Linux leaves alone (a no-map
 * reserved-memory region "cvisor-window" in the root zone's device tree)
 * for bundles and results, at CV_MGMT_WINDOW_SIZE below the DTB area.
 */
#define CV_MGMT_ARG1	    0x00
#define CV_MGMT_ARG2	    0x08
#define CV_MGMT_ARG3	    0x10
#define CV_MGMT_CALL	    0x18
#define CV_MGMT_RESULT	    0x20
#define CV_MGMT_SIZE	    0x1000
#define CV_MGMT_WINDOW_SIZE 0x4000000ull /* 64 MiB */

struct vcpu;
s64 hypercall_dispatch(struct vcpu *vcpu, u32 code, u64 a1, u64 a2, u64 a3);

#endif
