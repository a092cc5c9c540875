/*
 * The physical GIC registers behind the emulated distributor and
 * redistributors. The emulation (vgicd.c, vgicr.c, vgic_regs.c) reaches
 * the hardware only through these, so its register rules can be tested on
 * the host against a model of the hardware (tests/unit/test_vgic_regs.c).
 * `size` is 1 or 4 bytes; offsets are from the frame's base.
 */
#ifndef CVISOR_DRIVERS_VGIC_PHYS_H
#define CVISOR_DRIVERS_VGIC_PHYS_H

#include "cvisor/types.h"

/* The distributor (GICD). */
u32 vgic_phys_dist_read(u64 off, u32 size);
void vgic_phys_dist_write(u64 off, u32 size, u32 val);
/* GICv3: the RD_base frame of the first redistributor (its ID registers). */
u32 vgic_phys_rd_read(u64 off);
/* GICv3: the SGI_base frame of physical CPU pcpu's redistributor. */
u32 vgic_phys_sgi_read(u32 pcpu, u64 off, u32 size);
void vgic_phys_sgi_write(u32 pcpu, u64 off, u32 size, u32 val);

#endif
