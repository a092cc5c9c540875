/*
 * The arch interface's interrupt-controller half, with two backends
 * chosen from the DTB:
 *  - PLIC: the physical PLIC for devices, each zone's virtual PLIC
 *    driving hvip.VSEIP;
 *  - AIA (QEMU -M virt,aia=aplic-imsic): the supervisor APLIC domain in
 *    MSI mode, each zone's virtual APLIC domain, and for every vCPU a
 *    guest interrupt file of its hart's IMSIC (hstatus.VGEIN).
 * cvisor's own events are SBI IPIs (supervisor software interrupts) with
 * the PLIC, MSIs into its S-level IMSIC file with the AIA.
 */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/riscv.h"
#include "arch/riscv64/sbi.h"
#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/aplic.h"
#include "drivers/irqchip/plic_virt.h"

#include <libfdt.h>

static bool aia;

bool riscv_aia(void)
{
	return aia;
}

static int aia_init(void)
{
	int err = imsic_probe(platform.dtb);

	if (err) {
		if (fdt_node_offset_by_compatible(platform.dtb, -1,
						  "riscv,aplic") >= 0)
			pr_err("init_early: an APLIC in direct mode, no IMSIC "
			       "(QEMU aia=aplic): cvisor needs the IMSIC's "
			       "guest files (aia=aplic-imsic)");
		else
			pr_err("init_early: neither a PLIC nor an S-level "
			       "IMSIC in the DTB");
		return err;
	}
	err = aplic_probe(platform.dtb, imsic_phandle());
	if (err) {
		pr_err("init_early: no APLIC domain in MSI mode beside the "
		       "IMSIC (QEMU: aia=aplic-imsic)");
		return err;
	}
	err = imsic_init();
	if (!err)
		err = aplic_init();
	if (!err)
		aia = true;
	return err;
}

int arch_irqchip_init_early(void)
{
	if (!plic_probe(platform.dtb))
		return plic_init();
	return aia_init();
}

void arch_irqchip_init_percpu(void)
{
	if (aia)
		imsic_init_percpu();
	else
		plic_init_percpu();
}

/* PLIC: every source a zone owns goes to the CPU of the zone's first
 * vCPU. AIA: a source becomes active when its zone configures it. */
void arch_irqchip_init_late(void)
{
	if (aia)
		return;
	for (u32 z = 0; z < nr_zones; z++) {
		for (u32 irq = 1; irq < plic_nr_irqs(); irq++) {
			if (zone_owns_irq(zones[z], irq))
				plic_route(irq, zones[z]->vcpus[0].pcpu);
		}
	}
}

/* An identity of cvisor's S-level file: its IPI, or a device interrupt
 * it keeps. A level source still asserted after its handler is pended
 * again (in MSI mode the APLIC sends one MSI per pending edge). */
static void aia_dispatch(u32 eiid)
{
	u32 src;

	if (eiid == IMSIC_EIID_IPI) {
		event_process_all();
		return;
	}
	src = aplic_hv_source(eiid);
	if (!src || !hv_irq_handle(src)) {
		pr_warn("imsic: identity %u with no handler in cvisor", eiid);
		return;
	}
	if (aplic_input(src))
		aplic_setipnum(src);
}

/* A supervisor external interrupt in cvisor: the PLIC's claims, or the
 * identities pending in cvisor's S-level IMSIC file. */
void riscv_handle_ext_irq(void)
{
	u32 eiid;

	if (!aia) {
		plic_handle_irqs();
		return;
	}
	while ((eiid = imsic_hv_claim()))
		aia_dispatch(eiid);
}

/* PLIC: an SBI IPI, hart_mask bit 0 with hart_mask_base = the target's
 * hartid (a trap to the firmware, which sets SSIP). AIA: an MSI written
 * straight into the target's S-level file. */
void arch_irqchip_send_ipi(u32 cpuid)
{
	if (aia)
		imsic_hv_send(cpuid, IMSIC_EIID_IPI);
	else
		sbi_call(SBI_EXT_IPI, 0, 1, percpu_get(cpuid)->hwid, 0, 0);
}

u32 arch_irqchip_nr_irqs(void)
{
	return aia ? aplic_nr_sources() : plic_nr_irqs();
}

u32 arch_irqchip_first_spi(void)
{
	return 1; /* PLIC and APLIC source 0 does not exist */
}

const char *arch_irqchip_name(void)
{
	return aia ? "AIA" : "PLIC";
}

/* The PLIC and the APLIC both number "interrupt sources" from 1. */
const char *arch_irqchip_irq_kind(void)
{
	return "interrupt source";
}

/* EVENT_INJECT_IRQ carries the VS interrupt: software (an SBI IPI from
 * another vCPU) is raised; external is recomputed from the vPLIC (AIA:
 * guest files interrupt the guest by themselves). */
void arch_vcpu_inject_event(struct vcpu *vcpu, u64 arg)
{
	if (arg == IRQ_VS_SOFT)
		csr_set(CSR_HVIP, BIT(IRQ_VS_SOFT));
	else if (arg == IRQ_VS_EXT && !aia)
		vplic_vcpu_update(vcpu);
}

/* A zone's virtual PLIC or APLIC domain has its own sources and those
 * its emulated devices drive, declared here; any other source is absent
 * (reads 0, ignores writes). */
void arch_zone_add_virq(struct zone *zone, u32 virq)
{
	if (aia)
		vaplic_declare_virq(zone, virq);
	else
		vplic_declare_virq(zone, virq);
}

void arch_irqchip_release(u32 irq)
{
	if (aia)
		aplic_release(irq);
	else
		plic_release(irq);
}

void arch_irqchip_claim(u32 irq, u32 cpuid)
{
	if (aia)
		aplic_claim_for_hv(irq, cpuid);
	else
		plic_claim_for_hv(irq, cpuid);
}

void arch_zone_set_irq_level(struct zone *zone, u32 virq, bool level)
{
	if (aia)
		vaplic_set_level(zone, virq, level);
	else
		vplic_set_level(zone, virq, level);
}

int riscv_zone_irqchip_init(struct zone *zone)
{
	return aia ? vaplic_zone_init(zone) : vplic_zone_init(zone);
}

void riscv_zone_irqchip_destroy(struct zone *zone)
{
	if (aia)
		vaplic_zone_destroy(zone);
	else
		vplic_zone_destroy(zone);
}

void riscv_vcpu_irqchip_reset(struct vcpu *vcpu)
{
	if (aia)
		vaplic_vcpu_reset(vcpu);
	else
		vplic_vcpu_reset(vcpu);
}

/* hstatus.VGEIN of a vCPU: its guest file under AIA, none with a PLIC. */
u64 riscv_vcpu_vgein(void)
{
	return aia ? FIELD_PREP(17, 12, imsic_guest_file()) : 0;
}
