/*
 * What a guest sees of the CPU and of the I/O and MSR spaces: pure
 * decisions, host unit-tested, applied by the exit handlers.
 */
#ifndef CVISOR_ARCH_X86_64_GUEST_POLICY_H
#define CVISOR_ARCH_X86_64_GUEST_POLICY_H

#include "cvisor/types.h"

/* --- CPUID -------------------------------------------------------------- */

#define CPUID_HV_LEAF	 0x40000000u /* max leaf + "cvisorcvisor" */
#define CPUID_HV_VERSION 0x40000001u /* EAX = cvisor's hypercall ABI */

struct cpuid_result {
	u32 eax, ebx, ecx, edx;
};

/* Turn the host's answer for (leaf, subleaf) into the guest's: VMX, SMX,
 * MONITOR, x2APIC, XSAVE, LA57, WAITPKG, RDTSCP/RDPID/INVPCID and every
 * feature that announces an MSR cvisor does not give hidden; the
 * hypervisor bit and TSC-deadline set; the APIC ids = the vCPU id;
 * leaves 0x15/0x16 from cpuid_tsc_hz; cvisor's leaves at 0x40000000. */
/* The TSC's measured rate (0: unknown; leaves 0x15/0x16 read 0). */
extern u64 cpuid_tsc_hz;

void cpuid_guest_view(u32 leaf, u32 subleaf, u32 vcpu_id,
		      struct cpuid_result *r);

/* --- port I/O ------------------------------------------------------------ */

/* An I/O-instruction exit qualification (SDM 28.2.1, table 28-5). */
struct io_exit {
	u16 port;
	u8 size; /* 1, 2 or 4 bytes */
	bool in;
	bool string, rep;
};

struct io_exit io_decode_qualification(u64 qual);

enum io_target {
	IO_CONSOLE,  /* the zone's emulated COM port */
	IO_SHUTDOWN, /* 0x8900: "Shutdown" powers the zone off (Bochs/QEMU) */
	IO_NOTHING,  /* no device: reads return all ones, writes vanish */
	IO_CMOS,     /* 0x70/0x71: the MC146818 RTC and CMOS */
	IO_PCI_CONF, /* 0xcf8/0xcfc-0xcff: configuration mechanism #1 */
	IO_ACPI,     /* the zone's ACPI sleep control/status registers */
	IO_RESET,    /* 0xcf9 (FADT reset register) */
	IO_KBC,	     /* 0x60/0x64: i8042 (only its reset pulse matters) */
};

/* Which emulated device answers a (non-string) access. */
enum io_target io_route(u16 port, u8 size, u16 console_port);

/* The Bochs/QEMU shutdown port protocol: the bytes "Shutdown" in a row.
 * Feed each byte written; returns true when the word is complete. */
bool io_shutdown_byte(u32 *state, u8 byte);

/* --- MSRs ---------------------------------------------------------------- */

enum msr_action {
	MSR_FAULT,	  /* #GP(0) to the guest */
	MSR_VALUE,	  /* a read returns *value */
	MSR_IGNORED,	  /* a write is accepted and dropped */
	MSR_EFER,	  /* read/write the VMCS guest EFER (write masked) */
	MSR_TSC,	  /* read the host TSC */
	MSR_TSC_DEADLINE, /* the vCPU's local APIC (vapic.c) */
};

/* What RDMSR/WRMSR of msr does for vCPU vcpu_id (*value for MSR_VALUE). */
enum msr_action msr_policy(u32 msr, bool write, u32 vcpu_id, u64 *value);
/* EFER bits a guest may set: SCE (0), LME (8), NXE (11); LMA (10) is
 * the CPU's and may only be written with its current value. */
#define EFER_GUEST_WRITABLE 0x901ull
#define EFER_LMA_BIT	    0x400ull

#endif
