/*
 * Interrupt-line bookkeeping the core asks of every arch. On loongarch64
 * cvisor drives no external interrupt controller yet (EIOINTC, PCH-PIC):
 * arch_irqchip_nr_irqs() is 0, so no physical line can be owned by a zone
 * or claimed by cvisor, and emulated devices' lines are the guest's
 * HWI0-7, driven through GINTC.HWIS (virt.c).
 */
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

/* Lines 0-7 exist (HWI0-7 of the guest); anything else cannot be raised. */
void arch_zone_add_virq(struct zone *zone, u32 virq)
{
	if (virq > 7)
		pr_warn("zone %u: virtual interrupt %u: only HWI0-7 (0-7) "
			"exist on loongarch64",
			zone->id, virq);
}

/* No physical line is ever delivered to a zone: nothing to release. */
void arch_irqchip_release(u32 irq)
{
	(void)irq;
}

/* No external controller is driven, so the line cannot reach cvisor. */
void arch_irqchip_claim(u32 irq, u32 cpuid)
{
	pr_warn("irq %u for cpu%u: no EIOINTC/PCH-PIC driver on loongarch64, "
		"not routed",
		irq, cpuid);
}

/* No EIOINTC/PCH-PIC: the UART's interrupt cannot be decoded or taken, so
 * no console input on loongarch64 (console_input_init says so). */
int arch_irqchip_fdt_irq(const void *fdt, int node, u32 *irq)
{
	(void)fdt;
	(void)node;
	(void)irq;
	return -CV_ENOSYS;
}
