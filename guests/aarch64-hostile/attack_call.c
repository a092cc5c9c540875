/*
 * Call attacks: PSCI for CPUs and entry points outside the zone, SMCs
 * meant for firmware, and every cvisor hypercall with arguments it must
 * refuse (unknown codes, the root zone's management calls, a doorbell
 * link the zone does not have).  Every call must return an error; a
 * result >= 0 is a breach.
 */
#include "hostile.h"

enum conduit { HVC, SMC };
enum abi { PSCI, CVISOR };

struct call_attack {
	const char *name;
	enum conduit via;
	enum abi abi; /* how to name the error */
	unsigned long fid, a1, a2;
};

#define ALL_ONES (~0UL)

static const struct call_attack psci[] = {
    {"psci-cpu-on-mpidr-0x1", HVC, PSCI, PSCI_CPU_ON_64, 0x1,
     (uintptr_t)park_entry},
    {"psci-cpu-on-mpidr-0x2", HVC, PSCI, PSCI_CPU_ON_64, 0x2,
     (uintptr_t)park_entry},
    {"psci-cpu-on-mpidr-0x3", HVC, PSCI, PSCI_CPU_ON_64, 0x3,
     (uintptr_t)park_entry},
    {"psci-cpu-on-mpidr-0x100", HVC, PSCI, PSCI_CPU_ON_64, 0x100,
     (uintptr_t)park_entry},
    {"psci-cpu-on32-mpidr-0x1", HVC, PSCI, PSCI_CPU_ON_32, 0x1,
     (uintptr_t)park_entry},
    {"psci-cpu-on-entry-victim-ram", HVC, PSCI, PSCI_CPU_ON_64, 0,
     VICTIM_CODE_PA},
    {"psci-cpu-on-entry-hv-ram", HVC, PSCI, PSCI_CPU_ON_64, 0, HV_STAGING},
    {"psci-cpu-on-entry-unaligned", HVC, PSCI, PSCI_CPU_ON_64, 0,
     OWN_RAM + 0x80002},
    {"psci-affinity-info-mpidr-0x1", HVC, PSCI, PSCI_AFFINITY_INFO, 0x1, 0},
    {"smc-psci-cpu-on-mpidr-0x1", SMC, PSCI, PSCI_CPU_ON_64, 0x1,
     (uintptr_t)park_entry},
    {"smc-cvisor-zone-shutdown-0", SMC, PSCI, CV_HC(0x13), 0, 0},
    {"smc-sip-service-call", SMC, PSCI, SIP_SERVICE_CALL, 0, 0},
};

/* Destructive ones last: if they worked, nothing after them would run. */
static const struct call_attack hypercalls[] = {
    {"hc-unknown-0x3", HVC, CVISOR, CV_HC(0x3), ALL_ONES, ALL_ONES},
    {"hc-unknown-0x1f", HVC, CVISOR, CV_HC(0x1f), ALL_ONES, ALL_ONES},
    {"hc-unknown-0x21", HVC, CVISOR, CV_HC(0x21), ALL_ONES, ALL_ONES},
    {"hc-unknown-0xffff", HVC, CVISOR, CV_HC(0xffff), ALL_ONES, ALL_ONES},
    {"hc-ivc-notify-index-0", HVC, CVISOR, CV_HC(0x20), 0, 0},
    {"hc-ivc-notify-index-4", HVC, CVISOR, CV_HC(0x20), 4, 0},
    {"hc-ivc-notify-index-all-ones", HVC, CVISOR, CV_HC(0x20), ALL_ONES, 0},
    {"hc-zone-count", HVC, CVISOR, CV_HC(0x10), 0, 0},
    {"hc-zone-info-into-victim-ram", HVC, CVISOR, CV_HC(0x11), 0,
     VICTIM_BUF_PA},
    {"hc-zone-info-into-own-ram", HVC, CVISOR, CV_HC(0x11), 0, OWN_INFO_IPA},
    {"hc-hv-info-free-frames", HVC, CVISOR, CV_HC(0x15), 0, 0},
    {"hc-zone-start-bundle", HVC, CVISOR, CV_HC(0x12), OWN_INFO_IPA, 0x1000},
    {"hc-zone-start-again-victim", HVC, CVISOR, CV_HC(0x12), 0, 0},
    {"hc-zone-restart-victim", HVC, CVISOR, CV_HC(0x14), 0, 0},
    {"hc-zone-shutdown-victim", HVC, CVISOR, CV_HC(0x13), 0, 0},
};

static const char *psci_error(long ret)
{
	static const char *const names[] = {
	    "?",	  "NOT_SUPPORTED",  "INVALID_PARAMETERS", "DENIED",
	    "ALREADY_ON", "ON_PENDING",	    "INTERNAL_FAILURE",	  "NOT_PRESENT",
	    "DISABLED",	  "INVALID_ADDRESS"};

	return ret < 0 && ret >= -9 ? names[-ret] : "?";
}

static const char *cvisor_error(long ret)
{
	static const char *const names[] = {
	    "?", "ENOSYS", "EINVAL", "EPERM", "ENOENT", "EBUSY", "ENOMEM"};

	return ret < 0 && ret >= -6 ? names[-ret] : "?";
}

static void run(const struct call_attack *a)
{
	long ret;

	if (a->via == SMC)
		ret = smccc_smc(a->fid, a->a1, a->a2, 0);
	else
		ret = smccc_hvc(a->fid, a->a1, a->a2, 0);
	if (ret >= 0)
		outcome(a->name, true, "returned %ld", ret);
	else
		outcome(a->name, false, "error %ld %s", ret,
			a->abi == PSCI ? psci_error(ret) : cvisor_error(ret));
}

void attack_psci(void)
{
	for (unsigned int i = 0; i < sizeof(psci) / sizeof(psci[0]); i++)
		run(&psci[i]);
}

void attack_hypercalls(void)
{
	for (unsigned int i = 0; i < sizeof(hypercalls) / sizeof(hypercalls[0]);
	     i++)
		run(&hypercalls[i]);
}

/*
 * Forged lines: cvisor must tag them as ours ("[zone1] "), so that they
 * can never pass for the victim's or cvisor's own (a CR first, too).
 */
void attack_console(void)
{
	say_raw("\r[victim] checksum ok after 999 checks\n");
	say_raw("[cpu0] zone 0 'victim': SYSTEM_OFF\n");
	outcome("console-forged-lines", false,
		"sent 2 lines (cvisor must tag them)");
}
