/*
 * The riscv64 part of a zone's device tree (after core/fdt_zone.c kept
 * the zone's harts, renumbered as vCPUs, and its devices):
 *  - riscv,isa without 'h': the guest runs in VS-mode, with no H;
 *  - the PLIC's interrupts-extended names the zone's harts only, in the
 *    layout the virtual PLIC emulates (context 2n = vCPU n's M-mode,
 *    2n + 1 = its S-mode);
 *  - the emulated console's node raises the console's interrupt;
 *  - no syscon power-off/reboot nodes (QEMU's test device stays out).
 */
#include "cvisor/fdt_zone.h"
#include "cvisor/zone.h"
#include "lib/fdt_util.h"
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
			return fdt_setprop_u32(fdt, node, "interrupts",
					       con->irq);
	}
	return 0;
}

int arch_fdt_fixup(void *fdt, struct zone *zone)
{
	int err = fix_harts(fdt);

	if (!err)
		err = fix_plic(fdt, zone);
	if (!err)
		err = fix_console(fdt, zone);
	if (!err)
		err = drop_syscon_resets(fdt);
	return err;
}
