/* PSCI 1.1 and SMCCC 1.1 as cvisor emulates them for guests. */
#ifndef CVISOR_ARCH_AARCH64_VPSCI_H
#define CVISOR_ARCH_AARCH64_VPSCI_H

#include "cvisor/vcpu.h"

#define SMCCC_VERSION	    0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define SMCCC_NOT_SUPPORTED -1

/* Is fid a PSCI function (owning entity 4, standard secure service)? */
bool vpsci_is_psci(u32 fid);
/* Handle a PSCI or SMCCC arch call from vcpu; the result for x0. CPU_OFF
 * and SYSTEM_OFF do not return when they succeed. */
s64 vpsci_call(struct vcpu *vcpu, u32 fid, u64 a1, u64 a2, u64 a3);
/* Checks of CPU_ON, without side effects: a PSCI error or 0. */
s64 vpsci_check_cpu_on(struct zone *zone, u64 target_mpidr, u64 entry,
		       struct vcpu **target);

#endif
