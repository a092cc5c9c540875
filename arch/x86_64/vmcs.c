/*
 * The VMCS of a vCPU: controls, host state (this CPU's hypervisor
 * context) and the guest's reset state. A vCPU starts in 32-bit protected
 * mode with paging off and flat 4 GiB segments (the multiboot machine
 * state; possible because of unrestricted guest), EIP = entry, EBX = arg.
 */
#include "arch/x86_64/cpu_tables.h"
#include "arch/x86_64/entry.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

struct vmx_controls vmx_ctls;

/* Segment access rights (24.4.1): type [3:0], S [4], DPL [6:5], P [7],
 * D/B [14], G [15], unusable [16]. */
#define AR_CODE32 0xc09b /* G, D, P, S, execute/read, accessed */
#define AR_DATA32 0xc093 /* G, D/B, P, S, read/write, accessed */
#define AR_TSS32  0x008b /* P, 32-bit busy TSS */
#define AR_CODE16 0x009b /* P, S, execute/read, accessed (real mode) */
#define AR_DATA16 0x0093 /* P, S, read/write, accessed */
#define PAT_RESET 0x0007040600070406ull /* WB WT UC- UC, twice */
/* Linux's boot protocol: flat __BOOT_CS = 0x10, __BOOT_DS = 0x18. */
#define LINUX_BOOT_CS 0x10
#define LINUX_BOOT_DS 0x18
#define AR_UNUSABLE   BIT(16)

#define WANT_PIN PIN_EXT_INTR_EXITING
#define WANT_PROC                                                              \
	(PROC_HLT_EXITING | PROC_UNCOND_IO_EXITING | PROC_SECONDARY_CTLS |     \
	 PROC_USE_MSR_BITMAPS | PROC_CR8_LOAD_EXITING |                        \
	 PROC_CR8_STORE_EXITING)
#define WANT_PROC2                                                             \
	(PROC2_ENABLE_EPT | PROC2_ENABLE_VPID | PROC2_UNRESTRICTED_GUEST)
#define WANT_EXIT                                                              \
	(EXIT_HOST_ADDR_SPACE_64 | EXIT_ACK_INTR_ON_EXIT | EXIT_SAVE_EFER |    \
	 EXIT_LOAD_EFER | EXIT_SAVE_PAT | EXIT_LOAD_PAT)
#define WANT_ENTRY (ENTRY_LOAD_EFER | ENTRY_LOAD_PAT)

int vmx_controls_init(void)
{
	bool true_ctls = rdmsr(MSR_IA32_VMX_BASIC) & VMX_BASIC_TRUE_CTLS;
	struct vmx_controls c;
	bool ok;

	ok = vmx_adjust_controls(
	    rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PIN : MSR_IA32_VMX_PINBASED),
	    WANT_PIN, &c.pin);
	ok &= vmx_adjust_controls(
	    rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PROC : MSR_IA32_VMX_PROCBASED),
	    WANT_PROC, &c.proc);
	ok &= vmx_adjust_controls(rdmsr(MSR_IA32_VMX_PROCBASED2), WANT_PROC2,
				  &c.proc2);
	ok &= vmx_adjust_controls(
	    rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_EXIT : MSR_IA32_VMX_EXIT),
	    WANT_EXIT, &c.exit);
	ok &= vmx_adjust_controls(
	    rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_ENTRY : MSR_IA32_VMX_ENTRY),
	    WANT_ENTRY, &c.entry);
	if (!ok)
		return -CV_ENOSYS;
	vmx_ctls = c;
	return 0;
}

