/*
 * The arch contract (cvisor/arch.h) on the host, for unit tests: every
 * hook, each doing what the test can observe (arch/fake/fake.h).
 */
#include "arch/fake/fake.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/percpu.h"
#include "cvisor/vcpu.h"
#include "cvisor/zone.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

enum { STEP_RUN, STEP_AGAIN, STEP_STOP };

/* A simulated CPU: where its current step returns to. */
struct fake_cpu {
	jmp_buf step;
	bool stepping; /* a step of this CPU is on the stack */
	u32 waits;     /* arch_wait_interrupt() calls in this step */
};

struct fake_machine fake;
static struct fake_cpu cpus[MAX_CPUS];

/* The image bounds the linker gives a real build (core/memory.c). */
char __hv_start[1], __hv_end[1];

static _Noreturn void end_step(int how)
{
	struct fake_cpu *f = &cpus[fake.current];

	if (!f->stepping) {
		fprintf(stderr,
			"arch/fake: cpu%u left its flow outside "
			"fake_cpu_step()\n",
			fake.current);
		abort();
	}
	longjmp(f->step, how);
}

void fake_set_cpu(u32 cpu)
{
	fake.current = cpu;
}

void fake_cpu_step(u32 cpu)
{
	struct fake_cpu *f = &cpus[cpu];
	u32 caller = fake.current;

	if (f->stepping)
		return; /* it is the one waiting for the others */
	f->stepping = true;
	fake.current = cpu;
	f->waits = 0;
	if (setjmp(f->step) != STEP_STOP)
		vcpu_run_loop(); /* and again after arch_call_on_fresh_stack */
	f->stepping = false;
	fake.current = caller;
}

struct vcpu *fake_in_guest(u32 cpu)
{
	struct vcpu *v = percpus[cpu].vcpu;

	return v && v->state == VCPU_ON ? v : NULL;
}

/* --- CPU --------------------------------------------------------------- */

void arch_install_trap_vector(void)
{
}

bool arch_hw_virt_supported(char *why, size_t len)
{
	(void)why;
	(void)len;
	return true;
}

int arch_cpu_start(u32 cpuid, u64 hwid)
{
	(void)hwid;
	return cpuid < MAX_CPUS ? 0 : -CV_EINVAL;
}

void arch_set_this_cpu(struct percpu *cpu)
{
	fake.current = cpu->id;
}

struct percpu *this_cpu(void)
{
	return &percpus[fake.current];
}

/* While this CPU waits, every other CPU with an event takes its step. */
void arch_cpu_relax(void)
{
	for (u32 c = 0; c < MAX_CPUS; c++) {
		if (c != fake.current && percpus[c].events.count)
			fake_cpu_step(c);
	}
}

void arch_wait_event(void)
{
	arch_cpu_relax();
}

void arch_send_event(void)
{
}

/* The first wait of a step lets the run loop take its events; the next
 * one means the CPU has nothing left to do: the step ends. */
void arch_wait_interrupt(void)
{
	if (cpus[fake.current].waits++)
		end_step(STEP_STOP);
}

_Noreturn void arch_call_on_fresh_stack(void (*fn)(void))
{
	if (fn != vcpu_run_loop) {
		fprintf(stderr, "arch/fake: only vcpu_run_loop restarts\n");
		abort();
	}
	end_step(STEP_AGAIN);
}

_Noreturn void arch_cpu_park(void)
{
	end_step(STEP_STOP);
}

_Noreturn void arch_system_off(void)
{
	fake.powered_off++;
	end_step(STEP_STOP);
}

_Noreturn void arch_system_reset(void)
{
	fake.resets++;
	end_step(STEP_STOP);
}

int arch_map_hv_memory(paddr_t base, u64 size, bool device)
{
	(void)device;
	return size && pa_addr(base) + size > pa_addr(base) ? 0 : -CV_ERANGE;
}

