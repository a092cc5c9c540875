/*
 * LVZ: per-CPU enable, zones (GID), vCPU reset/entry/stop and virtual
 * interrupt lines.
 */
#include "arch/loongarch64/board.h"
#include "arch/loongarch64/csr.h"
#include "arch/loongarch64/entry.h"
#include "arch/loongarch64/legacy_io.h"
#include "arch/loongarch64/linux_boot.h"
#include "arch/loongarch64/stage2.h"
#include "arch/loongarch64/trap.h"
#include "arch/loongarch64/veiointc.h"
#include "arch/loongarch64/virq.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/vcpu.h"
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
	/* ECFG.LIE HWI0: the machine's PCH-PIC pins of zones' devices
	 * (hwpic.c), taken like IPIs: as guest exits or in cvisor's IDLE. */
	csr_xchg(CSR_ECFG, INT_HWI(0), INT_HWI(0));
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
	int err = ged_register(zone);

	if (!err)
		err = legacy_io_register(zone);
	return err ? err : la_virq_init(zone);
}

void arch_zone_destroy(struct zone *zone)
{
	la_virq_release(zone);
	flush_root_tlb();
}

/* No devices that master the bus are assigned to zones here. */
void arch_zone_stopped(struct zone *zone)
{
	la_virq_reset(zone); /* its wired pins masked on the machine */
}

/* Entry state: the guest CSRs out of reset (DA mode, PLV0), ERA = entry,
 * a0 = arg; PRMD.PIE = 1 so cvisor's IPIs end guest mode. vCPU 0 of a
 * Linux zone gets the EFI hand-over instead (linux_boot.c): a0 = 1,
 * a1 = command line, a2 = system table (arg is the device tree's ipa). */
void arch_vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg)
{
	struct arch_vcpu *a = &vcpu->arch;
	struct la_efi_regs efi = {arg, 0, 0};

	if (vcpu->id == 0 && la_zone_boots_linux(vcpu->zone) &&
	    la_linux_boot_prepare(vcpu->zone, arg, &efi))
		efi = (struct la_efi_regs){0}; /* logged; Linux will say */

	gcsr_state_reset(&a->gcsr, vcpu->id);
	/* PRCFG1-3 (0x21-0x23: KSave count, timer bits, TLB geometry) read
	 * as 0 in guest mode until root sets them: Linux sizes its TLB and
	 * scratch registers from them, so a vCPU gets the CPU's values. */
	a->gcsr.v[GCSR_PRCFG1] = csr_read(0x21);
	a->gcsr.v[GCSR_PRCFG2] = csr_read(0x22);
	a->gcsr.v[GCSR_PRCFG3] = csr_read(0x23);
	/* ASID.ASIDBITS [23:16] is read-only configuration, 0 in a fresh
	 * guest CSR file: Linux derives its ASID mask from it. */
	a->gcsr.v[GCSR_ASID] = csr_read(CSR_ASID) & BITS(23, 16);
	vipi_reset(&a->ipi);
	a->gintc_hwis = 0;
	a->regs = (struct trap_frame){0};
	a->regs.era = entry;
	a->regs.prmd = PRMD_PIE;
	a->regs.r[4] = efi.a0;
	a->regs.r[5] = efi.a1;
	a->regs.r[6] = efi.a2;
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
	spin_lock(&vcpu->lock);
	vipi_reset(&vcpu->arch.ipi); /* back to the boot ROM's state */
	spin_unlock(&vcpu->lock);
}

/* IPI (ESTAT.IS bit 12) has no GINTC bit: it is written into the guest
 * ESTAT. HWI0-7 go through GINTC.HWIS, which sets guest ESTAT.IS[9:2]. */
void vcpu_sync_lines(struct vcpu *v)
{
	bool ipi = vipi_line(&v->arch.ipi);

	gcsr_xchg(CSR_ESTAT, ipi ? INT_IPI : 0, INT_IPI);
	csr_xchg(CSR_GINTC, v->arch.gintc_hwis | v->arch.eio_hwis, GINTC_HWIS);
}

