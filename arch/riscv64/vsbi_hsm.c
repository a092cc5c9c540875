/*
 * SBI HSM (SBI 2.0, chapter 9) for a zone's vCPUs; a hart id is a vCPU
 * index. hart_start, hart_stop, hart_get_status and hart_suspend with
 * the default retentive (0) and default non-retentive (0x80000000) types.
 */
#include "arch/riscv64/vsbi.h"

#include "cvisor/vcpu.h"
#include "cvisor/zone.h"

#define OK(v)  ((struct sbiret){SBI_SUCCESS, (s64)(v)})
#define ERR(e) ((struct sbiret){(e), 0})

/* Why addr cannot be where a hart of the zone starts or resumes, or NULL:
 * it must lie in the zone's RAM where the G-stage lets it execute (SBI
 * 2.0, 9.1 and 9.4: INVALID_ADDRESS otherwise) and be 2-byte aligned
 * (sepc bit 0 is always 0: an odd address would silently run elsewhere).
 */
const char *vsbi_entry_refusal(struct zone *zone, u64 addr)
{
	paddr_t pa;

	if (!zone_ipa_to_pa(zone, ipa_init(addr), 4, &pa))
		return "outside the zone's RAM";
	if (!vsbi_ram_allows(zone, addr, 4, CV_MEM_EXEC))
		return "in RAM the zone may not execute";
	if (addr & 1)
		return "not 2-byte aligned";
	return NULL;
}

static struct sbiret bad_entry(struct vcpu *vcpu, const char *what, u64 hart,
			       u64 addr, const char *why)
{
	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: SBI HSM %s of hart %llu at 0x%llx, %s: "
		  "INVALID_ADDRESS",
		  vcpu->zone->id, vcpu->id, what, (unsigned long long)hart,
		  (unsigned long long)addr, why);
	return ERR(SBI_ERR_INVALID_ADDRESS);
}

static struct sbiret hart_start(struct vcpu *vcpu, const struct vsbi_call *c)
{
	struct zone *zone = vcpu->zone;
	const char *why;

	if (c->a[0] >= zone->nr_vcpus)
		return vsbi_refuse_harts(vcpu, "HSM hart_start", c->a[0], 0,
					 SBI_ERR_INVALID_PARAM);
	why = vsbi_entry_refusal(zone, c->a[1]);
	if (why)
		return bad_entry(vcpu, "hart_start", c->a[0], c->a[1], why);
	if (vcpu_request_start(&zone->vcpus[c->a[0]], c->a[1], c->a[2]))
		return ERR(SBI_ERR_ALREADY_AVAILABLE);
	return OK(0);
}

enum vsbi_suspend vsbi_suspend_kind(u64 suspend_type)
{
	u32 t = (u32)suspend_type; /* RV64: bits 63..32 are ignored */

	if (t == SBI_HSM_SUSPEND_RETENTIVE)
		return VSBI_SUSPEND_RETENTIVE;
	if (t == SBI_HSM_SUSPEND_NON_RETENTIVE)
		return VSBI_SUSPEND_NON_RETENTIVE;
	/* 0x10000000-0x7fffffff, 0x90000000-0xffffffff: platform-specific */
	if ((t & 0x7fffffffu) >= 0x10000000u)
		return VSBI_SUSPEND_NOT_SUPPORTED;
	return VSBI_SUSPEND_INVALID;
}

/* Non-retentive: the call does not return; once an interrupt the guest
 * enabled is pending the hart goes on at resume_addr in S-mode with
 * a0 = hartid, a1 = opaque, satp 0 and sstatus.SIE 0 (SBI 2.0, 9.4).
 * The address is checked before the hart sleeps. */
static struct sbiret non_retentive(struct vcpu *vcpu, struct vsbi_call *c)
{
	const char *why = vsbi_entry_refusal(vcpu->zone, c->a[1]);

	if (why)
		return bad_entry(vcpu, "hart_suspend", vcpu->id, c->a[1], why);
	riscv_vcpu_suspend(vcpu);
	c->resume = true;
	c->resume_addr = c->a[1];
	c->resume_arg = c->a[2];
	return OK(0);
}

static struct sbiret hart_suspend(struct vcpu *vcpu, struct vsbi_call *c)
{
	switch (vsbi_suspend_kind(c->a[0])) {
	case VSBI_SUSPEND_RETENTIVE:
		riscv_vcpu_suspend(vcpu);
		return OK(0);
	case VSBI_SUSPEND_NON_RETENTIVE:
		return non_retentive(vcpu, c);
	case VSBI_SUSPEND_NOT_SUPPORTED:
		return ERR(SBI_ERR_NOT_SUPPORTED);
	default:
		return ERR(SBI_ERR_INVALID_PARAM);
	}
}

static struct sbiret hart_status(struct vcpu *vcpu, u64 hart)
{
	struct zone *zone = vcpu->zone;
	enum vcpu_state s;

	if (hart >= zone->nr_vcpus)
		return vsbi_refuse_harts(vcpu, "HSM hart_get_status", hart, 0,
					 SBI_ERR_INVALID_PARAM);
	if (__atomic_load_n(&zone->vcpus[hart].arch.suspended,
			    __ATOMIC_ACQUIRE))
		return OK(SBI_HSM_SUSPENDED);
	s = __atomic_load_n(&zone->vcpus[hart].state, __ATOMIC_ACQUIRE);
	return OK(s == VCPU_ON	  ? SBI_HSM_STARTED
		  : s == VCPU_OFF ? SBI_HSM_STOPPED
				  : SBI_HSM_START_PENDING);
}

struct sbiret vsbi_hsm(struct vcpu *vcpu, struct vsbi_call *c)
{
	switch (c->fid) {
	case SBI_HSM_HART_START:
		return hart_start(vcpu, c);
	case SBI_HSM_HART_STOP:
		vcpu_stop_self();
	case SBI_HSM_HART_STATUS:
		return hart_status(vcpu, c->a[0]);
	case SBI_HSM_HART_SUSPEND:
		return hart_suspend(vcpu, c);
	default:
		return ERR(SBI_ERR_NOT_SUPPORTED);
	}
}
