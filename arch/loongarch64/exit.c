/*
 * Guest exits (LVZ): guest-physical misses (TLB refill), host interrupts,
 * GSPR (cpucfg, iocsr*, idle, root-only CSRs), hvcl and GCM. Every
 * emulated instruction is skipped by ERA += 4.
 */
#include "arch/loongarch64/csr.h"
#include "arch/loongarch64/exit_stats.h"
#include "arch/loongarch64/insn.h"
#include "arch/loongarch64/stage2.h"
#include "arch/loongarch64/trap.h"
#include "arch/loongarch64/vidle.h"
#include "arch/loongarch64/virq.h"
#include "arch/loongarch64/vtimer.h"
#include "cvisor/event.h"
#include "cvisor/hypercall.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/loongarch_ipi.h"

#define INSN_SIZE 4

static void count(struct vcpu *v, enum la_stat s)
{
	v->arch.exits[s]++;
}

/* A TLB refill entered through TLBRENTRY: make it an ordinary exception
 * return (TLBRERA.IsTLBR = 0, so ERTN takes ERA/PRMD) and let tlbfill use
 * TLBEHI/TLBELO*, as outside a refill. */
static void tlbr_to_exception(struct trap_frame *f)
{
	f->era &= ~3ull;
	f->prmd &= BITS(2, 0);
	csr_write(CSR_TLBRERA, 0);
}

/* tlbfill tags the entry with GSTAT.GID: GSTAT.PVM = 1 after a guest exit
 * and GTLBC.useTGID = 0 (virt.c). */
static void tlb_fill(const struct tlb_pair *p)
{
	csr_write(CSR_TLBEHI, p->ehi);
	csr_write(CSR_TLBELO0, p->elo0);
	csr_write(CSR_TLBELO1, p->elo1);
	csr_write(CSR_TLBIDX, FIELD_PREP(29, 24, p->ps));
	__asm__ volatile("tlbfill" ::: "memory");
}

static void illegal_access(struct vcpu *v, struct trap_frame *f, u64 gpa,
			   const char *what, u32 size, bool fetch)
{
	zone_warn(v->zone,
		  "zone %u vcpu%u: illegal %s of %u bytes at ipa 0x%llx (pc "
		  "0x%llx)",
		  v->zone->id, v->id, what, size, (unsigned long long)gpa,
		  (unsigned long long)f->era);
	/* ADE: EsubCode 0 = ADEF (fetch), 1 = ADEM (memory access) */
	reflect_to_guest(f, ECODE_ADE, fetch ? 0 : 1, gpa);
}

static void stage2_fault(struct vcpu *v, struct trap_frame *f, u64 gpa)
{
	struct tlb_pair pair;
	struct la_memop op;
	struct mmio_access a;

	if (!s2_refill_pair(&v->zone->s2, ipa_init(gpa), &pair)) {
		count(v, LA_STAT_S2_FILL);
		tlb_fill(&pair);
		return;
	}
	/* In direct-address mode a fetch faults at its own pc. */
	if (gpa == f->era || la_decode_memop((u32)f->badi, &op)) {
		count(v, LA_STAT_ILLEGAL);
		illegal_access(v, f, gpa, gpa == f->era ? "fetch" : "access", 4,
			       gpa == f->era);
		return;
	}
	a = (struct mmio_access){ipa_init(gpa), 0, op.size, op.store,
				 op.store ? frame_reg(f, op.rd) : 0};
	if (mmio_dispatch(&v->zone->mmio, v, &a)) {
		count(v, LA_STAT_ILLEGAL);
		illegal_access(v, f, gpa, op.store ? "write" : "read", op.size,
			       false);
		return;
	}
	count(v, LA_STAT_MMIO);
	v->nr_mmio++;
	if (!op.store)
		frame_set_reg(f, op.rd,
			      la_load_extend(a.value, op.size, op.sign));
	f->era += INSN_SIZE;
}

/* A guest's cpucfg: the CPU's own words, without LVZ in word 2 (cvisor
 * offers no nested virtualization). */
static u64 guest_cpucfg(u64 word)
{
	u32 v = word < 0x40 ? cpucfg((u32)word) : 0;

	if (word == 2)
		v &= ~(u32)BITS(13, 10); /* LVZ, LVZ_VER */
	return v;
}

static void unhandled(struct vcpu *v, struct trap_frame *f, const char *what)
{
	zone_warn(v->zone,
		  "zone %u vcpu%u: %s 0x%08llx at pc 0x%llx: reflected as INE",
		  v->zone->id, v->id, what, (unsigned long long)f->badi,
		  (unsigned long long)f->era);
	reflect_to_guest(f, ECODE_INE, 0, f->era);
}

