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
 * MONITOR and x2APIC hidden, the hypervisor bit set, the APIC ids = the
 * vCPU id, cvisor's leaves at 0x40000000. */
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
};

/* Which emulated device answers a (non-string) access. */
enum io_target io_route(u16 port, u8 size, u16 console_port);

/* The Bochs/QEMU shutdown port protocol: the bytes "Shutdown" in a row.
 * Feed each byte written; returns true when the word is complete. */
bool io_shutdown_byte(u32 *state, u8 byte);

/* --- MSRs ---------------------------------------------------------------- */

enum msr_action {
	MSR_FAULT,   /* #GP(0) to the guest */
	MSR_VALUE,   /* a read returns *value */
	MSR_IGNORED, /* a write is accepted and dropped */
	MSR_EFER,    /* read/write the VMCS guest EFER (write masked) */
	MSR_TSC,     /* read the host TSC */
};

/* What RDMSR/WRMSR of msr does for vCPU vcpu_id (*value for MSR_VALUE). */
enum msr_action msr_policy(u32 msr, bool write, u32 vcpu_id, u64 *value);
/* EFER bits a guest may set: SCE (0), NXE (11). LME (8) is refused:
 * long-mode guests are not supported yet. */
#define EFER_GUEST_WRITABLE 0x801ull

#endif
