/* Configuration space accesses: ECAM, bus 0 (bdf << 12 + register). */
#include "dma.h"

static uintptr_t cfg(uint32_t bdf, uint32_t reg)
{
	return ECAM_BASE + ((uintptr_t)bdf << 12) + reg;
}

uint32_t pci_read32(uint32_t bdf, uint32_t reg)
{
	return mmio_read32(cfg(bdf, reg));
}

void pci_write32(uint32_t bdf, uint32_t reg, uint32_t v)
{
	mmio_write32(cfg(bdf, reg), v);
}
