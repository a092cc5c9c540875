/* The arch interface's interrupt-controller half, on the GIC drivers. */
#include "arch/aarch64/trap.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/iommu/smmuv3.h"
#include "drivers/irqchip/vgic.h"
#include "drivers/pci/ecam_host.h"

const struct gic_ops *gic_ops;

/* The GIC, then the devices cvisor keeps behind it for DMA isolation: the
 * PCI host bridge and the SMMU (their SPIs need the distributor). */
int arch_irqchip_init_early(void)
{
	int err = gic_probe(platform.dtb);

	if (err)
		return err;
	gic_ops = gic.version == 3 ? &gicv3_ops : &gicv2_ops;
	err = gic_ops->init_dist();
	if (err)
		return err;
	/* Without them cvisor still runs, but config validation then refuses
	 * PCI functions (none on the platform, or no IOMMU to confine them). */
	if (pci_host_probe(platform.dtb))
		pr_warn("pci: host bridge unusable: no PCI function can be "
			"assigned");
	if (smmu_probe(platform.dtb))
		pr_warn("smmu: unusable: DMA is not confined");
	pci_host_publish();
	return 0;
}

void arch_irqchip_init_percpu(void)
{
	gic_ops->init_cpu();
}

/* Route and enable every SPI a zone owns to the zone's first CPU, and
 * cvisor's own SMMU event interrupt to this one. */
void arch_irqchip_init_late(void)
{
	smmu_irq_init();
	for (u32 z = 0; z < nr_zones; z++) {
		struct zone *zone = zones[z];

		for (u32 irq = GIC_FIRST_SPI; irq < gic.nr_irqs; irq++) {
			if (!zone_owns_irq(zone, irq))
				continue;
			gic_ops->route_spi(irq, zone->vcpus[0].pcpu);
			if (gic.version == 2)
				zone->arch.vgic->v2_targets[irq] = 1;
		}
	}
}

void arch_irqchip_send_ipi(u32 cpuid)
{
	gic_ops->send_sgi(cpuid, GIC_IPI_SGI);
}

u32 arch_irqchip_nr_irqs(void)
{
	return gic.nr_irqs;
}

u32 arch_irqchip_first_spi(void)
{
	return GIC_FIRST_SPI;
}

const char *arch_irqchip_name(void)
{
	return gic.version == 3 ? "GICv3" : "GICv2";
}

const char *arch_irqchip_irq_kind(void)
{
	return "SPI";
}

void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	vgic_inject_event(vcpu, arg);
}

void arch_zone_add_virq(struct zone *zone, u32 virq)
{
	vgic_add_virtual_spi(zone, virq);
}

void arch_irqchip_release(u32 irq)
{
	gic_ops->disable(irq);
}

void arch_irqchip_claim(u32 irq, u32 cpuid)
{
	if (irq >= GIC_FIRST_SPI)
		gic_ops->route_spi(irq, cpuid);
	gic_ops->enable(irq);
}

void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	vgic_set_level(zone, virq, level);
}

void irq_handle_all(void)
{
	for (;;) {
		u32 intid = gic_ops->ack();

		if (intid >= GIC_SPURIOUS)
			break;
		vgic_handle_irq(intid);
	}
}
