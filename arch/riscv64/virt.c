/*
 * HS-mode virtualization: per-CPU enable (delegation to VS-mode, counters,
 * Sstc), G-stage translation for zones (hgatp Sv39x4 with VMIDs), and
 * entering a vCPU in VS-mode.
 */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/entry.h"
#include "arch/riscv64/riscv.h"
#include "arch/riscv64/sbi.h"
#include "arch/riscv64/stage2_format.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

/* hedeleg: what the guest's own VS-mode handles (8.2.2): misaligned
 * fetch, illegal instruction, breakpoint, ecall from VU, and its own
 * page faults. Guest-page faults, VS ecalls and virtual-instruction
 * traps stay with cvisor. */
#define HEDELEG_GUEST                                                          \
	(BIT(EXC_INST_MISALIGNED) | BIT(EXC_ILLEGAL_INST) |                    \
	 BIT(EXC_BREAKPOINT) | BIT(EXC_ECALL_U) | BIT(EXC_INST_PAGE_FAULT) |   \
	 BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT))
/* hideleg: VS software, timer and external interrupts go to VS-mode. */
#define HIDELEG_GUEST (BIT(IRQ_VS_SOFT) | BIT(IRQ_VS_TIMER) | BIT(IRQ_VS_EXT))

static struct trap_frame *guest_frame_of(u32 cpu)
{
	return (struct trap_frame *)(void *)(hv_stacks[cpu] + HV_STACK_SIZE -
					     GUEST_FRAME_OFFSET);
}

const struct pt_format *arch_stage2_format(void)
{
	return &riscv_sv39x4_format;
}

unsigned arch_stage2_ipa_bits(void)
{
	return RISCV_GPA_BITS;
}

/* hgatp.VMID is WARL: write all ones, read back how many bits stick. */
static unsigned vmid_bits(void)
{
	unsigned bits = 0;
	u64 v;

	csr_write(CSR_HGATP, FIELD_PREP(57, 44, ~0ull));
	v = FIELD_GET(57, 44, csr_read(CSR_HGATP));
	csr_write(CSR_HGATP, 0);
	for (; v & 1; v >>= 1)
		bits++; /* VMIDLEN: the low bits stick */
	return bits;
}

/*
 * With hideleg bit 6 set, vsip.STIP is an alias of hip.VSTIP (privileged
 * spec, H extension, "vsip and vsie"): what a guest reads as sip.STIP.
 * QEMU 7.2 masks a vsip read with vsip's writable bits (SSIP only; fixed
 * upstream after 7.2): guests there take the timer and external
 * interrupts but never read STIP or SEIP in sip. Probed once with
 * hvip.VSTIP (hideleg set), so that the log says which hart this is.
 */
static void probe_vsip_alias(void)
{
	u64 vsip;

	csr_write(CSR_HVIP, BIT(IRQ_VS_TIMER));
	vsip = csr_read(CSR_VSIP);
	csr_write(CSR_HVIP, 0);
	if (vsip & BIT(IRQ_S_TIMER))
		pr_info("vsip: hip.VSTIP reads as vsip.STIP");
	else
		pr_warn("vsip: hip.VSTIP set, vsip reads 0x%llx without STIP "
			"(the hart masks vsip reads, as QEMU 7.2): guests take "
			"timer interrupts but never see sip.STIP",
			(unsigned long long)vsip);
}

void arch_virt_enable_percpu(struct percpu *cpu)
{
	u64 henvcfg = riscv_has_sstc() ? HENVCFG_STCE : 0;

	csr_write(CSR_HEDELEG, HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	csr_write(CSR_HCOUNTEREN, ~0ull); /* cycle, time, instret */
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HENVCFG, henvcfg);
	csr_write(CSR_HVIP, 0);
	if (cpu->id == 0)
		probe_vsip_alias();
	/* The guest's FP state lives in the registers (one vCPU per CPU,
	 * cvisor has no FP code): HS-level sstatus.FS must not be Off. */
	csr_set(CSR_SSTATUS, SSTATUS_FS);
	/* No HS timer until a guest asks for one without Sstc. */
	sbi_call(SBI_EXT_TIME, 0, ~0ull, 0, 0, 0);
	pr_info("per_cpu_init: hart %llu hedeleg=0x%llx hideleg=0x%llx "
		"henvcfg=0x%llx hgatp Sv39x4 (%u VMID bits), %s",
		(unsigned long long)cpu->hwid,
		(unsigned long long)HEDELEG_GUEST,
		(unsigned long long)HIDELEG_GUEST, (unsigned long long)henvcfg,
		vmid_bits(), arch_irqchip_name());
}

