/*
 * The physical GIC as cvisor drives it, version 2 or 3 chosen at run time
 * from the DTB. gicv2.c and gicv3.c each provide a struct gic_ops.
 */
#ifndef CVISOR_DRIVERS_GIC_H
#define CVISOR_DRIVERS_GIC_H

#include "cvisor/bits.h"
#include "cvisor/types.h"
#include "drivers/irqchip/vgic_lr.h"

/* Distributor registers common to GICv2 and GICv3 (IHI 0069, 12.9). */
#define GICD_CTLR	 0x000
#define GICD_TYPER	 0x004
#define GICD_IIDR	 0x008
#define GICD_IGROUPR	 0x080
#define GICD_ISENABLER	 0x100
#define GICD_ICENABLER	 0x180
#define GICD_ISPENDR	 0x200
#define GICD_ICPENDR	 0x280
#define GICD_ISACTIVER	 0x300
#define GICD_ICACTIVER	 0x380
#define GICD_IPRIORITYR	 0x400
#define GICD_ITARGETSR	 0x800 /* v2 */
#define GICD_ICFGR	 0xc00
#define GICD_IGRPMODR	 0xd00	/* v3 */
#define GICD_SGIR	 0xf00	/* v2 */
#define GICD_IROUTER	 0x6000 /* v3: + 8 * INTID, INTID >= 32 */
#define GICD_V2_ID_START 0xfd0
#define GICD_V3_ID_START 0xffd0

#define GIC_FIRST_SPI	 32
#define GIC_SPURIOUS	 1020
#define GIC_IPI_SGI	 0 /* cvisor's own IPI between CPUs */
#define GIC_DEFAULT_PRIO 0xa0
#define GIC_MAX_SPI	 1020

struct gic_info {
	u32 version;
	paddr_t gicd, gicr, gicc, gich, gicv;
	u64 gicd_size, gicr_size, gicc_size, gich_size, gicv_size;
	u32 gicr_stride;
	u32 nr_irqs;	/* from GICD_TYPER.ITLinesNumber */
	u32 maint_irq;	/* INTID of the maintenance interrupt (PPI) */
	u32 guest_ppis; /* bitmap of PPIs a guest may own: its timers */
};

extern struct gic_info gic;

struct gic_ops {
	u32 version;
	int (*init_dist)(void);
	void (*init_cpu)(void);
	u32 (*ack)(void);
	void (*eoi)(u32 intid); /* priority drop only (EOImode = 1) */
	void (*deactivate)(u32 intid);
	void (*send_sgi)(u32 cpuid, u32 sgi);
	void (*route_spi)(u32 intid, u32 cpuid);
	void (*enable)(u32 intid); /* SPI, or PPI on this CPU */
	/* Disable an SPI and clear its pending and active state. */
	void (*disable)(u32 intid);
	u32 (*nr_lrs)(void);
	void (*read_lr)(u32 i, struct lr_value *lr);
	void (*write_lr)(u32 i, const struct lr_value *lr);
	u64 (*empty_lrs)(void);
	/* GICv3: a software SGI into a list register if all are empty;
	 * false (nothing done) otherwise. */
	bool (*place_sgi)(u32 sgi);
	u64 (*eoi_lrs)(void); /* LRs whose EOI needs attention */
	void (*set_underflow_irq)(bool on);
	void (*reset_virtual_cpu)(void); /* clear LRs and the vCPU interface */
};

extern const struct gic_ops gicv2_ops;
extern const struct gic_ops gicv3_ops;
extern const struct gic_ops *gic_ops;

/* Find the GIC in the DTB: fills `gic`. */
int gic_probe(const void *fdt);
/* Make an SPI edge-triggered (an SMMU's pulsed interrupts). */
void gic_set_edge_triggered(u32 intid);

/* Register `off` of the device frame at host-physical base. */
static inline volatile void *gic_reg(paddr_t base, u64 off)
{
	return pa_to_hv(pa_add(base, off));
}

static inline u32 mmio_read32(paddr_t base, u64 off)
{
	return *(volatile u32 *)gic_reg(base, off);
}

static inline void mmio_write32(paddr_t base, u64 off, u32 v)
{
	*(volatile u32 *)gic_reg(base, off) = v;
}

static inline u64 mmio_read64(paddr_t base, u64 off)
{
	return *(volatile u64 *)gic_reg(base, off);
}

static inline void mmio_write64(paddr_t base, u64 off, u64 v)
{
	*(volatile u64 *)gic_reg(base, off) = v;
}

static inline u8 mmio_read8(paddr_t base, u64 off)
{
	return *(volatile u8 *)gic_reg(base, off);
}

static inline void mmio_write8(paddr_t base, u64 off, u8 v)
{
	*(volatile u8 *)gic_reg(base, off) = v;
}

#endif