static void write_controls(const struct zone *zone, u32 vpid)
{
	vmwrite(VMCS_PIN_CTLS, vmx_ctls.pin);
	vmwrite(VMCS_PROC_CTLS, vmx_ctls.proc);
	vmwrite(VMCS_PROC_CTLS2, vmx_ctls.proc2);
	vmwrite(VMCS_EXIT_CTLS, vmx_ctls.exit);
	vmwrite(VMCS_ENTRY_CTLS, vmx_ctls.entry);
	vmwrite(VMCS_EXCEPTION_BITMAP, 0);
	vmwrite(VMCS_CR3_TARGET_COUNT, 0);
	vmwrite(VMCS_EXIT_MSR_STORE_CNT, 0);
	vmwrite(VMCS_EXIT_MSR_LOAD_CNT, 0);
	vmwrite(VMCS_ENTRY_MSR_LOAD_CNT, 0);
	vmwrite(VMCS_ENTRY_INTR_INFO, 0);
	vmwrite(VMCS_EPTP, zone->arch.eptp);
	vmwrite(VMCS_MSR_BITMAP, vmx_msr_bitmap());
	vmwrite(VMCS_VPID, vpid);
	/* The guest owns CR0; CR4.VMXE (required in VMX operation) is
	 * hidden: reads see the shadow, setting it exits. */
	vmwrite(VMCS_CR0_MASK, 0);
	vmwrite(VMCS_CR4_MASK, CR4_VMXE);
	vmwrite(VMCS_CR4_SHADOW, 0);
}

static void write_host_state(u32 cpu)
{
	vmwrite(VMCS_HOST_CR0, read_cr0());
	vmwrite(VMCS_HOST_CR3, read_cr3());
	vmwrite(VMCS_HOST_CR4, read_cr4());
	vmwrite(VMCS_HOST_CS_SEL, SEL_CODE64);
	vmwrite(VMCS_HOST_SS_SEL, SEL_DATA);
	vmwrite(VMCS_HOST_DS_SEL, SEL_DATA);
	vmwrite(VMCS_HOST_ES_SEL, SEL_DATA);
	vmwrite(VMCS_HOST_FS_SEL, 0);
	vmwrite(VMCS_HOST_GS_SEL, 0);
	vmwrite(VMCS_HOST_TR_SEL, SEL_TSS(cpu));
	vmwrite(VMCS_HOST_FS_BASE, rdmsr(MSR_IA32_FS_BASE));
	vmwrite(VMCS_HOST_GS_BASE, rdmsr(MSR_IA32_GS_BASE)); /* percpu */
	vmwrite(VMCS_HOST_TR_BASE, (u64)(uintptr_t)&tss[cpu]);
	vmwrite(VMCS_HOST_GDTR_BASE, (u64)(uintptr_t)gdt);
	vmwrite(VMCS_HOST_IDTR_BASE, idt_base());
	vmwrite(VMCS_HOST_SYSENTER_CS, 0);
	vmwrite(VMCS_HOST_SYSENTER_ESP, 0);
	vmwrite(VMCS_HOST_SYSENTER_EIP, 0);
	vmwrite(VMCS_HOST_EFER, rdmsr(MSR_IA32_EFER));
	vmwrite(VMCS_HOST_PAT, rdmsr(MSR_IA32_PAT));
	vmwrite(VMCS_HOST_RSP,
		(u64)(uintptr_t)(hv_stacks[cpu] + HV_STACK_SIZE));
	vmwrite(VMCS_HOST_RIP, (u64)(uintptr_t)vmx_exit_stub);
}

static void write_segment(u32 seg, u16 sel, u64 base, u32 limit, u32 ar)
{
	vmwrite(VMCS_GUEST_ES_SEL + 2 * seg, sel);
	vmwrite(VMCS_GUEST_ES_BASE + 2 * seg, base);
	vmwrite(VMCS_GUEST_ES_LIMIT + 2 * seg, limit);
	vmwrite(VMCS_GUEST_ES_AR + 2 * seg, ar);
}

