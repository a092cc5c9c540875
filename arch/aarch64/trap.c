/* Synchronous exceptions and interrupts taken to EL2 (vectors.S). */
#include "arch/aarch64/trap.h"

#include "arch/aarch64/entry.h"
#include "arch/aarch64/esr.h"
#include "arch/aarch64/sysreg.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/vgic.h"

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "TRAP_FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct trap_frame, elr) == TRAP_FRAME_ELR,
	       "TRAP_FRAME_ELR");
_Static_assert(__builtin_offsetof(struct trap_frame, spsr) == TRAP_FRAME_SPSR,
	       "TRAP_FRAME_SPSR");

struct trap_frame *guest_frame(void)
{
	u8 *top = hv_stacks[this_cpu()->id] + HV_STACK_SIZE;

	return (struct trap_frame *)(void *)(top - sizeof(struct trap_frame));
}

void guest_sync(struct trap_frame *f, u64 kind)
{
	u64 esr = read_sysreg(esr_el2);
	struct vcpu *vcpu = this_cpu()->vcpu;

	(void)kind;
	vcpu->nr_traps++;
	switch (ESR_EC(esr)) {
	case EC_HVC64:
		handle_hypercall(f, false);
		break;
	case EC_SMC64:
		/* A trapped SMC returns to the SMC itself: step over it. */
		f->elr += 4;
		handle_hypercall(f, true);
		break;
	case EC_DABT_LOW:
		handle_data_abort(f, esr);
		break;
	case EC_SYSREG:
		handle_sysreg_trap(f, esr, vcpu);
		break;
	case EC_IABT_LOW:
		pr_warn(
		    "zone %u vcpu%u: instruction abort at ipa 0x%llx "
		    "pc=0x%llx: fault injected",
		    vcpu->zone->id, vcpu->id,
		    (unsigned long long)((read_sysreg(hpfar_el2) >> 4) << 12),
		    (unsigned long long)f->elr);
		inject_guest_abort(f, read_sysreg(far_el2), false, true);
		break;
	case EC_WFX:
		f->elr += 4;
		break;
	default:
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: unhandled trap esr=0x%llx "
			  "pc=0x%llx: undefined instruction injected",
			  vcpu->zone->id, vcpu->id, (unsigned long long)esr,
			  (unsigned long long)f->elr);
		inject_guest_undef(f);
		break;
	}
}

/* One interrupt per exception: with another one pending, the guest takes
 * the exception again at once, which costs less than the extra (spurious)
 * acknowledge a drain loop pays after nearly every interrupt. */
void guest_irq(struct trap_frame *f, u64 kind)
{
	u32 intid = gic_ops->ack();

	(void)f;
	(void)kind;
	if (intid < GIC_SPURIOUS)
		vgic_handle_irq(intid);
}

void el2_irq(struct trap_frame *f, u64 kind)
{
	(void)f;
	(void)kind;
	irq_handle_all();
}

void guest_unexpected(struct trap_frame *f, u64 kind)
{
	struct vcpu *vcpu = this_cpu()->vcpu;

	pr_err("zone %u vcpu%u: unexpected exception kind %llu esr=0x%llx "
	       "pc=0x%llx: stopping this vCPU",
	       vcpu->zone->id, vcpu->id, (unsigned long long)kind,
	       (unsigned long long)read_sysreg(esr_el2),
	       (unsigned long long)f->elr);
	vcpu_stop_self();
}

static void dump_registers(const struct trap_frame *f)
{
	for (int i = 0; i < 30; i += 2)
		pr_err("  x%-2d=0x%016llx x%-2d=0x%016llx", i,
		       (unsigned long long)f->x[i], i + 1,
		       (unsigned long long)f->x[i + 1]);
	pr_err("  x30=0x%016llx sp=0x%016llx", (unsigned long long)f->x[30],
	       (unsigned long long)((uintptr_t)f + sizeof(*f)));
}

_Noreturn void el2_unexpected(struct trap_frame *f, u64 kind)
{
	static const char *const kinds[] = {
	    "sync (SP0)", "irq (SP0)", "fiq (SP0)", "serror (SP0)",
	    "sync",	  "irq",       "fiq",	    "serror",
	};

	pr_err("unexpected exception in cvisor: %s", kinds[kind & 7]);
	pr_err("  ESR_EL2=0x%016llx FAR_EL2=0x%016llx",
	       (unsigned long long)read_sysreg(esr_el2),
	       (unsigned long long)read_sysreg(far_el2));
	pr_err("  ELR_EL2=0x%016llx SPSR_EL2=0x%016llx",
	       (unsigned long long)f->elr, (unsigned long long)f->spsr);
	dump_registers(f);
	pr_err("stopping this CPU; the others carry on");
	arch_cpu_park();
}
