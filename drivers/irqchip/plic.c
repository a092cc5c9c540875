/*
 * The physical PLIC. cvisor takes supervisor external interrupts in
 * HS-mode: each hart's S-mode context (the one whose interrupts-extended
 * entry names the hart's interrupt controller with cause 9) gets the
 * sources its zone owns. A claimed source is forwarded to the owning
 * zone's virtual PLIC and completed only when the guest completes it, so
 * a level-triggered device stays masked in the gateway meanwhile.
 */
#include "drivers/irqchip/plic.h"

#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/plic_virt.h"
#include "lib/fdt_util.h"

#include <libfdt.h>

#define IRQ_S_EXT  9
#define NO_CONTEXT 0xffffffffu

static struct {
	uintptr_t base;
	u32 ndev;
	u32 s_context[MAX_CPUS]; /* by logical CPU */
	u32 route_cpu[PLIC_MAX_SOURCES];
	u32 hv_owned[PLIC_MAX_SOURCES / 32]; /* cvisor's own sources */
} plic;

static volatile u32 *reg(u64 off)
{
	return (volatile u32 *)(plic.base + off);
}

static int find_node(const void *dtb)
{
	int node = fdt_node_offset_by_compatible(dtb, -1, "riscv,plic0");

	if (node < 0)
		node =
		    fdt_node_offset_by_compatible(dtb, -1, "sifive,plic-1.0.0");
	return node;
}

/* interrupts-extended = <&hartN_intc cause>...: entry i is context i. */
static void map_contexts(const void *dtb, int node)
{
	int len;
	const fdt32_t *ie = fdt_getprop(dtb, node, "interrupts-extended", &len);

	for (u32 c = 0; c < MAX_CPUS; c++)
		plic.s_context[c] = NO_CONTEXT;
	for (int i = 0; ie && i < len / 8; i++) {
		int intc =
		    fdt_node_offset_by_phandle(dtb, fdt32_to_cpu(ie[2 * i]));
		int cpu = intc >= 0 ? fdt_parent_offset(dtb, intc) : -1;
		u64 hart, unused;
		int id;

		if (cpu < 0 || fdt32_to_cpu(ie[2 * i + 1]) != IRQ_S_EXT ||
		    fdt_get_reg(dtb, cpu, 0, &hart, &unused))
			continue;
		id = platform_cpu_by_hwid(hart);
		if (id >= 0)
			plic.s_context[id] = (u32)i;
	}
}

int plic_probe(const void *dtb)
{
	int node = find_node(dtb);
	const fdt32_t *ndev;
	u64 base, size;

	if (node < 0 || fdt_get_reg(dtb, node, 0, &base, &size))
		return -CV_ENOENT;
	ndev = fdt_getprop(dtb, node, "riscv,ndev", NULL);
	plic.base = (uintptr_t)base;
	plic.ndev = ndev ? fdt32_to_cpu(*ndev) : 31;
	if (plic.ndev >= PLIC_MAX_SOURCES)
		plic.ndev = PLIC_MAX_SOURCES - 1;
	map_contexts(dtb, node);
	return 0;
}

static void disable_context(u32 ctx)
{
	for (u32 w = 0; w <= plic.ndev / 32; w++)
		*reg(PLIC_ENABLE + ctx * PLIC_ENABLE_STRIDE + 4 * w) = 0;
}

int plic_init(void)
{
	for (u32 src = 1; src <= plic.ndev; src++)
		*reg(PLIC_PRIORITY + 4 * src) = 0;
	for (u32 c = 0; c < platform.nr_cpus; c++) {
		if (plic.s_context[c] == NO_CONTEXT)
			return -CV_ENOENT;
		disable_context(plic.s_context[c]);
	}
	return 0;
}

void plic_init_percpu(void)
{
	u32 ctx = plic.s_context[this_cpu()->id];

	*reg(PLIC_CONTEXT + ctx * PLIC_CONTEXT_STRIDE + PLIC_THRESHOLD) = 0;
}

void plic_route(u32 irq, u32 cpu)
{
	u32 ctx = plic.s_context[cpu];

	if (!irq || irq > plic.ndev)
		return;
	plic.route_cpu[irq] = cpu;
	*reg(PLIC_PRIORITY + 4 * irq) = 1;
	*reg(PLIC_ENABLE + ctx * PLIC_ENABLE_STRIDE + 4 * (irq / 32)) |=
	    1u << (irq % 32);
}

void plic_complete(u32 irq)
{
	u32 ctx = plic.s_context[plic.route_cpu[irq]];

	*reg(PLIC_CONTEXT + ctx * PLIC_CONTEXT_STRIDE + PLIC_CLAIM) = irq;
}

void plic_release(u32 irq)
{
	u32 ctx;

	if (!irq || irq > plic.ndev)
		return;
	ctx = plic.s_context[plic.route_cpu[irq]];
	*reg(PLIC_ENABLE + ctx * PLIC_ENABLE_STRIDE + 4 * (irq / 32)) &=
	    ~(1u << (irq % 32));
	*reg(PLIC_PRIORITY + 4 * irq) = 0;
	/* A completion of a source not in service is ignored (PLIC 1.0.0,
	 * 7.1): completing unconditionally drops a forwarded claim. The
	 * source must still be enabled for the completion to count. */
	*reg(PLIC_ENABLE + ctx * PLIC_ENABLE_STRIDE + 4 * (irq / 32)) |=
	    1u << (irq % 32);
	plic_complete(irq);
	*reg(PLIC_ENABLE + ctx * PLIC_ENABLE_STRIDE + 4 * (irq / 32)) &=
	    ~(1u << (irq % 32));
}

void plic_claim_for_hv(u32 irq, u32 cpu)
{
	if (!irq || irq > plic.ndev)
		return;
	plic.hv_owned[irq / 32] |= 1u << (irq % 32);
	plic_route(irq, cpu);
}

static struct zone *owner_of(u32 irq)
{
	for (u32 i = 0; i < nr_zones; i++) {
		if (zone_owns_irq(zones[i], irq))
			return zones[i];
	}
	return NULL;
}

void plic_handle_irqs(void)
{
	u32 ctx = plic.s_context[this_cpu()->id];
	volatile u32 *claim =
	    reg(PLIC_CONTEXT + ctx * PLIC_CONTEXT_STRIDE + PLIC_CLAIM);

	for (;;) {
		u32 irq = *claim;
		struct zone *zone;

		if (!irq)
			break;
		if (irq <= plic.ndev &&
		    plic.hv_owned[irq / 32] & (1u << (irq % 32))) {
			hv_irq_handle(irq);
			*claim = irq;
			continue;
		}
		zone = irq <= plic.ndev ? owner_of(irq) : NULL;
		if (zone) {
			vplic_forward_hw(zone, irq);
		} else {
			pr_warn("plic: interrupt %u owned by no zone", irq);
			*claim = irq;
		}
	}
}

u32 plic_nr_irqs(void)
{
	return plic.ndev + 1;
}
