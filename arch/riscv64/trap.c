/* Traps taken to HS-mode (entry.S): from guests, and inside cvisor. */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/entry.h"
#include "arch/riscv64/riscv.h"
#include "arch/riscv64/sbi.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "TRAP_FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct trap_frame, sepc) == TRAP_FRAME_SEPC,
	       "TRAP_FRAME_SEPC");
_Static_assert(__builtin_offsetof(struct trap_frame, sstatus) ==
		   TRAP_FRAME_SSTATUS,
	       "TRAP_FRAME_SSTATUS");
_Static_assert(__builtin_offsetof(struct trap_frame, hstatus) ==
		   TRAP_FRAME_HSTATUS,
	       "TRAP_FRAME_HSTATUS");

/* The firmware timer stands in for vstimecmp on harts without Sstc: it
 * fired, so the guest's timer is due. */
static void hs_timer(void)
{
	csr_set(CSR_HVIP, BIT(IRQ_VS_TIMER));
	sbi_call(SBI_EXT_TIME, 0, ~0ull, 0, 0, 0);
}

void riscv_handle_hs_interrupts(void)
{
	u64 pending = csr_read(CSR_SIP) & csr_read(CSR_SIE);

	if (pending & BIT(IRQ_S_TIMER))
		hs_timer();
	if (pending & BIT(IRQ_S_EXT))
		riscv_handle_ext_irq();
	if (pending & BIT(IRQ_S_SOFT)) {
		/* Clear first: an IPI sent while the queue drains stays. */
		csr_clear(CSR_SIP, BIT(IRQ_S_SOFT));
		event_process_all();
	}
}

/* A VS-mode instruction the hart refused (virtual instruction, 8.6.1):
 * WFI (hstatus.VTW is clear, so only when the firmware traps it) is a
 * no-op; anything else is the guest's illegal instruction. */
static void virtual_instruction(struct vcpu *vcpu, struct trap_frame *f)
{
	u64 insn = csr_read(CSR_STVAL);

	if (insn == 0x10500073) { /* wfi */
		f->sepc += 4;
		return;
	}
	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: virtual instruction 0x%llx at pc=0x%llx: "
		  "illegal instruction injected",
		  vcpu->zone->id, vcpu->id, (unsigned long long)insn,
		  (unsigned long long)f->sepc);
	riscv_inject_exception(f, EXC_ILLEGAL_INST, insn);
}

static void guest_exception(struct vcpu *vcpu, struct trap_frame *f, u64 cause)
{
	switch (cause) {
	case EXC_ECALL_VS:
		f->sepc += 4; /* SBI calls return after the ecall */
		riscv_vsbi_call(vcpu, f);
		break;
	case EXC_LOAD_GUEST_FAULT:
	case EXC_STORE_GUEST_FAULT:
	case EXC_INST_GUEST_FAULT:
		riscv_guest_page_fault(vcpu, f, cause);
		break;
	case EXC_VIRTUAL_INST:
		virtual_instruction(vcpu, f);
		break;
	default:
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: unhandled trap scause=%llu "
			  "stval=0x%llx pc=0x%llx: reflected to the guest",
			  vcpu->zone->id, vcpu->id, (unsigned long long)cause,
			  (unsigned long long)csr_read(CSR_STVAL),
			  (unsigned long long)f->sepc);
		riscv_inject_exception(f, cause, csr_read(CSR_STVAL));
		break;
	}
}

void guest_trap(struct trap_frame *f)
{
	u64 scause = csr_read(CSR_SCAUSE);
	struct vcpu *vcpu = this_cpu()->vcpu;

	if (scause & SCAUSE_IRQ) {
		vcpu->nr_irqs++;
		riscv_handle_hs_interrupts();
		return;
	}
	vcpu->nr_traps++;
	guest_exception(vcpu, f, scause);
}

static void dump_registers(const struct trap_frame *f)
{
	for (int i = 0; i < 32; i += 2)
		pr_err("  x%-2d=0x%016llx x%-2d=0x%016llx", i,
		       (unsigned long long)f->x[i], i + 1,
		       (unsigned long long)f->x[i + 1]);
}

_Noreturn void hs_trap(struct trap_frame *f)
{
	pr_err("unexpected trap in cvisor: scause=0x%llx stval=0x%llx",
	       (unsigned long long)csr_read(CSR_SCAUSE),
	       (unsigned long long)csr_read(CSR_STVAL));
	pr_err("  sepc=0x%016llx sstatus=0x%016llx hstatus=0x%016llx",
	       (unsigned long long)f->sepc, (unsigned long long)f->sstatus,
	       (unsigned long long)f->hstatus);
	dump_registers(f);
	pr_err("stopping this CPU; the others carry on");
	arch_cpu_park();
}
