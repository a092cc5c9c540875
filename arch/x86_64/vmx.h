/*
 * Intel VMX: VMCS field encodings (SDM vol. 3, appendix B), control bits
 * (chapter 24/25) and the VMX instructions.
 */
#ifndef CVISOR_ARCH_X86_64_VMX_H
#define CVISOR_ARCH_X86_64_VMX_H

#include "cvisor/bits.h"
#include "cvisor/types.h"

/* 16-bit fields */
#define VMCS_VPID	  0x0000
#define VMCS_GUEST_ES_SEL 0x0800 /* ES, CS, SS, DS, FS, GS, LDTR, TR: +2 */
#define VMCS_GUEST_CS_SEL 0x0802
#define VMCS_GUEST_TR_SEL 0x080e
#define VMCS_HOST_ES_SEL  0x0c00
#define VMCS_HOST_CS_SEL  0x0c02
#define VMCS_HOST_SS_SEL  0x0c04
#define VMCS_HOST_DS_SEL  0x0c06
#define VMCS_HOST_FS_SEL  0x0c08
#define VMCS_HOST_GS_SEL  0x0c0a
#define VMCS_HOST_TR_SEL  0x0c0c
/* 64-bit fields */
#define VMCS_MSR_BITMAP	     0x2004
#define VMCS_EPTP	     0x201a
#define VMCS_GUEST_PHYS_ADDR 0x2400
#define VMCS_LINK_POINTER    0x2800
#define VMCS_GUEST_PAT	     0x2804
#define VMCS_GUEST_EFER	     0x2806
#define VMCS_HOST_PAT	     0x2c00
#define VMCS_HOST_EFER	     0x2c02
/* 32-bit fields */
#define VMCS_PIN_CTLS		    0x4000
#define VMCS_PROC_CTLS		    0x4002
#define VMCS_EXCEPTION_BITMAP	    0x4004
#define VMCS_CR3_TARGET_COUNT	    0x400a
#define VMCS_EXIT_CTLS		    0x400c
#define VMCS_EXIT_MSR_STORE_CNT	    0x400e
#define VMCS_EXIT_MSR_LOAD_CNT	    0x4010
#define VMCS_ENTRY_CTLS		    0x4012
#define VMCS_ENTRY_MSR_LOAD_CNT	    0x4014
#define VMCS_ENTRY_INTR_INFO	    0x4016
#define VMCS_ENTRY_EXC_ERRCODE	    0x4018
#define VMCS_ENTRY_INSN_LEN	    0x401a
#define VMCS_PROC_CTLS2		    0x401e
#define VMCS_INSN_ERROR		    0x4400
#define VMCS_EXIT_REASON	    0x4402
#define VMCS_EXIT_INTR_INFO	    0x4404
#define VMCS_IDT_VECTORING_INFO	    0x4408
#define VMCS_IDT_VECTORING_ERR	    0x440a
#define VMCS_EXIT_INSN_LEN	    0x440c
#define VMCS_GUEST_ES_LIMIT	    0x4800 /* ES ... TR: +2 */
#define VMCS_GUEST_GDTR_LIMIT	    0x4810
#define VMCS_GUEST_IDTR_LIMIT	    0x4812
#define VMCS_GUEST_ES_AR	    0x4814 /* ES ... TR: +2 */
#define VMCS_GUEST_INTERRUPTIBILITY 0x4824
#define VMCS_GUEST_ACTIVITY	    0x4826
#define VMCS_GUEST_SYSENTER_CS	    0x482a
#define VMCS_HOST_SYSENTER_CS	    0x4c00
/* natural-width fields */
#define VMCS_CR0_MASK		0x6000
#define VMCS_CR4_MASK		0x6002
#define VMCS_CR0_SHADOW		0x6004
#define VMCS_CR4_SHADOW		0x6006
#define VMCS_EXIT_QUALIFICATION 0x6400
#define VMCS_GUEST_LINEAR_ADDR	0x640a
#define VMCS_GUEST_CR0		0x6800
#define VMCS_GUEST_CR3		0x6802
#define VMCS_GUEST_CR4		0x6804
#define VMCS_GUEST_ES_BASE	0x6806 /* ES ... TR: +2 */
#define VMCS_GUEST_CS_BASE	0x6808
#define VMCS_GUEST_GDTR_BASE	0x6816
#define VMCS_GUEST_IDTR_BASE	0x6818
#define VMCS_GUEST_DR7		0x681a
#define VMCS_GUEST_RSP		0x681c
#define VMCS_GUEST_RIP		0x681e
#define VMCS_GUEST_RFLAGS	0x6820
#define VMCS_GUEST_PENDING_DBG	0x6822
#define VMCS_GUEST_SYSENTER_ESP 0x6824
#define VMCS_GUEST_SYSENTER_EIP 0x6826
#define VMCS_HOST_CR0		0x6c00
#define VMCS_HOST_CR3		0x6c02
#define VMCS_HOST_CR4		0x6c04
#define VMCS_HOST_FS_BASE	0x6c06
#define VMCS_HOST_GS_BASE	0x6c08
#define VMCS_HOST_TR_BASE	0x6c0a
#define VMCS_HOST_GDTR_BASE	0x6c0c
#define VMCS_HOST_IDTR_BASE	0x6c0e
#define VMCS_HOST_SYSENTER_ESP	0x6c10
#define VMCS_HOST_SYSENTER_EIP	0x6c12
#define VMCS_HOST_RSP		0x6c14
#define VMCS_HOST_RIP		0x6c16

