/*
 * The MSR bitmap (SDM 25.6.9): one bit an MSR, set = RDMSR/WRMSR exits.
 * Bytes 0-1023 read bits for MSRs 0-0x1fff, 1024-2047 read bits for
 * 0xc0000000-0xc0001fff, 2048-3071 and 3072-4095 the write bits. The
 * MSRs below belong to the guest outright: the VMCS switches them (FS/GS
 * base, SYSENTER, PAT with the load/save PAT controls) or cvisor never
 * uses them (SYSCALL MSRs, KERNEL_GS_BASE: one vCPU a CPU, and the
 * hypervisor makes no system calls and no SWAPGS). Everything else exits
 * to msr_policy().
 */
#include "arch/x86_64/vmx_internal.h"
#include "lib/string.h"

static u8 bitmap[4096] __attribute__((aligned(4096)));

static const u32 guest_msrs[] = {
    0x174,	 0x175,	      0x176,	   /* SYSENTER_CS/ESP/EIP */
    0x277,				   /* PAT */
    0xc0000081u, 0xc0000082u, 0xc0000083u, /* STAR, LSTAR, CSTAR */
    0xc0000084u,			   /* FMASK */
    0xc0000100u, 0xc0000101u, 0xc0000102u, /* FS/GS/KERNEL_GS base */
};

static void pass(u32 msr)
{
	u32 base = msr >= 0xc0000000u ? 1024 : 0;
	u32 bit = msr & 0x1fff;

	bitmap[base + bit / 8] &= (u8) ~(1u << (bit % 8));
	bitmap[2048 + base + bit / 8] &= (u8) ~(1u << (bit % 8));
}

u64 vmx_msr_bitmap(void)
{
	static bool built;

	if (!built) { /* identical on every CPU: a race is harmless */
		memset(bitmap, 0xff, sizeof(bitmap));
		for (u32 i = 0; i < sizeof(guest_msrs) / sizeof(guest_msrs[0]);
		     i++)
			pass(guest_msrs[i]);
		built = true;
	}
	return (u64)(uintptr_t)bitmap;
}
