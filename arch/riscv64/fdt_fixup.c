/*
 * The riscv64 part of a zone's device tree (after core/fdt_zone.c kept
 * the zone's harts, renumbered as vCPUs, and its devices):
 *  - riscv,isa without 'h': the guest runs in VS-mode, with no H;
 *  - the PLIC's interrupts-extended names the zone's harts only, in the
 *    layout the virtual PLIC emulates (context 2n = vCPU n's M-mode,
 *    2n + 1 = its S-mode);
 *  - AIA: an IMSIC node with one S-level file per vCPU (the pages that
 *    map its guest interrupt files), the MSI parent of the virtual APLIC
 *    domain, which stays at the physical domain's address;
 *  - the emulated console's node raises the console's interrupt;
 *  - no syscon power-off/reboot nodes (QEMU's test device stays out).
 */
#include "arch/riscv64/riscv.h"
#include "cvisor/arch.h"
#include "cvisor/fdt_zone.h"
#include "drivers/irqchip/aplic.h"
#include "cvisor/zone.h"
#include "lib/fdt_util.h"
#include "lib/printf.h"
#include "lib/string.h"

#include <libfdt.h>

#define IRQ_M_EXT 11
#define IRQ_S_EXT 9
#define ISA_MAX	  256

static int strip_h(void *fdt, int cpu)
{
	const char *isa = fdt_getprop(fdt, cpu, "riscv,isa", NULL);
	char out[ISA_MAX];
	size_t n = 0;
	bool base = true;

	if (!isa || strlen(isa) >= ISA_MAX || strncmp(isa, "rv64", 4))
		return 0;
	for (size_t i = 0; isa[i]; i++) {
		if (isa[i] == '_')
			base = false;
		if (!(base && i >= 4 && isa[i] == 'h'))
			out[n++] = isa[i];
	}
	out[n] = '\0';
	return fdt_setprop_string(fdt, cpu, "riscv,isa", out);
}

/* The phandle of vCPU v's interrupt controller, 0 when absent. */
static u32 intc_of(const void *fdt, int cpus, u32 v)
{
	int cpu;

	fdt_for_each_subnode(cpu, fdt, cpus)
	{
		const fdt32_t *reg = fdt_getprop(fdt, cpu, "reg", NULL);
		int intc;

		if (!reg || fdt32_to_cpu(*reg) != v)
			continue;
		intc = fdt_subnode_offset(fdt, cpu, "interrupt-controller");
		return intc >= 0 ? fdt_get_phandle(fdt, intc) : 0;
	}
	return 0;
}

static int fix_harts(void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), cpu, err;

	if (cpus < 0)
		return cpus;
	fdt_for_each_subnode(cpu, fdt, cpus)
	{
		err = strip_h(fdt, cpu);
		if (err)
			return err;
	}
	return 0;
}

static int fix_plic(void *fdt, const struct zone *zone)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	int cpus = fdt_path_offset(fdt, "/cpus");
	fdt32_t ie[4 * MAX_CPUS];

	if (node < 0 || cpus < 0)
		return 0;
	for (u32 v = 0; v < zone->nr_vcpus; v++) {
		u32 intc = intc_of(fdt, cpus, v);

		if (!intc)
			return -FDT_ERR_NOTFOUND;
		ie[4 * v] = cpu_to_fdt32(intc);
		ie[4 * v + 1] = cpu_to_fdt32(IRQ_M_EXT);
		ie[4 * v + 2] = cpu_to_fdt32(intc);
		ie[4 * v + 3] = cpu_to_fdt32(IRQ_S_EXT);
	}
	return fdt_setprop(fdt, node, "interrupts-extended", ie,
			   (int)(4 * zone->nr_vcpus * sizeof(fdt32_t)));
}

/* The zone's IMSIC: page v at imsic_base() is vCPU v's file (its guest
 * file, mapped by aplic_virt.c); no guest files of its own. The node
 * takes the phandle the virtual APLIC's msi-parent names (the platform's
 * S-level IMSIC node, dropped as a device the zone does not own). */