void la_vcpu_lines_changed(struct vcpu *v)
{
	if (v->pcpu == this_cpu()->id)
		vcpu_sync_lines(v);
	else if (v->state == VCPU_ON)
		event_send(v->pcpu, EVENT_INJECT_IRQ, INJECT_SYNC_LINES);
}

void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	if (arg == INJECT_SYNC_LINES)
		vcpu_sync_lines(vcpu);
}

/* Nothing to undo: the lines live in the vCPU's state (eio_hwis, the IPI
 * status) and arch_vcpu_run loads them when the vCPU starts. */
void arch_vcpu_inject_dropped(struct vcpu *vcpu, u64 arg)
{
	(void)vcpu;
	(void)arg;
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
	la_vcpu_lines_changed(v);
}

/* An IPI to a vCPU that is off: the board's boot ROM would take it, read
 * mailbox 0 and jump there in direct-address mode; cvisor starts the vCPU
 * at that address (nothing when the mailbox is still 0). */
static void vipi_boot_rom(struct vcpu *to)
{
	u64 entry;

	spin_lock(&to->lock);
	entry = to->arch.ipi.buf[0] | (u64)to->arch.ipi.buf[1] << 32;
	spin_unlock(&to->lock);
	if (!entry)
		return;
	if (vcpu_request_start(to, entry, 0))
		zone_warn(to->zone, "zone %u vcpu%u: start at 0x%llx refused",
			  to->zone->id, to->id, (unsigned long long)entry);
}

/* IPI_SEND / MBUF_SEND of one vCPU to another (virtual CPU id). */
static void vipi_deliver(struct vcpu *from, const struct vipi_op *op)
{
	struct zone *z = from->zone;
	struct vcpu *to;

	if (op->target >= z->nr_vcpus) {
		zone_warn(z, "zone %u vcpu%u: IPI to absent vcpu%u ignored",
			  z->id, from->id, op->target);
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
	if (vcpu_is_off(to))
		vipi_boot_rom(to);
	else if (to == from)
		vcpu_sync_lines(to);
	else if (to->state == VCPU_ON)
		event_send(to->pcpu, EVENT_INJECT_IRQ, INJECT_SYNC_LINES);
}

/* IOCSR registers a guest reads as the CPU has them: features (0x8),
 * vendor (0x10) and CPU name (0x20); read-only identity. */
static bool iocsr_identity(u64 addr)
{
	return addr == 0x8 || addr == 0x10 || addr == 0x18 || addr == 0x20 ||
	       addr == 0x28;
}

static u64 iocsr_read_host(u64 addr, u32 size)
{
	return size == 8 ? iocsr_read64((u32)addr) : iocsr_read32((u32)addr);
}

/* IOCSR as a guest sees it: the IPI block and the EIOINTC (with ANY_SEND)
 * are emulated, the identity registers read through; the rest (MISC_FUNC,
 * ...) reads as 0 and ignores writes. */
int viocsr_access(struct vcpu *v, u64 addr, u32 size, bool write, u64 *val)
{
	struct vipi_op op;
	int err;

	if (veio_is_reg(addr) || addr == IOCSR_ANY_SEND) {
		la_virq_iocsr(v, addr, size, write, val);
		return 0;
	}
	if (!vipi_is_ipi_reg(addr)) {
		if (!write)
			*val = iocsr_identity(addr) && size >= 4
				   ? iocsr_read_host(addr, size)
				   : 0;
		return 0;
	}
	spin_lock(&v->lock);
	err = write ? vipi_write(&v->arch.ipi, addr, size, *val, &op)
		    : vipi_read(&v->arch.ipi, addr, size, val);
	spin_unlock(&v->lock);
	if (err) {
		zone_warn(v->zone,
			  "zone %u vcpu%u: iocsr %s of %u bytes at 0x%llx not "
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
