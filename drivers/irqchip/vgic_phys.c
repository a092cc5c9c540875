/* MMIO to the physical GIC on behalf of the emulation (vgic_phys.h). */
#include "drivers/irqchip/vgic_phys.h"

#include "cvisor/percpu.h"
#include "drivers/irqchip/gic.h"

#define GICR_SGI_BASE 0x10000

static u32 read_sized(paddr_t base, u64 off, u32 size)
{
	return size == 1 ? mmio_read8(base, off) : mmio_read32(base, off);
}

static void write_sized(paddr_t base, u64 off, u32 size, u32 val)
{
	if (size == 1)
		mmio_write8(base, off, (u8)val);
	else
		mmio_write32(base, off, val);
}

static paddr_t sgi_frame(u32 pcpu)
{
	return pa_add(percpu_get(pcpu)->arch.gicr, GICR_SGI_BASE);
}

u32 vgic_phys_dist_read(u64 off, u32 size)
{
	return read_sized(gic.gicd, off, size);
}

void vgic_phys_dist_write(u64 off, u32 size, u32 val)
{
	write_sized(gic.gicd, off, size, val);
}

u32 vgic_phys_rd_read(u64 off)
{
	return mmio_read32(gic.gicr, off);
}

u32 vgic_phys_sgi_read(u32 pcpu, u64 off, u32 size)
{
	return read_sized(sgi_frame(pcpu), off, size);
}

void vgic_phys_sgi_write(u32 pcpu, u64 off, u32 size, u32 val)
{
	write_sized(sgi_frame(pcpu), off, size, val);
}