/* Flat 32-bit protected mode with code selector cs, data ds. */
static void protected_mode(u16 cs, u16 ds)
{
	write_segment(SEG_CS, cs, 0, 0xffffffff, AR_CODE32);
	write_segment(SEG_SS, ds, 0, 0xffffffff, AR_DATA32);
	write_segment(SEG_DS, ds, 0, 0xffffffff, AR_DATA32);
	write_segment(SEG_ES, ds, 0, 0xffffffff, AR_DATA32);
	write_segment(SEG_FS, ds, 0, 0xffffffff, AR_DATA32);
	write_segment(SEG_GS, ds, 0, 0xffffffff, AR_DATA32);
	vmwrite(VMCS_GUEST_CR0, CR0_PE | CR0_ET | CR0_NE);
}

/* After INIT + STARTUP (SDM 8.4.4.1 / 9.1.1): real mode at CS:IP =
 * vector << 8 : 0. CR0.PE = 0 is allowed by unrestricted guest. */
static void real_mode(u8 vector)
{
	write_segment(SEG_CS, (u16)(vector << 8), (u64)vector << 12, 0xffff,
		      AR_CODE16);
	for (u32 s = SEG_ES; s <= SEG_GS; s++)
		if (s != SEG_CS)
			write_segment(s, 0, 0, 0xffff, AR_DATA16);
	vmwrite(VMCS_GUEST_CR0, CR0_ET | CR0_NE);
}

static void write_guest_state(const struct vcpu *vcpu)
{
	u64 entry = vcpu->arch.entry;

	if (vcpu->arch.start_real_mode) {
		real_mode(vcpu->arch.sipi_vector);
		entry = 0;
	} else if (vcpu->arch.linux) {
		protected_mode(LINUX_BOOT_CS, LINUX_BOOT_DS);
	} else {
		protected_mode(0x08, 0x10);
	}
	write_segment(SEG_LDTR, 0, 0, 0xffff, AR_UNUSABLE);
	write_segment(SEG_TR, 0, 0, 0xffff, AR_TSS32);
	vmwrite(VMCS_GUEST_GDTR_BASE, 0);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, 0xffff);
	vmwrite(VMCS_GUEST_IDTR_BASE, 0);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, 0xffff);
	/* CR0 (above): ET, NE (NE is fixed to 1 in VMX operation; PG and PE
	 * are free with unrestricted guest). CR4: VMXE, hidden by the
	 * shadow. */
	vmwrite(VMCS_GUEST_CR3, 0);
	vmwrite(VMCS_GUEST_CR4, CR4_VMXE);
	vmwrite(VMCS_GUEST_DR7, 0x400);
	vmwrite(VMCS_GUEST_RSP, 0);
	vmwrite(VMCS_GUEST_RIP, entry);
	vmwrite(VMCS_GUEST_RFLAGS, 0x2); /* bit 1 is reserved, always 1 */
	vmwrite(VMCS_GUEST_PENDING_DBG, 0);
	vmwrite(VMCS_GUEST_SYSENTER_CS, 0);
	vmwrite(VMCS_GUEST_SYSENTER_ESP, 0);
	vmwrite(VMCS_GUEST_SYSENTER_EIP, 0);
	vmwrite(VMCS_GUEST_EFER, 0);
	vmwrite(VMCS_GUEST_PAT, PAT_RESET);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmwrite(VMCS_GUEST_ACTIVITY, 0);
	vmwrite(VMCS_LINK_POINTER, ~0ull);
}

int vmcs_setup(struct vcpu *vcpu)
{
	u32 cpu = vcpu->pcpu;
	u64 pa = (u64)(uintptr_t)vmcs_region[cpu];

	*(u32 *)(void *)vmcs_region[cpu] =
	    VMX_BASIC_REVISION(rdmsr(MSR_IA32_VMX_BASIC));
	if (!vmclear(pa) || !vmptrld(pa))
		return -CV_EIO;
	percpu_get(cpu)->arch.vmcs_pa = pa;
	write_controls(vcpu->zone, vcpu->zone->arch.vpid);
	write_host_state(cpu);
	write_guest_state(vcpu);
	vcpu->arch.window_exiting = false;
	vcpu->arch.host_deadline = ~0ull; /* unknown: written next entry */
	return 0;
}
