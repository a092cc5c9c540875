/* The SBI cvisor gives its guests (emulated; nothing reaches the
 * firmware directly). */
#ifndef CVISOR_ARCH_RISCV64_VSBI_H
#define CVISOR_ARCH_RISCV64_VSBI_H

#include "arch/riscv64/sbi.h"

struct vcpu;
struct zone;

/* One call: ext (a7), fid (a6), args a0..a5. */
struct vsbi_call {
	u64 ext, fid;
	u64 a[6];
};

/* Handle a guest's SBI call. Legacy extensions return only .error (a0).
 * May not return (HSM hart_stop, SRST). */
struct sbiret vsbi_handle(struct vcpu *vcpu, const struct vsbi_call *c);
/* Is the extension implemented (BASE probe_extension)? */
bool vsbi_probe(u64 ext);
/* A guest hart mask (hart_mask, hart_mask_base; base -1 = all) as a mask
 * of the zone's vCPUs; -SBI_ERR_INVALID_PARAM for a hart beyond them. */
int vsbi_vcpu_mask(u32 nr_vcpus, u64 hart_mask, u64 base, u64 *out);

/* HSM hart_suspend's suspend_type (only its low 32 bits count on RV64):
 * what cvisor does with it. */
enum vsbi_suspend {
	VSBI_SUSPEND_RETENTIVE,	    /* wait for an interrupt, return 0 */
	VSBI_SUSPEND_NOT_SUPPORTED, /* defined, cvisor does not offer it */
	VSBI_SUSPEND_INVALID,	    /* reserved */
};
enum vsbi_suspend vsbi_suspend_kind(u64 suspend_type);

/* What vsbi.c needs from the rest of the arch (virt and vcpu code). */
/* Retentive suspend of the calling vCPU: returns once an interrupt the
 * guest enabled in its sie is pending (hart_get_status reads SUSPENDED
 * meanwhile). */
void riscv_vcpu_suspend(struct vcpu *vcpu);
void riscv_vcpu_set_timer(u64 when);
void riscv_vcpu_send_soft_irq(struct vcpu *target);
/* RFENCE on the physical harts running the vCPUs in vmask. */
void riscv_zone_remote_fence(struct zone *zone, u64 vmask, u64 fid, u64 start,
			     u64 size);
/* The zone's console: output a whole buffer, take one input byte (-1). */
void riscv_zone_console_write(struct zone *zone, const char *s, size_t n);
int riscv_zone_console_getc(struct zone *zone);

#endif
