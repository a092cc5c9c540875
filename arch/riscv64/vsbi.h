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
	/* Set by a non-retentive HSM hart_suspend once the hart woke: it
	 * goes on at resume_addr in S-mode with a0 = its hart id, a1 =
	 * resume_arg, satp 0 and sstatus.SIE 0, instead of returning. */
	bool resume;
	u64 resume_addr, resume_arg;
};

/* Handle a guest's SBI call. Legacy extensions return only .error (a0).
 * May not return (HSM hart_stop, SRST). */
struct sbiret vsbi_handle(struct vcpu *vcpu, struct vsbi_call *c);
/* The HSM extension (vsbi_hsm.c). */
struct sbiret vsbi_hsm(struct vcpu *vcpu, struct vsbi_call *c);
/* A call naming harts outside the zone: logged (rate-limited per zone),
 * answered with the SBI error err. */
struct sbiret vsbi_refuse_harts(struct vcpu *vcpu, const char *what, u64 mask,
				u64 base, int err);
/* Does [addr, addr + size) lie in one of the zone's RAM regions whose
 * flags include all of flags (CV_MEM_READ/WRITE/EXEC)? */
bool vsbi_ram_allows(const struct zone *zone, u64 addr, u64 size, u32 flags);
/* Why addr cannot be where one of the zone's harts starts or resumes
 * (outside its RAM, odd), or NULL. */
const char *vsbi_entry_refusal(struct zone *zone, u64 addr);
/* The SBI error for a cvisor hypercall's result r (CV_HC_E* when
 * negative; docs/hypercalls.md), SBI_SUCCESS for r >= 0. */
int vsbi_hc_error(s64 r);
/* Is the extension implemented (BASE probe_extension)? */
bool vsbi_probe(u64 ext);
/* A guest hart mask (hart_mask, hart_mask_base; base -1 = all) as a mask
 * of the zone's vCPUs; SBI_ERR_INVALID_PARAM for a hart beyond them. An
 * empty hart_mask names no hart (0, any base). */
int vsbi_vcpu_mask(u32 nr_vcpus, u64 hart_mask, u64 base, u64 *out);

/* HSM hart_suspend's suspend_type (only its low 32 bits count on RV64):
 * what cvisor does with it. */
enum vsbi_suspend {
	VSBI_SUSPEND_RETENTIVE,	    /* wait for an interrupt, return 0 */
	VSBI_SUSPEND_NON_RETENTIVE, /* wait, then go on at resume_addr */
	VSBI_SUSPEND_NOT_SUPPORTED, /* platform-specific: none offered */
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
/* RFENCE on the physical harts running the vCPUs in vmask: the
 * firmware's SBI error (SBI_SUCCESS: done, or no hart to fence). */
s64 riscv_zone_remote_fence(struct zone *zone, u64 vmask, u64 fid, u64 start,
			    u64 size);
/* The zone's console: output a whole buffer, take one input byte (-1). */
void riscv_zone_console_write(struct zone *zone, const char *s, size_t n);
int riscv_zone_console_getc(struct zone *zone);

#endif
