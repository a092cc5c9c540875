/*
 * EL2 virtualization: per-CPU enable (HCR_EL2, VTCR_EL2, timers), stage-2
 * translation for zones, and entering a vCPU.
 */
#include "arch/aarch64/entry.h"
#include "arch/aarch64/stage2_format.h"
#include "arch/aarch64/sysreg.h"
#include "arch/aarch64/trap.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/vgic.h"
#include "drivers/pci/ecam_host.h"

#define HCR_GUEST                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB |            \
	 HCR_BSU_IS | HCR_TSC | HCR_RW)

/* CPTR_EL2 (nVHE): RES1 bits [13:12] and [9:0], with TZ (bit 8, SVE) and
 * TFP (bit 10, FP/SIMD) clear so guests use FP/SIMD/SVE untrapped. A vCPU
 * never shares its pCPU, so there is no FP state to switch. */
#define CPTR_EL2_GUEST 0x32ffull
#define CPTR_EL2_TSM   BIT(12) /* traps SME when FEAT_SME, else RES1 */

/* CNTHCTL_EL2 (nVHE): EL1PCTEN (bit 0) and EL1PCEN (bit 1): the guest
 * reads the physical counter and drives the EL1 physical timer itself. */
#define CNTHCTL_EL1_ACCESS 0x3ull

static unsigned ipa_bits;

const struct pt_format *arch_stage2_format(void)
{
	return &aarch64_stage2_format;
}

unsigned arch_stage2_ipa_bits(void)
{
	if (!ipa_bits)
		ipa_bits = aarch64_parange_bits(read_sysreg(id_aa64mmfr0_el1));
	return ipa_bits;
}

/* HCR_EL2.APK (bit 40) and API (bit 41): pointer authentication keys and
 * instructions untrapped, when the CPU has FEAT_PAuth (ID_AA64ISAR1_EL1
 * APA [7:4], API [11:8], GPA [27:24], GPI [31:28]; ID_AA64ISAR2_EL1 APA3
 * [15:12], GPA3 [11:8]); otherwise the bits are RES0. */
static u64 hcr_pauth(void)
{
	u64 isar1 = read_sysreg(id_aa64isar1_el1);
	u64 isar2 = read_sysreg(S3_0_C0_C6_2); /* ID_AA64ISAR2_EL1 */

	if ((isar1 & (BITS(11, 4) | BITS(31, 24))) || (isar2 & BITS(15, 8)))
		return BIT(40) | BIT(41);
	return 0;
}

/* ID_AA64PFR1_EL1.SME [27:24]: with SME, leave it untrapped too. */
static u64 cptr_value(void)
{
	if (FIELD_GET(27, 24, read_sysreg(id_aa64pfr1_el1)))
		return CPTR_EL2_GUEST & ~CPTR_EL2_TSM;
	return CPTR_EL2_GUEST;
}

/* MDCR_EL2: no debug/PMU traps; HPMN [4:0] = PMCR_EL0.N [15:11] gives the
 * guest every event counter. */
static u64 mdcr_value(void)
{
	return FIELD_GET(15, 11, read_sysreg(pmcr_el0));
}

void arch_virt_enable_percpu(struct percpu *cpu)
{
	u64 vtcr = aarch64_vtcr(arch_stage2_ipa_bits(),
				zones[0] ? zones[0]->s2.first_level : 1,
				read_sysreg(id_aa64mmfr0_el1));

	write_sysreg(hcr_el2, HCR_GUEST | hcr_pauth());
	write_sysreg(vtcr_el2, vtcr);
	write_sysreg(cptr_el2, cptr_value());
	write_sysreg(mdcr_el2, mdcr_value());
	write_sysreg(cnthctl_el2, CNTHCTL_EL1_ACCESS);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	isb();
	pr_info("per_cpu_init: HCR_EL2=0x%llx VTCR_EL2=0x%llx (IPA %u bits), "
		"%s CPU interface",
		(unsigned long long)(HCR_GUEST | hcr_pauth()),
		(unsigned long long)vtcr, arch_stage2_ipa_bits(),
		arch_irqchip_name());
	(void)cpu;
}

static void flush_vmid(u64 vttbr)
{
	u64 saved = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, vttbr);
	isb();
	dsb(ishst);
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	write_sysreg(vttbr_el2, saved);
	isb();
}

void arch_stage2_flush(struct zone *zone, ipa_t ipa, u64 size)
{
	(void)ipa;
	(void)size;
	if (zone->arch.vttbr)
		flush_vmid(zone->arch.vttbr);
}

int arch_zone_init(struct zone *zone)
{
	int err;

	zone->arch.vmid = (u16)(zone->id + 1);
	zone->arch.vttbr =
	    ((u64)zone->arch.vmid << 48) | (u64)(uintptr_t)zone->s2.root;
	flush_vmid(zone->arch.vttbr);
	err = vgic_zone_init(zone);

	return err ? err : pci_zone_attach(zone);
}

/* Its PCI functions stop decoding and mastering the bus. */
void arch_zone_stopped(struct zone *zone)
{
	pci_zone_stop(zone);
	vgic_zone_stopped(zone);
}

void arch_zone_destroy(struct zone *zone)
{
	pci_zone_detach(zone);
	vgic_zone_destroy(zone);
	flush_vmid(zone->arch.vttbr);
}

void arch_vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg)
{
	struct trap_frame *r = &vcpu->arch.boot_regs;

	*r = (struct trap_frame){0};
	r->x[0] = arg;
	r->elr = entry;
	r->spsr = SPSR_EL1H_DAIF;
	vcpu->arch.reset_el1 = true;
	vcpu->arch.vmpidr = BIT(31) | vcpu->id;
}

/* The architectural reset state of the EL1 registers a guest relies on. */
static void reset_el1_state(void)
{
	write_sysreg(sctlr_el1, 0x30d00800ull); /* RES1 bits, MMU off */
	write_sysreg(tcr_el1, 0);
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(vbar_el1, 0);
	write_sysreg(cpacr_el1, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(tpidr_el0, 0);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(sp_el0, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(cntkctl_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}

void arch_vcpu_quiesce(struct vcpu *vcpu)
{
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
	vgic_vcpu_quiesce(vcpu);
}

_Noreturn void arch_vcpu_run(struct vcpu *vcpu)
{
	u8 *top = hv_stacks[vcpu->pcpu] + HV_STACK_SIZE;

	write_sysreg(vttbr_el2, vcpu->zone->arch.vttbr);
	write_sysreg(vmpidr_el2, vcpu->arch.vmpidr);
	if (vcpu->arch.reset_el1) {
		reset_el1_state();
		vgic_vcpu_reset(vcpu);
		vcpu->arch.reset_el1 = false;
	}
	/* Virtual SPIs left pending while this vCPU was off. */
	vgic_virtual_retry(vcpu->zone);
	isb();
	vcpu_enter(&vcpu->arch.boot_regs, (u64)(uintptr_t)top);
	__builtin_unreachable();
}
