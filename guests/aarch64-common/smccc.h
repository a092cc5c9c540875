/*
 * SMCCC conduit (entry.S) and the PSCI / cvisor function ids the aarch64
 * bare-metal guests issue with "hvc #0".
 */
#ifndef AARCH64_COMMON_SMCCC_H
#define AARCH64_COMMON_SMCCC_H

#define PSCI_VERSION	    0x84000000UL
#define PSCI_CPU_ON_32	    0x84000003UL
#define PSCI_CPU_ON_64	    0xC4000003UL
#define PSCI_AFFINITY_INFO  0xC4000004UL
#define PSCI_SYSTEM_OFF	    0x84000008UL
#define SIP_SERVICE_CALL    0xC2000000UL /* SiP-owned, for EL3 firmware */
#define CV_HC_BASE	    0xC6000000UL
#define CV_HC(code)	    (CV_HC_BASE | (code))
#define CV_HC_VERSION	    CV_HC(0x00)
#define CV_HC_IVC_NOTIFY    CV_HC(0x20)
#define SMCCC_NOT_SUPPORTED (-1L)

/* entry.S: long smccc_hvc(fid, a1, a2, a3), the result in x0. */
long smccc_hvc(unsigned long fid, unsigned long a1, unsigned long a2,
	       unsigned long a3);

/* entry.S: mask everything and wait for interrupts for ever. */
void park(void) __attribute__((noreturn));

/* trap.c: PSCI SYSTEM_OFF; prints "system off failed" and parks if not. */
void system_off(void) __attribute__((noreturn));

#endif /* AARCH64_COMMON_SMCCC_H */
