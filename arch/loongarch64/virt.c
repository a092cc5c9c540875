/*
 * LVZ: per-CPU enable, zones (GID), vCPU reset/entry/stop and virtual
 * interrupt lines.
 */
#include "arch/loongarch64/board.h"
#include "arch/loongarch64/csr.h"
#include "arch/loongarch64/entry.h"
#include "arch/loongarch64/stage2.h"
#include "arch/loongarch64/trap.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

/* EVENT_INJECT_IRQ argument: "look at the lines again". */
#define INJECT_SYNC_LINES 1

static void flush_root_tlb(void)
{
	/* INVTLB op 0: every root TLB entry, every GID (guest-physical
	 * entries are few and refilled on demand). */
	__asm__ volatile("dbar 0\n\tinvtlb 0, $zero, $zero" ::: "memory");
}

/*
 * GCFG = 0 but MATC: the guest's privileged instructions, timer, CSR
 * changes and exceptions do not trap (TOPI, TOTI, TOE, TOP = 0); only
 * the GSPR set does. MATC = 1 (root decides the memory type) when MATP
 * [3:0] bit 1 says it can. GTLBC = 0: useTGID = 0, so the root's tlbfill
 * after a guest exit tags entries with GSTAT.GID (PVM = 1); TOTI = 0, the
 * guest's TLB instructions act on its own TLB.
 */
void arch_virt_enable_percpu(struct percpu *cpu)
{
	u64 gcfg = csr_read(CSR_GCFG);

	gcfg = FIELD_GET(3, 0, gcfg) & BIT(1) ? FIELD_PREP(5, 4, 1) : 0;
	csr_write(CSR_GCFG, gcfg);
	csr_xchg(CSR_GSTAT, 0, GSTAT_GID | GSTAT_PVM);
	csr_write(CSR_GINTC, 0);
	csr_write(CSR_GCNTC, 0);
	csr_write(CSR_GTLBC, 0);
	csr_write(CSR_STLBPS, S2_PAGE_SHIFT);
	csr_write(CSR_ASID, 0);
	flush_root_tlb();
	__asm__ volatile("gtlbflush" ::: "memory");
	pr_info("per_cpu_init: LVZ on: GSTAT=0x%llx (GIDBIT=%llu) GCFG=0x%llx "
		"GINTC=0x%llx GTLBC=0x%llx STLBPS=%u, IPI via IOCSR "
		"(hwid %llu)",
		(unsigned long long)csr_read(CSR_GSTAT),
		(unsigned long long)GSTAT_GIDBIT(csr_read(CSR_GSTAT)),
		(unsigned long long)csr_read(CSR_GCFG),
		(unsigned long long)csr_read(CSR_GINTC),
		(unsigned long long)csr_read(CSR_GTLBC), S2_PAGE_SHIFT,
		(unsigned long long)cpu->hwid);
}

const struct pt_format *arch_stage2_format(void)
{
	return &la_stage2_format;
}

unsigned arch_stage2_ipa_bits(void)
{
	return S2_IPA_BITS;
}

void arch_stage2_flush(struct zone *zone, ipa_t ipa, u64 size)
{
	(void)zone;
	(void)ipa;
	(void)size;
	flush_root_tlb();
}

int arch_zone_init(struct zone *zone)
{
	if (zone->id >= 255)
		return -CV_ERANGE;
	zone->arch.gid = (u8)(zone->id + 1); /* GID 0 is the root's own */
	return ged_register(zone);
}

void arch_zone_destroy(struct zone *zone)
{
	(void)zone;
	flush_root_tlb();
}

/* No devices that master the bus are assigned to zones here. */
void arch_zone_stopped(struct zone *zone)
{
	(void)zone;
}

/* Entry state: the guest CSRs out of reset (DA mode, PLV0), ERA = entry,
 * a0 = arg; PRMD.PIE = 1 so cvisor's IPIs end guest mode. */
void arch_vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg)
{
	struct arch_vcpu *a = &vcpu->arch;

	gcsr_state_reset(&a->gcsr, vcpu->id);
	vipi_reset(&a->ipi);
	a->gintc_hwis = 0;
	a->regs = (struct trap_frame){0};
	a->regs.era = entry;
	a->regs.prmd = PRMD_PIE;
	a->regs.r[4] = arg;
	a->regs.from_guest = 1;
}