static int add_imsic(void *fdt, const struct zone *zone)
{
	int soc = fdt_path_offset(fdt, "/soc"), cpus, aplic, node, err;
	const fdt32_t *parent;
	fdt32_t ie[2 * MAX_CPUS];
	char name[32];
	u32 phandle;

	cpus = fdt_path_offset(fdt, "/cpus");
	if (soc < 0 || cpus < 0)
		return -FDT_ERR_NOTFOUND;
	for (u32 v = 0; v < zone->nr_vcpus; v++) {
		u32 intc = intc_of(fdt, cpus, v);

		if (!intc)
			return -FDT_ERR_NOTFOUND;
		ie[2 * v] = cpu_to_fdt32(intc);
		ie[2 * v + 1] = cpu_to_fdt32(IRQ_S_EXT);
	}
	aplic = fdt_node_offset_by_compatible(fdt, -1, "riscv,aplic");
	parent =
	    aplic >= 0 ? fdt_getprop(fdt, aplic, "msi-parent", NULL) : NULL;
	phandle = parent ? fdt32_to_cpu(*parent) : 0;
	if (!phandle || fdt_node_offset_by_phandle(fdt, phandle) >= 0) {
		err = fdt_generate_phandle(fdt, &phandle);
		if (err)
			return err;
	}
	cv_snprintf(name, sizeof(name), "imsics@%llx",
		    (unsigned long long)pa_addr(imsic_base()));
	node = fdt_add_subnode(fdt, soc, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", "riscv,imsics");
	if (!err)
		err = fdt_appendprop_addrrange(fdt, soc, node, "reg",
					       pa_addr(imsic_base()),
					       0x1000ull * zone->nr_vcpus);
	if (!err)
		err = fdt_setprop(fdt, node, "interrupts-extended", ie,
				  (int)(2 * zone->nr_vcpus * sizeof(fdt32_t)));
	if (!err)
		err =
		    fdt_setprop_u32(fdt, node, "riscv,num-ids", imsic_nr_ids());
	if (!err)
		err = fdt_setprop(fdt, node, "msi-controller", NULL, 0);
	if (!err)
		err = fdt_setprop(fdt, node, "interrupt-controller", NULL, 0);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "#interrupt-cells", 0);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "phandle", phandle);
	if (!err && aplic >= 0 && !parent) {
		aplic = fdt_node_offset_by_compatible(fdt, -1, "riscv,aplic");
		err = fdt_setprop_u32(fdt, aplic, "msi-parent", phandle);
	}
	return err;
}

/* syscon-poweroff/-reboot drive QEMU's test device, which a zone never
 * owns: the zone powers off and resets through SBI SRST instead. */
static int drop_syscon_resets(void *fdt)
{
	static const char *const compatibles[] = {"syscon-poweroff",
						  "syscon-reboot"};

	for (u32 i = 0; i < ARRAY_SIZE(compatibles); i++) {
		int node;

		while ((node = fdt_node_offset_by_compatible(
			    fdt, -1, compatibles[i])) >= 0) {
			int err = fdt_del_node(fdt, node);

			if (err)
				return err;
		}
	}
	return 0;
}

/* The node at the console's address gets the console's interrupt. */
static int fix_console(void *fdt, const struct zone *zone)
{
	const struct cv_console *con = &zone->cfg->console;
	int soc = fdt_path_offset(fdt, "/soc"), node;

	if (con->type == CV_CONSOLE_NONE || soc < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, soc)
	{
		u64 base, size;

		if (!fdt_get_reg(fdt, node, 0, &base, &size) &&
		    base == con->base)
			break;
	}
	if (node < 0)
		return 0;
	/* The APLIC's interrupt specifier adds the sense: level, high. */
	if (riscv_aia()) {
		fdt32_t irq[2] = {cpu_to_fdt32(con->irq), cpu_to_fdt32(4)};

		return fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq));
	}
	return fdt_setprop_u32(fdt, node, "interrupts", con->irq);
}

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
	int err = fix_harts(fdt);

	if (!err)
		err = fix_plic(fdt, zone);
	if (!err && riscv_aia())
		err = add_imsic(fdt, zone);
	if (!err)
		err = fix_console(fdt, zone);
	if (!err)
		err = drop_syscon_resets(fdt);
	return err;
}
