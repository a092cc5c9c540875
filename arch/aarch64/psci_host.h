/* Calls from cvisor to the firmware's PSCI (conduit SMC at EL2). */
#ifndef CVISOR_ARCH_AARCH64_PSCI_HOST_H
#define CVISOR_ARCH_AARCH64_PSCI_HOST_H

#include "cvisor/types.h"

#define PSCI_VERSION	      0x84000000u
#define PSCI_CPU_SUSPEND_64   0xc4000001u
#define PSCI_CPU_OFF	      0x84000002u
#define PSCI_CPU_ON_64	      0xc4000003u
#define PSCI_CPU_ON_32	      0x84000003u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_SYSTEM_OFF	      0x84000008u
#define PSCI_SYSTEM_RESET     0x84000009u
#define PSCI_FEATURES	      0x8400000au

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	-1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_DENIED		-3
#define PSCI_ALREADY_ON		-4
#define PSCI_ON_PENDING		-5
#define PSCI_INTERNAL_FAILURE	-6
#define PSCI_INVALID_ADDRESS	-9

s64 smc_call(u64 fid, u64 a1, u64 a2, u64 a3);

#endif
