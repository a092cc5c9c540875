/* The arch interface's interrupt-controller half: the physical PLIC for
 * devices, SBI IPIs (supervisor software interrupts) for cvisor's own
 * events, and each zone's virtual PLIC. */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/sbi.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/percpu.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/plic_virt.h"

int arch_irqchip_init_early(void)
{
	int err = plic_probe(platform.dtb);

	return err ? err : plic_init();
}

void arch_irqchip_init_percpu(void)
{
	plic_init_percpu();
}

/* Every source a zone owns goes to the CPU of the zone's first vCPU. */
void arch_irqchip_init_late(void)
{
	for (u32 z = 0; z < nr_zones; z++) {
		for (u32 irq = 1; irq < plic_nr_irqs(); irq++) {
			if (zone_owns_irq(zones[z], irq))
				plic_route(irq, zones[z]->vcpus[0].pcpu);
		}
	}
}

/* SBI IPI: hart_mask bit 0 with hart_mask_base = the target's hartid. */
void arch_irqchip_send_ipi(u32 cpuid)
{
	sbi_call(SBI_EXT_IPI, 0, 1, percpu_get(cpuid)->hwid, 0, 0);
}

u32 arch_irqchip_nr_irqs(void)
{
	return plic_nr_irqs();
}

u32 arch_irqchip_first_spi(void)
{
	return 1; /* PLIC source 0 does not exist */
}

const char *arch_irqchip_name(void)
{
	return "PLIC";
}

/* EVENT_INJECT_IRQ carries the VS interrupt: software (an SBI IPI from
 * another vCPU) is raised; external is recomputed from the vPLIC. */
void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	if (arg == IRQ_VS_SOFT)
		csr_set(CSR_HVIP, BIT(IRQ_VS_SOFT));
	else if (arg == IRQ_VS_EXT)
		vplic_vcpu_update(vcpu);
}

/* Every PLIC source id below the vPLIC's count exists in every zone's
 * virtual PLIC, emulated or forwarded: nothing to declare. */
void arch_zone_add_virq(struct zone *zone, u32 virq)
{
	(void)zone;
	(void)virq;
}

void arch_irqchip_release(u32 irq)
{
	plic_release(irq);
}

void arch_irqchip_claim(u32 irq, u32 cpuid)
{
	plic_claim_for_hv(irq, cpuid);
}

void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	vplic_set_level(zone, virq, level);
}