void arch_dcache_clean(const void *va, u64 size)
{
	(void)va;
	(void)size;
}

/* --- virtualization ---------------------------------------------------- */

void arch_virt_enable_percpu(struct percpu *cpu)
{
	(void)cpu;
}

const struct pt_format *arch_stage2_format(void)
{
	return &fake_stage2_format;
}

unsigned arch_stage2_ipa_bits(void)
{
	return FAKE_IPA_BITS;
}

void arch_stage2_flush(struct zone *zone, ipa_t ipa, u64 size)
{
	(void)ipa;
	(void)size;
	zone->arch.flushes++;
}

int arch_zone_init(struct zone *zone)
{
	zone->arch.ready = true;
	return 0;
}

void arch_zone_destroy(struct zone *zone)
{
	zone->arch.ready = false;
}

/* No DMA-capable devices on the host's fake arch. */
void arch_zone_stopped(struct zone *zone)
{
	(void)zone;
}

void arch_vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg)
{
	vcpu->arch.entry = entry;
	vcpu->arch.arg = arg;
	vcpu->arch.resets++;
}

/* The guest runs: the step ends until an event brings the CPU back. */
_Noreturn void arch_vcpu_run(struct vcpu *vcpu)
{
	vcpu->arch.entries++;
	end_step(STEP_STOP);
}

void arch_vcpu_quiesce(struct vcpu *vcpu)
{
	vcpu->arch.quiesced++;
}

/* --- interrupt controller --------------------------------------------- */

int arch_irqchip_init_early(void)
{
	return 0;
}

void arch_irqchip_init_percpu(void)
{
}

void arch_irqchip_init_late(void)
{
}

void arch_irqchip_send_ipi(u32 cpuid)
{
	percpus[cpuid].arch.ipis++;
}

u32 arch_irqchip_nr_irqs(void)
{
	return FAKE_IRQS;
}

u32 arch_irqchip_first_spi(void)
{
	return FAKE_FIRST_SPI;
}

const char *arch_irqchip_name(void)
{
	return "fake";
}

const char *arch_irqchip_irq_kind(void)
{
	return "SPI"; /* numbered like a GIC's (FAKE_FIRST_SPI) */
}

void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	vcpu->arch.injected = arg;
}

void arch_zone_add_virq(struct zone *zone, u32 virq)
{
	(void)virq;
	zone->arch.virqs++;
}

void arch_irqchip_release(u32 irq)
{
	if (irq < FAKE_IRQS)
		fake.released[irq]++;
}

void arch_irqchip_claim(u32 irq, u32 cpuid)
{
	(void)cpuid;
	if (irq < FAKE_IRQS)
		fake.claimed[irq]++;
}

void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	u64 bit = 1ull << (virq % 64);

	if (virq >= 128)
		return;
	if (level) {
		zone->arch.level[virq / 64] |= bit;
		zone->arch.raised++;
	} else {
		zone->arch.level[virq / 64] &= ~bit;
	}
}

/* The fake machine's device tree names no interrupt cvisor decodes. */
int arch_irqchip_fdt_irq(const void *fdt, int node, u32 *irq)
{
	(void)fdt;
	(void)node;
	(void)irq;
	return -CV_ENOSYS;
}

/* --- zone device tree -------------------------------------------------- */

int arch_fdt_copy_node(struct arch_fdt_copy *a, const void *platform_dtb,
		       const struct zone *zone,
		       const struct fdt_raw_node *parent,
		       const struct fdt_raw_node *node,
		       struct fdt_copy_node *out)
{
	(void)a, (void)platform_dtb, (void)zone, (void)parent, (void)node;
	(void)out;
	return 0; /* everything is done on the copy (arch_fdt_fixup) */
}

int arch_fdt_fixup(void *fdt, struct zone *zone, const struct arch_fdt_copy *a)
{
	(void)a;
	(void)fdt;
	(void)zone;
	return 0;
}
