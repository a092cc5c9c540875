/* Which GIC the zone sees: PIDR2.ArchRev of the (emulated) distributor. */
#include "hostile.h"

#define GICD_PIDR2_V3	 0xffe8
#define GICD_PIDR2_V2	 0x0fe8
#define PIDR2_ARCHREV(v) (((v) >> 4) & 0xf)

/* PIDR2 is at 0xffe8 on v3 but 0xfe8 on a 4 KiB v2 distributor. */
static bool probe_read32(uintptr_t addr, uint32_t *val)
{
	struct fault f;

	guard_begin();
	*val = mmio_read32(addr);
	return !guard_end(&f);
}

int gic_detect(void)
{
	uint32_t pidr2;

	if (probe_read32(GICD_BASE + GICD_PIDR2_V3, &pidr2) &&
	    PIDR2_ARCHREV(pidr2) >= 3)
		return 3;
	if (probe_read32(GICD_BASE + GICD_PIDR2_V2, &pidr2) &&
	    PIDR2_ARCHREV(pidr2) >= 1 && PIDR2_ARCHREV(pidr2) <= 2)
		return 2;
	return (read_sysreg(ID_AA64PFR0_EL1) >> 24) & 0xf ? 3 : 2;
}
