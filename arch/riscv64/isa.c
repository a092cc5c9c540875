/*
 * What the harts implement, from the DTB: riscv,isa is
 * "rv64" + single-letter extensions, then "_"-separated multi-letter ones
 * ("rv64imafdch_zicsr_zifencei_..._sstc"), and the timebase frequency.
 */
#include "arch/riscv64/riscv.h"

#include "lib/fdt_util.h"
#include "lib/string.h"

#include <libfdt.h>

static const char *first_isa(const void *dtb)
{
	int cpus = fdt_path_offset(dtb, "/cpus");
	int node;

	if (cpus < 0)
		return NULL;
	fdt_for_each_subnode(node, dtb, cpus)
	{
		const char *isa = fdt_getprop(dtb, node, "riscv,isa", NULL);

		if (isa)
			return isa;
	}
	return NULL;
}

static bool has_letter(const char *isa, char letter)
{
	if (strncmp(isa, "rv64", 4))
		return false;
	for (isa += 4; *isa && *isa != '_'; isa++) {
		if (*isa == letter)
			return true;
	}
	return false;
}

static bool has_multi(const char *isa, const char *ext)
{
	size_t n = strlen(ext);

	for (const char *p = strchr(isa, '_'); p; p = strchr(p + 1, '_')) {
		if (!strncmp(p + 1, ext, n) && (p[1 + n] == '_' || !p[1 + n]))
			return true;
	}
	return false;
}

bool riscv_isa_has(const void *dtb, char letter, const char *ext)
{
	const char *isa = dtb ? first_isa(dtb) : NULL;

	if (!isa)
		return false;
	if (letter && !has_letter(isa, letter))
		return false;
	return !ext || has_multi(isa, ext);
}

bool riscv_has_sstc(void)
{
	static int sstc = -1;

	if (sstc < 0)
		sstc = riscv_isa_has(platform.dtb, 0, "sstc");
	return sstc;
}

u64 riscv_timebase_hz(const void *dtb)
{
	int cpus = fdt_path_offset(dtb, "/cpus");
	const fdt32_t *v;
	int len;

	if (cpus < 0)
		return 0;
	v = fdt_getprop(dtb, cpus, "timebase-frequency", &len);
	return v && len == 4 ? fdt32_to_cpu(*v) : 0;
}