_Noreturn void arch_vcpu_run(struct vcpu *vcpu)
{
	u8 *top = hv_stacks[this_cpu()->id + 1];

	csr_xchg(CSR_GSTAT, FIELD_PREP(23, 16, vcpu->zone->arch.gid),
		 GSTAT_GID);
	gcsr_load(&vcpu->arch.gcsr);
	vcpu_sync_lines(vcpu);
	__asm__ volatile("gtlbflush" ::: "memory");
	vcpu_enter(&vcpu->arch.regs,
		   (struct trap_frame *)(top - TRAP_FRAME_SIZE));
}

void arch_vcpu_quiesce(struct vcpu *vcpu)
{
	gcsr_save(&vcpu->arch.gcsr);
	gcsr_write(CSR_TCFG, 0);
	gcsr_write(CSR_TICLR, 1);
	csr_write(CSR_GINTC, 0);
	gcsr_xchg(CSR_ESTAT, 0, INT_IPI | INT_TI);
}

/* IPI (ESTAT.IS bit 12) has no GINTC bit: it is written into the guest
 * ESTAT. HWI0-7 go through GINTC.HWIS, which sets guest ESTAT.IS[9:2]. */
void vcpu_sync_lines(struct vcpu *v)
{
	bool ipi = vipi_line(&v->arch.ipi);

	gcsr_xchg(CSR_ESTAT, ipi ? INT_IPI : 0, INT_IPI);
	csr_xchg(CSR_GINTC, v->arch.gintc_hwis, GINTC_HWIS);
}

void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	if (arg == INJECT_SYNC_LINES)
		vcpu_sync_lines(vcpu);
}

/* An emulated device's line virq 0-7 = HWI0-7 of vCPU 0. */
void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	struct vcpu *v = &zone->vcpus[0];

	if (virq > 7)
		return;
	spin_lock(&v->lock);
	if (level)
		v->arch.gintc_hwis |= (u8)BIT(virq);
	else
		v->arch.gintc_hwis &= (u8)~BIT(virq);
	spin_unlock(&v->lock);
	if (v->pcpu == this_cpu()->id)
		vcpu_sync_lines(v);
	else
		event_send(v->pcpu, EVENT_INJECT_IRQ, INJECT_SYNC_LINES);
}

/* IPI_SEND / MBUF_SEND of one vCPU to another (virtual CPU id). */
static void vipi_deliver(struct vcpu *from, const struct vipi_op *op)
{
	struct zone *z = from->zone;
	struct vcpu *to;

	if (op->target >= z->nr_vcpus) {
		pr_warn("zone %u vcpu%u: IPI to absent vcpu%u ignored", z->id,
			from->id, op->target);
		return;
	}
	to = &z->vcpus[op->target];
	spin_lock(&to->lock);
	if (op->kind == VIPI_OP_SEND)
		vipi_raise(&to->arch.ipi, op->vector);
	else
		vipi_mail(&to->arch.ipi, op);
	spin_unlock(&to->lock);
	if (op->kind != VIPI_OP_SEND)
		return;
	if (to == from)
		vcpu_sync_lines(to);
	else if (to->state == VCPU_ON)
		event_send(to->pcpu, EVENT_INJECT_IRQ, INJECT_SYNC_LINES);
}

/* IOCSR as a guest sees it: the IPI block is emulated; other registers
 * (features, vendor, EXTIOI...) read as 0 and ignore writes. */
int viocsr_access(struct vcpu *v, u64 addr, u32 size, bool write, u64 *val)
{
	struct vipi_op op;
	int err;

	if (!vipi_is_ipi_reg(addr)) {
		if (!write)
			*val = 0;
		return 0;
	}
	spin_lock(&v->lock);
	err = write ? vipi_write(&v->arch.ipi, addr, size, *val, &op)
		    : vipi_read(&v->arch.ipi, addr, size, val);
	spin_unlock(&v->lock);
	if (err) {
		pr_warn("zone %u vcpu%u: iocsr %s of %u bytes at 0x%llx not "
			"modelled",
			v->zone->id, v->id, write ? "write" : "read", size,
			(unsigned long long)addr);
		if (!write)
			*val = 0;
		return err;
	}
	if (write && op.kind != VIPI_OP_NONE)
		vipi_deliver(v, &op);
	else if (write)
		vcpu_sync_lines(v); /* EN, SET or CLEAR changed the line */
	return 0;
}
