/* riscv64 internals shared between the arch files (not for core). */
#ifndef CVISOR_ARCH_RISCV64_RISCV_H
#define CVISOR_ARCH_RISCV64_RISCV_H

#include "cvisor/platform.h"
#include "cvisor/types.h"

struct trap_frame;
struct vcpu;
struct zone;

/* Does the first hart's riscv,isa name the single-letter extension
 * `letter` (if non-zero) and the multi-letter extension `ext` (if
 * non-NULL)? */
bool riscv_isa_has(const void *dtb, char letter, const char *ext);
/* Sstc (stimecmp/vstimecmp), decided once from the DTB. */
bool riscv_has_sstc(void);
/* /cpus/timebase-frequency, 0 when absent. */
u64 riscv_timebase_hz(const void *dtb);

/* HS-mode interrupts pending on this CPU (after WFI, or on a trap). */
void riscv_handle_hs_interrupts(void);
/* The interrupt-controller backend (irq.c): AIA or the PLIC. */
bool riscv_aia(void);
void riscv_handle_ext_irq(void);
int riscv_zone_irqchip_init(struct zone *zone);
void riscv_zone_irqchip_destroy(struct zone *zone);
void riscv_vcpu_irqchip_reset(struct vcpu *vcpu);
u64 riscv_vcpu_vgein(void);

/* Guest traps. */
void riscv_vsbi_call(struct vcpu *vcpu, struct trap_frame *f);
void riscv_guest_page_fault(struct vcpu *vcpu, struct trap_frame *f,
			    u64 scause);
/* Reflect an exception into the guest's VS-mode handler. */
void riscv_inject_exception(struct trap_frame *f, u64 cause, u64 tval);
/* Set the guest's timer (SBI TIME): vstimecmp, or the firmware timer. */
void riscv_vcpu_set_timer(u64 when);

long riscv_guest_fetch_half(u64 gva);
void riscv_hfence_gvma_vmid(u64 vmid);
void riscv_hfence_vvma_all(void);

#endif