void arch_stage2_flush(struct zone *zone, ipa_t ipa, u64 size)
{
	struct sbiret r;

	(void)ipa;
	(void)size;
	/* HFENCE.GVMA is local to the hart: once the zone runs, ask the
	 * firmware to fence every hart (hart_mask_base = -1; start 0 and
	 * size -1 = everything). */
	riscv_hfence_gvma_vmid(zone->arch.vmid);
	if (zone->state != ZONE_RUNNING)
		return;
	r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_HFENCE_GVMA, 0, ~0ull, 0,
		     ~0ull);
	if (r.error) /* other harts may keep a stale G-stage translation */
		pr_err("zone %u: remote HFENCE.GVMA failed: SBI error %lld",
		       zone->id, (long long)r.error);
}

int arch_zone_init(struct zone *zone)
{
	zone->arch.vmid = (u16)(zone->id + 1);
	zone->arch.hgatp =
	    hgatp_value(zone->arch.vmid, (u64)(uintptr_t)zone->s2.root);
	riscv_hfence_gvma_vmid(zone->arch.vmid);
	return riscv_zone_irqchip_init(zone);
}

void arch_zone_destroy(struct zone *zone)
{
	riscv_zone_irqchip_destroy(zone);
	riscv_hfence_gvma_vmid(zone->arch.vmid);
}

/* No devices that master the bus are assigned to zones here. */
void arch_zone_stopped(struct zone *zone)
{
	(void)zone;
}

/* a0 = hartid (the vCPU index), a1 = opaque (the DTB for vCPU 0); the
 * guest enters VS-mode (sstatus.SPP = 1, hstatus.SPV = SPVP = 1) with
 * interrupts off. */
void arch_vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg)
{
	struct trap_frame *r = &vcpu->arch.boot_regs;

	*r = (struct trap_frame){0};
	r->x[10] = vcpu->id;
	r->x[11] = arg;
	r->sepc = entry;
	r->sstatus = (csr_read(CSR_SSTATUS) | SSTATUS_SPP) &
		     ~(SSTATUS_SPIE | SSTATUS_SIE);
	r->hstatus = (csr_read(CSR_HSTATUS) | HSTATUS_SPV | HSTATUS_SPVP) &
		     ~(HSTATUS_VTW | HSTATUS_VGEIN);
	r->hstatus |= riscv_vcpu_vgein();
	vcpu->arch.reset_vs = true;
}

/* The VS-level CSRs at reset: translation off, nothing pending. */
static void reset_vs_state(void)
{
	csr_write(CSR_VSSTATUS, 0);
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_VSEPC, 0);
	csr_write(CSR_VSCAUSE, 0);
	csr_write(CSR_VSTVAL, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HVIP, 0);
	if (riscv_has_sstc())
		csr_write(CSR_VSTIMECMP, ~0ull);
}

void arch_vcpu_quiesce(struct vcpu *vcpu)
{
	(void)vcpu;
	csr_write(CSR_HVIP, 0);
	if (riscv_has_sstc())
		csr_write(CSR_VSTIMECMP, ~0ull);
	sbi_call(SBI_EXT_TIME, 0, ~0ull, 0, 0, 0);
}

_Noreturn void arch_vcpu_run(struct vcpu *vcpu)
{
	struct trap_frame *f = guest_frame_of(vcpu->pcpu);

	csr_write(CSR_HGATP, vcpu->zone->arch.hgatp);
	riscv_hfence_vvma_all();
	if (vcpu->arch.reset_vs) {
		reset_vs_state();
		riscv_vcpu_irqchip_reset(vcpu);
		vcpu->arch.reset_vs = false;
	}
	*f = vcpu->arch.boot_regs;
	vcpu_enter(f);
	__builtin_unreachable();
}
