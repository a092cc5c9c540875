/*
 * The RISC-V PLIC (platform-level interrupt controller, PLIC spec 1.0.0):
 * the physical one cvisor owns, and the per-zone emulated one.
 */
#ifndef CVISOR_DRIVERS_IRQCHIP_PLIC_H
#define CVISOR_DRIVERS_IRQCHIP_PLIC_H

#include "cvisor/types.h"

#define PLIC_MAX_SOURCES    128	     /* ids 1..127; 0 means "none" */
#define PLIC_PRIORITY	    0x000000 /* + 4 * source */
#define PLIC_PENDING	    0x001000 /* bit per source */
#define PLIC_ENABLE	    0x002000 /* + 0x80 * context, bit per source */
#define PLIC_CONTEXT	    0x200000 /* + 0x1000 * context: */
#define PLIC_THRESHOLD	    0x0	     /*   priority threshold */
#define PLIC_CLAIM	    0x4	     /*   claim (read) / complete (write) */
#define PLIC_ENABLE_STRIDE  0x80
#define PLIC_CONTEXT_STRIDE 0x1000

/* --- the physical PLIC ------------------------------------------------ */

/* Find the PLIC in the DTB (its S-mode contexts per hart). */
int plic_probe(const void *dtb);
int plic_init(void);
void plic_init_percpu(void);
/* Route source irq to cpu's S-mode context, priority 1. */
void plic_route(u32 irq, u32 cpu);
/* Claim and dispatch every pending source on this hart (scause SEI). */
void plic_handle_irqs(void);
/* Complete a source claimed earlier (its guest completed it). */
void plic_complete(u32 irq);
/* Disable a source (its zone stopped) and complete it if in service. */
void plic_release(u32 irq);
/* Route a source to cpu for cvisor itself (the console's receive
 * interrupt): its claims run hv_irq_handle(). */
void plic_claim_for_hv(u32 irq, u32 cpu);
u32 plic_nr_irqs(void);

#endif
