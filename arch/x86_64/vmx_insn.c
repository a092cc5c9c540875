/*
 * VMX instructions with memory operands. Each reports failure in CF
 * (VMfailInvalid) or ZF (VMfailValid): SETNA catches both.
 */
#include "arch/x86_64/vmx.h"

bool vmxon(u64 region_pa)
{
	u8 fail;

	__asm__ volatile("vmxon %1; setna %0"
			 : "=q"(fail)
			 : "m"(region_pa)
			 : "cc", "memory");
	return !fail;
}

bool vmclear(u64 vmcs_pa)
{
	u8 fail;

	__asm__ volatile("vmclear %1; setna %0"
			 : "=q"(fail)
			 : "m"(vmcs_pa)
			 : "cc", "memory");
	return !fail;
}

bool vmptrld(u64 vmcs_pa)
{
	u8 fail;

	__asm__ volatile("vmptrld %1; setna %0"
			 : "=q"(fail)
			 : "m"(vmcs_pa)
			 : "cc", "memory");
	return !fail;
}

/* INVEPT descriptor (30.3): EPTP, then 64 reserved bits. */
bool invept(u64 type, u64 eptp)
{
	struct {
		u64 eptp, zero;
	} desc = {eptp, 0};
	u8 fail;

	__asm__ volatile("invept %1, %2; setna %0"
			 : "=q"(fail)
			 : "m"(desc), "r"(type)
			 : "cc", "memory");
	return !fail;
}

/* INVVPID descriptor: VPID in bits 15:0, linear address in the second
 * quadword. */
bool invvpid(u64 type, u16 vpid)
{
	struct {
		u64 vpid, addr;
	} desc = {vpid, 0};
	u8 fail;

	__asm__ volatile("invvpid %1, %2; setna %0"
			 : "=q"(fail)
			 : "m"(desc), "r"(type)
			 : "cc", "memory");
	return !fail;
}
