/*
 * The arch interface's interrupt-controller half: the local APICs (IPIs,
 * EOI) and the I/O APIC (every pin masked: no device interrupt is given
 * to a zone yet), both found in the DTB. The legacy 8259 PICs are masked
 * for good.
 */
#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/ioapic.h"
#include "drivers/irqchip/lapic.h"
#include "lib/fdt_util.h"

#include <libfdt.h>

#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

static u32 nr_pins;

static int dtb_reg(const char *compatible, paddr_t *base)
{
	int node = fdt_node_offset_by_compatible(platform.dtb, -1, compatible);
	u64 b, size;

	if (node < 0 || fdt_get_reg(platform.dtb, node, 0, &b, &size))
		return -CV_ENOENT;
	*base = pa_init(b);
	return 0;
}

int arch_irqchip_init_early(void)
{
	paddr_t lapic, ioapic;
	int pins;

	outb(PIC1_DATA, 0xff); /* OCW1: mask all eight lines of each 8259 */
	outb(PIC2_DATA, 0xff);
	if (dtb_reg("intel,ce4100-lapic", &lapic) ||
	    dtb_reg("intel,ce4100-ioapic", &ioapic))
		return -CV_ENOENT;
	if (lapic_init_early(lapic))
		return -CV_EINVAL;
	pins = ioapic_init(ioapic);
	if (pins < 0)
		return pins;
	nr_pins = (u32)pins;
	pr_info("init_early: LAPIC at 0x%llx, IOAPIC at 0x%llx with %u pins "
		"(all masked), 8259 PICs masked",
		(unsigned long long)pa_addr(lapic),
		(unsigned long long)pa_addr(ioapic), nr_pins);
	return 0;
}

void arch_irqchip_init_percpu(void)
{
	lapic_init_percpu();
}

/* Zones own no device interrupt on x86 yet (arch_zone_init refuses
 * them), so there is nothing to route. */
void arch_irqchip_init_late(void)
{
}

void arch_irqchip_send_ipi(u32 cpuid)
{
	lapic_send_ipi((u32)percpu_get(cpuid)->hwid, VEC_IPI);
}

u32 arch_irqchip_nr_irqs(void)
{
	return nr_pins;
}

u32 arch_irqchip_first_spi(void)
{
	return 0; /* every IOAPIC pin could be given to a zone */
}

const char *arch_irqchip_name(void)
{
	return "LAPIC+IOAPIC";
}

const char *arch_irqchip_irq_kind(void)
{
	return "IOAPIC pin";
}

void arch_irqchip_release(u32 irq)
{
	if (irq < nr_pins)
		ioapic_mask(irq);
}

/* IOAPIC pin irq -> vector VEC_IRQ_BASE + irq on cpuid (x86_handle_vector
 * hands it to core/irq.c). */
void arch_irqchip_claim(u32 irq, u32 cpuid)
{
	if (irq < nr_pins && irq < NR_IRQ_VECS)
		ioapic_route(irq, (u32)percpu_get(cpuid)->hwid,
			     (u8)(VEC_IRQ_BASE + irq));
	else
		pr_warn("IOAPIC pin %u cannot be claimed", irq);
}

/* Emulated devices drive the zone's virtual IOAPIC pins (vapic.c); a
 * shared-memory doorbell is not wired to one yet: a zone asking for one
 * is told so. */
void arch_zone_add_virq(struct zone *zone, u32 virq)
{
	pr_warn("zone %u: virtual interrupt %u not delivered: x86 zones get "
		"only their COM port's interrupt (IOAPIC pin 4)",
		zone->id, virq);
}

/* x86 DT nodes name their IOAPIC pin in one cell: interrupts = <pin>. */
int arch_irqchip_fdt_irq(const void *fdt, int node, u32 *irq)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || len < 4)
		return -CV_ENOENT;
	*irq = fdt32_to_cpu(*p);
	return 0;
}
