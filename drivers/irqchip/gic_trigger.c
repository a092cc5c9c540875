/* Edge or level: the trigger of an SPI cvisor keeps for itself. */
#include "drivers/irqchip/gic.h"

/*
 * GICD_ICFGR<n> (IHI 0069 12.9.9, the same on GICv2): two bits per
 * interrupt, 16 per register; Int_config[1] (the upper bit) set means
 * edge-triggered. Called before the interrupt is enabled.
 */
void gic_set_edge_triggered(u32 intid)
{
	u64 reg = GICD_ICFGR + 4 * (intid / 16);
	u32 bit = 1u << (2 * (intid % 16) + 1);

	mmio_write32(gic.gicd, reg, mmio_read32(gic.gicd, reg) | bit);
}
