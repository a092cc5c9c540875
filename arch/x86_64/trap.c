/*
 * The hypervisor's IDT and what happens on an interrupt or exception
 * taken in the hypervisor itself (not in a guest: those are VM exits).
 */
#include "arch/x86_64/cpu_tables.h"
#include "arch/x86_64/entry.h"
#include "arch/x86_64/x86.h"
#include "cvisor/console.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/lapic.h"

/* Registers saved by vectors.S, lowest address first. */
struct irq_frame {
	u64 rax, rcx, rdx, rbx, rbp, rsi, rdi;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* vectors 0-31, VEC_IRQ_BASE + 0..NR_IRQ_VECS-1, VEC_IPI, VEC_SPURIOUS */

/* 64-bit interrupt gate (SDM 6.14.1): offset[15:0], selector at 16,
 * type 0xe at 40, P at 47, offset[31:16] at 48; offset[63:32] next. */
static u64 idt[256][2] __attribute__((aligned(16)));

static void set_gate(u32 vec, u64 handler)
{
	idt[vec][0] = FIELD_PREP(15, 0, handler) |
		      FIELD_PREP(31, 16, SEL_CODE64) | FIELD_PREP(43, 40, 0xe) |
		      BIT(47) | FIELD_PREP(63, 48, handler >> 16);
	idt[vec][1] = handler >> 32;
}

static void idt_build(void)
{
	for (u32 v = 0; v < 32; v++)
		set_gate(v, trap_stubs[v]);
	for (u32 i = 0; i < NR_IRQ_VECS; i++)
		set_gate(VEC_IRQ_BASE + i, trap_stubs[32 + i]);
	set_gate(VEC_IPI, trap_stubs[32 + NR_IRQ_VECS]);
	set_gate(VEC_SPURIOUS, trap_stubs[33 + NR_IRQ_VECS]);
}

u64 idt_base(void)
{
	return (u64)(uintptr_t)idt;
}

void idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) ptr = {sizeof(idt) - 1, idt_base()};

	if (!idt[0][0])
		idt_build(); /* identical on every CPU: a race is harmless */
	__asm__ volatile("lidt %0" ::"m"(ptr) : "memory");
}

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved 15",
    "#MF x87 error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD error",
    "#VE virtualization",
    "#CP control protection",
};

static _Noreturn void hv_exception(const struct irq_frame *f)
{
	const char *name = exception_names[f->vector];

	pr_err("unexpected exception in cvisor: vector %llu (%s) error 0x%llx",
	       (unsigned long long)f->vector, name ? name : "reserved",
	       (unsigned long long)f->error);
	pr_err("  RIP=0x%016llx CS=0x%llx RFLAGS=0x%llx RSP=0x%016llx "
	       "CR2=0x%llx",
	       (unsigned long long)f->rip, (unsigned long long)f->cs,
	       (unsigned long long)f->rflags, (unsigned long long)f->rsp,
	       (unsigned long long)read_cr2());
	pr_err("  RAX=0x%016llx RBX=0x%016llx RCX=0x%016llx RDX=0x%016llx",
	       (unsigned long long)f->rax, (unsigned long long)f->rbx,
	       (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	pr_err("  RSI=0x%016llx RDI=0x%016llx RBP=0x%016llx R8 =0x%016llx",
	       (unsigned long long)f->rsi, (unsigned long long)f->rdi,
	       (unsigned long long)f->rbp, (unsigned long long)f->r8);
	pr_err("  R9 =0x%016llx R10=0x%016llx R11=0x%016llx R12=0x%016llx",
	       (unsigned long long)f->r9, (unsigned long long)f->r10,
	       (unsigned long long)f->r11, (unsigned long long)f->r12);
	pr_err("  R13=0x%016llx R14=0x%016llx R15=0x%016llx",
	       (unsigned long long)f->r13, (unsigned long long)f->r14,
	       (unsigned long long)f->r15);
	pr_err("stopping this CPU; the others carry on");
	arch_cpu_park();
}

/* An interrupt vector, in the hypervisor or from a VM exit: cvisor's
 * IPI (its work is done by the caller: event_process_all), an IOAPIC pin
 * cvisor claimed (core/irq.c's handler), or a spurious one (no EOI, SDM
 * 10.9). */
void x86_handle_vector(u32 vector)
{
	if (vector == VEC_SPURIOUS)
		return;
	if (vector >= VEC_IRQ_BASE && vector < VEC_IRQ_BASE + NR_IRQ_VECS &&
	    !hv_irq_handle(vector - VEC_IRQ_BASE))
		pr_warn("interrupt vector 0x%x without a handler", vector);
	lapic_eoi();
}

void x86_trap(struct irq_frame *f)
{
	if (f->vector < 32)
		hv_exception(f);
	x86_handle_vector((u32)f->vector);
}
