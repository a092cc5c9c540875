/*
 * PSCI 1.1 return codes (DEN0022): every function cvisor answers, the
 * ones it refuses, CPU_ON against a target that turns itself off.
 */
#include "conf.h"

#define PSCI_FEATURES	       0x8400000aUL
#define PSCI_CPU_SUSPEND       0xc4000001UL
#define PSCI_CPU_OFF	       0x84000002UL
#define PSCI_MIGRATE	       0x84000005UL
#define PSCI_MIGRATE_INFO_TYPE 0x84000006UL
#define PSCI_SYSTEM_RESET2     0x84000012UL
#define NOT_SUPPORTED	       (-1L)
#define INVALID_PARAMETERS     (-2L)
#define ALREADY_ON	       (-4L)
#define ON_PENDING	       (-5L)
#define INVALID_ADDRESS	       (-9L)

static long call(unsigned long fid, unsigned long a1, unsigned long a2)
{
	return smccc_hvc(fid, a1, a2, 0);
}

static void features(void)
{
	static const unsigned long yes[] = {
	    0x84000000, 0xc4000001, 0x84000001, 0x84000002, 0xc4000003,
	    0x84000003, 0xc4000004, 0x84000004, 0x84000006, 0x84000008,
	    0x84000009, 0x8400000a, 0x84000012, 0xc4000012, 0x80000000};
	static const unsigned long no[] = {
	    0x84000005, 0xc4000005, 0x84000007, 0x8400000b, 0x8400000c,
	    0x8400000e, 0xc400000e, 0x8400000f, 0x84000010, 0x84000013,
	    0xc4000000, 0xc4000002, 0xc4000008, 0x80008000};
	bool ok = true;

	for (unsigned int i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ok = ok && call(PSCI_FEATURES, yes[i], 0) == 0;
	check_true("PSCI_FEATURES: 0 for each implemented function", ok, 0);
	ok = true;
	for (unsigned int i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ok = ok && call(PSCI_FEATURES, no[i], 0) == NOT_SUPPORTED &&
		     call(no[i], 0, 0) == NOT_SUPPORTED;
	check_true("PSCI: unimplemented functions NOT_SUPPORTED", ok, 0);
}

static void calls(void)
{
	check("PSCI_VERSION = 1.1", call(PSCI_VERSION, 0, 0), 0x10001);
	check("CPU_SUSPEND standby at level 0", call(PSCI_CPU_SUSPEND, 0, 0),
	      0);
	check("CPU_SUSPEND powerdown: no such state",
	      call(PSCI_CPU_SUSPEND, 1UL << 16, 0x40080000),
	      (uint64_t)INVALID_PARAMETERS);
	check("CPU_SUSPEND level 1: no such state",
	      call(PSCI_CPU_SUSPEND, 1UL << 24, 0),
	      (uint64_t)INVALID_PARAMETERS);
	check("AFFINITY_INFO level 1 INVALID_PARAMETERS",
	      call(PSCI_AFFINITY_INFO, 0, 1), (uint64_t)INVALID_PARAMETERS);
	check("AFFINITY_INFO of an absent CPU", call(PSCI_AFFINITY_INFO, 5, 0),
	      (uint64_t)INVALID_PARAMETERS);
	check("AFFINITY_INFO of the caller: ON", call(PSCI_AFFINITY_INFO, 0, 0),
	      0);
	check("MIGRATE_INFO_TYPE = 2 (no Trusted OS)",
	      call(PSCI_MIGRATE_INFO_TYPE, 0, 0), 2);
	check("MIGRATE NOT_SUPPORTED", call(PSCI_MIGRATE, 1, 0),
	      (uint64_t)NOT_SUPPORTED);
	check("SYSTEM_RESET2: other architectural type",
	      call(PSCI_SYSTEM_RESET2, 1, 0), (uint64_t)INVALID_PARAMETERS);
	check("SYSTEM_RESET2: vendor type",
	      call(PSCI_SYSTEM_RESET2, 0x80000000UL, 0),
	      (uint64_t)NOT_SUPPORTED);
}

static long affinity_when_settled(void)
{
	long s = 0;

	for (int i = 0; i < 100000; i++) {
		s = call(PSCI_AFFINITY_INFO, 1, 0);
		if (s == 1)
			break;
	}
	return s;
}

static void cpu_on_off(void)
{
	unsigned long entry = (unsigned long)(uintptr_t)cpu_off_entry;
	long again;

	check("CPU_ON of the caller: ALREADY_ON",
	      call(PSCI_CPU_ON_64, 0, entry), (uint64_t)ALREADY_ON);
	check("CPU_ON of an absent CPU", call(PSCI_CPU_ON_64, 7, entry),
	      (uint64_t)INVALID_PARAMETERS);
	check("CPU_ON, misaligned entry", call(PSCI_CPU_ON_64, 1, entry + 2),
	      (uint64_t)INVALID_ADDRESS);
	check("AFFINITY_INFO of a stopped vCPU: OFF",
	      call(PSCI_AFFINITY_INFO, 1, 0), 1);
	check("CPU_ON", call(PSCI_CPU_ON_64, 1, entry), 0);
	/* The target is pending, running or (already) off again. */
	again = call(PSCI_CPU_ON_64, 1, entry);
	check_true("CPU_ON racing the target's CPU_OFF: ON_PENDING, "
		   "ALREADY_ON or a new start",
		   again == ON_PENDING || again == ALREADY_ON || again == 0,
		   (uint64_t)again);
	check("AFFINITY_INFO after the target's CPU_OFF: OFF",
	      affinity_when_settled(), 1);
}

void psci_checks(void)
{
	features();
	calls();
	cpu_on_off();
}
