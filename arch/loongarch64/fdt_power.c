/*
 * Power-off and reboot for a zone's kernel through its device tree: the
 * board's power registers (QEMU virt: the ACPI GED sleep control and reset
 * bytes, emulated per zone by ged.c) as a "syscon" with 8-bit registers,
 * and the generic syscon-poweroff / syscon-reboot nodes writing the values
 * ged.c acts on: SLP_TYP = 5 (S5) | SLP_EN at offset 0, 0x42 at offset 2.
 * QEMU's own tree has none, so a Linux zone's `poweroff` would only halt.
 */
#include "arch/loongarch64/board.h"
#include "arch/loongarch64/legacy_io.h"
#include "cvisor/fdt_zone.h"
#include "lib/printf.h"

#include <libfdt.h>

#define GED_POWEROFF_VALUE 0x34 /* SLP_EN [5] | SLP_TYP [4:2] = 5 */
#define GED_RESET_VALUE	   0x42

static int add_action(void *fdt, const char *name, const char *compatible,
		      u32 regmap, u32 offset, u32 value)
{
	int node = fdt_add_subnode(fdt, 0, name), err;

	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", compatible);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "regmap", regmap);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "offset", offset);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "value", value);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "mask", 0xff);
	return err;
}

int la_fdt_add_power(void *fdt)
{
	char name[40];
	u32 phandle;
	int node, err;

	cv_snprintf(name, sizeof(name), "power-controller@%llx",
		    (unsigned long long)pa_addr(board_ged_base()));
	err = fdt_generate_phandle(fdt, &phandle);
	if (err)
		return err;
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "compatible", "syscon");
	if (!err)
		err = fdt_appendprop_addrrange(fdt, 0, node, "reg",
					       pa_addr(board_ged_base()),
					       BOARD_GED_SIZE);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "reg-io-width", 1);
	if (!err)
		err = fdt_setprop_u32(fdt, node, "phandle", phandle);
	if (!err)
		err = add_action(fdt, "poweroff", "syscon-poweroff", phandle,
				 BOARD_GED_SLEEP_CTL, GED_POWEROFF_VALUE);
	if (!err)
		err = add_action(fdt, "reboot", "syscon-reboot", phandle,
				 BOARD_GED_RESET, GED_RESET_VALUE);
	return err;
}
