/* The Supervisor Binary Interface (SBI spec 2.0): the numbers cvisor uses
 * as a client of the firmware (OpenSBI) and as the SBI of its guests. */
#ifndef CVISOR_ARCH_RISCV64_SBI_H
#define CVISOR_ARCH_RISCV64_SBI_H

#include "cvisor/types.h"

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR	 0x01
#define SBI_EXT_LEGACY_GETCHAR	 0x02
#define SBI_EXT_LEGACY_SHUTDOWN	 0x08
#define SBI_EXT_BASE		 0x10
#define SBI_EXT_TIME		 0x54494d45 /* "TIME" */
#define SBI_EXT_IPI		 0x00735049 /* "sPI" */
#define SBI_EXT_RFENCE		 0x52464e43 /* "RFNC" */
#define SBI_EXT_HSM		 0x0048534d /* "HSM" */
#define SBI_EXT_SRST		 0x53525354 /* "SRST" */
#define SBI_EXT_DBCN		 0x4442434e /* "DBCN" */
/* cvisor's hypercalls: an extension in the SBI implementation's own
 * range 0x0A000000-0x0AFFFFFF, "CVS"; fid = CV_HC_* code. */
#define SBI_EXT_CVISOR 0x0a435653

#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID	  1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT	  3
#define SBI_BASE_GET_MVENDORID	  4
#define SBI_BASE_GET_MARCHID	  5
#define SBI_BASE_GET_MIMPID	  6

#define SBI_HSM_HART_START	  0
#define SBI_HSM_HART_STOP	  1
#define SBI_HSM_HART_STATUS	  2
#define SBI_HSM_HART_SUSPEND	  3
#define SBI_HSM_STARTED		  0
#define SBI_HSM_STOPPED		  1
#define SBI_HSM_START_PENDING	  2
#define SBI_HSM_SUSPEND_RETENTIVE 0u
#define SBI_HSM_SUSPENDED	  4
/* suspend_type (SBI 2.0, 9.4, table 31; 32 bits, upper XLEN bits of a0
 * ignored): 0 default retentive, 0x80000000 default non-retentive,
 * 0x10000000-0x7fffffff and 0x90000000-0xffffffff platform-specific, the
 * rest reserved. */
#define SBI_HSM_SUSPEND_NON_RETENTIVE 0x80000000u

#define SBI_RFENCE_FENCE_I	   0
#define SBI_RFENCE_SFENCE_VMA	   1
#define SBI_RFENCE_SFENCE_VMA_ASID 2
#define SBI_RFENCE_HFENCE_GVMA	   4
#define SBI_RFENCE_HFENCE_VVMA	   6

#define SBI_SRST_SHUTDOWN    0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_WARM_REBOOT 2
/* reset_reason: 0 no reason, 1 system failure */
#define SBI_SRST_REASON_SYSTEM_FAILURE 1

#define SBI_DBCN_WRITE	    0
#define SBI_DBCN_READ	    1
#define SBI_DBCN_WRITE_BYTE 2

#define SBI_SUCCESS		  0
#define SBI_ERR_FAILED		  -1
#define SBI_ERR_NOT_SUPPORTED	  -2
#define SBI_ERR_INVALID_PARAM	  -3
#define SBI_ERR_DENIED		  -4
#define SBI_ERR_INVALID_ADDRESS	  -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED	  -7

/* SBI 2.0, and an implementation id outside the registered ones. */
#define CV_SBI_SPEC_VERSION (2u << 24)
#define CV_SBI_IMPL_ID	    0x63767372u /* "cvsr" */

struct sbiret {
	s64 error;
	s64 value;
};

/* A call to the firmware (ecall from HS-mode). */
struct sbiret sbi_call(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2, u64 a3);

#endif
