/* x86_64 instructions the hypervisor uses, as inline functions. */
#ifndef CVISOR_ARCH_X86_64_X86_H
#define CVISOR_ARCH_X86_64_X86_H

#include "cvisor/bits.h"
#include "cvisor/types.h"

/* Model-specific registers (Intel SDM vol. 4). */
#define MSR_IA32_APIC_BASE	  0x1b
#define MSR_IA32_FEATURE_CONTROL  0x3a
#define MSR_IA32_SYSENTER_CS	  0x174
#define MSR_IA32_SYSENTER_ESP	  0x175
#define MSR_IA32_SYSENTER_EIP	  0x176
#define MSR_IA32_PAT		  0x277
#define MSR_IA32_VMX_BASIC	  0x480
#define MSR_IA32_VMX_PINBASED	  0x481
#define MSR_IA32_VMX_PROCBASED	  0x482
#define MSR_IA32_VMX_EXIT	  0x483
#define MSR_IA32_VMX_ENTRY	  0x484
#define MSR_IA32_VMX_CR0_FIXED0	  0x486
#define MSR_IA32_VMX_CR0_FIXED1	  0x487
#define MSR_IA32_VMX_CR4_FIXED0	  0x488
#define MSR_IA32_VMX_CR4_FIXED1	  0x489
#define MSR_IA32_VMX_PROCBASED2	  0x48b
#define MSR_IA32_VMX_EPT_VPID_CAP 0x48c
#define MSR_IA32_VMX_TRUE_PIN	  0x48d
#define MSR_IA32_VMX_TRUE_PROC	  0x48e
#define MSR_IA32_VMX_TRUE_EXIT	  0x48f
#define MSR_IA32_VMX_TRUE_ENTRY	  0x490
#define MSR_IA32_EFER		  0xc0000080
#define MSR_IA32_FS_BASE	  0xc0000100
#define MSR_IA32_GS_BASE	  0xc0000101

/* IA32_FEATURE_CONTROL: bit 0 lock, bit 2 VMXON outside SMX. */
#define FEATURE_CONTROL_LOCK	   BIT(0)
#define FEATURE_CONTROL_VMX_NO_SMX BIT(2)

#define CR0_PE	  BIT(0)
#define CR0_ET	  BIT(4)
#define CR0_NE	  BIT(5)
#define CR0_PG	  BIT(31)
#define CR4_VMXE  BIT(13)
#define RFLAGS_IF BIT(9)

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(u32 leaf, u32 subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (u64)hi << 32 | lo;
}

/* The time-stamp counter (RDTSC: EDX:EAX). */
static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
			 : "memory");
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(u16 port, u8 v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(u16 port, u16 v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
	__asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

#define DEFINE_CR(n)                                                           \
	static inline u64 read_cr##n(void)                                     \
	{                                                                      \
		u64 v;                                                         \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));              \
		return v;                                                      \
	}                                                                      \
	static inline void write_cr##n(u64 v)                                  \
	{                                                                      \
		__asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory");       \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void cpu_pause(void)
{
	__asm__ volatile("pause" ::: "memory");
}

#endif