static void gspr_exit(struct vcpu *v, struct trap_frame *f)
{
	struct la_priv p;
	u64 val;

	la_decode_priv((u32)f->badi, &p);
	switch (p.kind) {
	case LA_PRIV_CPUCFG:
		count(v, LA_STAT_CPUCFG);
		frame_set_reg(f, p.rd, guest_cpucfg(frame_reg(f, p.rj)));
		break;
	case LA_PRIV_IOCSRRD:
		count(v, LA_STAT_IOCSR_RD);
		viocsr_access(v, frame_reg(f, p.rj), p.size, false, &val);
		frame_set_reg(f, p.rd, val);
		break;
	case LA_PRIV_IOCSRWR:
		count(v, LA_STAT_IOCSR_WR);
		val = frame_reg(f, p.rd);
		viocsr_access(v, frame_reg(f, p.rj), p.size, true, &val);
		break;
	case LA_PRIV_IDLE:
		count(v, LA_STAT_IDLE);
		la_guest_idle(v); /* wait for an interrupt (vidle.c) */
		break;
	case LA_PRIV_CSRRD:
	case LA_PRIV_CSRWR:
	case LA_PRIV_CSRXCHG:
		count(v, LA_STAT_CSR);
		/* A root-only CSR (MERR*, DBG, IMPCTL, the LVZ CSRs): reads
		 * as 0, writes are ignored, like an absent CSR. */
		frame_set_reg(f, p.rd, 0);
		break;
	case LA_PRIV_NONE:
		count(v, LA_STAT_OTHER);
		unhandled(v, f, "unknown GSPR instruction");
		return;
	}
	f->era += INSN_SIZE;
}

/* cvisor's hypercall ABI on loongarch64: hvcl 0, a0 = CV_HC_BASE | code,
 * a1-a3 arguments, result in a0. */
static void hvc_exit(struct vcpu *v, struct trap_frame *f)
{
	u64 fn = f->r[4];
	s64 ret = CV_HC_ENOSYS;

	if (la_hvcl_code((u32)f->badi) == 0 &&
	    (fn & ~(u64)CV_HC_CODE_MASK) == CV_HC_BASE)
		ret = hypercall_dispatch(v, (u32)(fn & CV_HC_CODE_MASK),
					 f->r[5], f->r[6], f->r[7]);
	f->r[4] = (u64)ret;
	f->era += INSN_SIZE;
}

static void interrupt_exit(struct vcpu *v, struct trap_frame *f)
{
	(void)v;
	if (ESTAT_IS(f->estat) & INT_HWI(0))
		la_virq_hw_interrupt();
	if (ESTAT_IS(f->estat) & INT_IPI) {
		ipi_ack();
		event_process_all(); /* may stop this vCPU: then no return */
	}
}

/* vtimer.h: a guest tick the fork would lose over this exit. */
static void keep_guest_tick(struct vcpu *v)
{
	if (la_timer_overdue(gcsr_read(CSR_TCFG), gcsr_read(CSR_TVAL))) {
		count(v, LA_STAT_TIMER_FIX);
		gcsr_write(CSR_TVAL, 1);
	}
}

void guest_exit(struct trap_frame *f)
{
	struct vcpu *v = this_cpu()->vcpu;

	v->nr_traps++;
	switch (la_exit_kind(f->tlbr, f->estat)) {
	case LA_EXIT_S2_MISS:
		tlbr_to_exception(f);
		stage2_fault(v, f, f->badv);
		break;
	case LA_EXIT_S2_INVALID:
		stage2_fault(v, f, f->badv);
		break;
	case LA_EXIT_INTERRUPT:
		count(v, LA_STAT_INTERRUPT);
		interrupt_exit(v, f);
		break;
	case LA_EXIT_GSPR:
		gspr_exit(v, f);
		break;
	case LA_EXIT_HVC:
		count(v, LA_STAT_HVC);
		hvc_exit(v, f);
		break;
	case LA_EXIT_GCM:
		count(v, LA_STAT_GCM);
		/* GCFG traps no CSR change (virt.c): not expected. */
		zone_warn(v->zone,
			  "zone %u vcpu%u: guest CSR change exit (%s) at pc "
			  "0x%llx",
			  v->zone->id, v->id,
			  ESTAT_ESUBCODE(f->estat) ? "GCHC" : "GCSC",
			  (unsigned long long)f->era);
		f->era += INSN_SIZE;
		break;
	case LA_EXIT_OTHER:
		count(v, LA_STAT_OTHER);
		unhandled(v, f, "exit code");
		break;
	}
	keep_guest_tick(v);
}

void reflect_to_guest(struct trap_frame *f, u32 ecode, u32 subcode, u64 badv)
{
	u64 crmd = gcsr_read(CSR_CRMD);
	u64 vs = FIELD_GET(18, 16, gcsr_read(CSR_ECFG));

	gcsr_write(CSR_PRMD,
		   FIELD_PREP(1, 0, crmd) | (crmd & CRMD_IE ? PRMD_PIE : 0));
	gcsr_write(CSR_ERA, f->era);
	gcsr_write(CSR_BADV, badv);
	gcsr_write(CSR_BADI, f->badi);
	gcsr_xchg(CSR_ESTAT,
		  FIELD_PREP(21, 16, ecode) | FIELD_PREP(30, 22, subcode),
		  BITS(30, 16));
	gcsr_write(CSR_CRMD, crmd & ~(CRMD_PLV | CRMD_IE));
	f->era = gcsr_read(CSR_EENTRY) + (vs ? ecode * (4ull << vs) : 0);
}