/* Segment order of the guest-state arrays above. */
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR };

/* Pin-based controls (24.6.1) */
#define PIN_EXT_INTR_EXITING BIT(0)
#define PIN_NMI_EXITING	     BIT(3)
/* Primary processor-based controls (24.6.2) */
#define PROC_INTR_WINDOW_EXITING BIT(2)
#define PROC_HLT_EXITING	 BIT(7)
#define PROC_CR8_LOAD_EXITING	 BIT(19)
#define PROC_CR8_STORE_EXITING	 BIT(20)
#define PROC_UNCOND_IO_EXITING	 BIT(24)
#define PROC_USE_MSR_BITMAPS	 BIT(28)
#define PROC_SECONDARY_CTLS	 BIT(31)
/* Secondary processor-based controls */
#define PROC2_ENABLE_EPT	 BIT(1)
#define PROC2_ENABLE_VPID	 BIT(5)
#define PROC2_UNRESTRICTED_GUEST BIT(7)
/* VM-exit controls (24.7.1) */
#define EXIT_HOST_ADDR_SPACE_64 BIT(9)
#define EXIT_ACK_INTR_ON_EXIT	BIT(15)
#define EXIT_SAVE_PAT		BIT(18)
#define EXIT_LOAD_PAT		BIT(19)
#define EXIT_SAVE_EFER		BIT(20)
#define EXIT_LOAD_EFER		BIT(21)
/* VM-entry controls (24.8.1) */
#define ENTRY_IA32E_MODE_GUEST BIT(9)
#define ENTRY_LOAD_PAT	       BIT(14)
#define ENTRY_LOAD_EFER	       BIT(15)

/* IA32_VMX_BASIC: revision [30:0], region size [44:32], true ctls [55]. */
#define VMX_BASIC_REVISION(b) ((u32)FIELD_GET(30, 0, b))
#define VMX_BASIC_TRUE_CTLS   BIT(55)
/* IA32_VMX_EPT_VPID_CAP */
#define EPT_CAP_WALK_4	      BIT(6)
#define EPT_CAP_WB	      BIT(14)
#define EPT_CAP_2M	      BIT(16)
#define EPT_CAP_INVEPT	      BIT(20)
#define EPT_CAP_INVEPT_SINGLE BIT(25)
#define EPT_CAP_INVEPT_ALL    BIT(26)
#define VPID_CAP_INVVPID      BIT(32)

/* VM-entry/exit interruption information (24.8.3, 24.9.2): vector [7:0],
 * type [10:8] (0 external interrupt, 3 hardware exception), error code
 * valid [11], valid [31]. */
#define INTR_INFO_VECTOR(i)    ((u32)FIELD_GET(7, 0, i))
#define INTR_TYPE_EXT_INTR     FIELD_PREP(10, 8, 0)
#define INTR_TYPE_HW_EXCEPTION FIELD_PREP(10, 8, 3)
#define INTR_INFO_ERRCODE      BIT(11)
#define INTR_INFO_VALID	       BIT(31)

/* Compute a control field from its capability MSR: bits 31:0 are the
 * allowed-0 settings (must be 1), bits 63:32 the allowed-1 settings.
 * Returns false when a wanted bit cannot be 1 (pure, unit-tested). */
bool vmx_adjust_controls(u64 cap_msr, u32 want, u32 *out);

static inline u64 vmread(u64 field)
{
	u64 v;

	__asm__ volatile("vmread %1, %0" : "=r"(v) : "r"(field) : "cc");
	return v;
}

static inline void vmwrite(u64 field, u64 v)
{
	__asm__ volatile("vmwrite %1, %0" ::"r"(field), "r"(v)
			 : "cc", "memory");
}

/* The VMX instructions (vmx_insn.c): true on success. */
bool vmxon(u64 region_pa);
bool vmclear(u64 vmcs_pa);
bool vmptrld(u64 vmcs_pa);
bool invept(u64 type, u64 eptp);
bool invvpid(u64 type, u16 vpid);

#endif
