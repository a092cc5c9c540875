/*
 * SBI for guests (SBI spec 2.0), emulated in cvisor: BASE, TIME, IPI,
 * RFENCE, HSM, SRST, DBCN, the legacy console putchar/getchar and
 * set_timer, and cvisor's hypercall extension. Any other call returns
 * SBI_ERR_NOT_SUPPORTED. Hart ids a guest sees are its vCPU indices.
 */
#include "arch/riscv64/vsbi.h"

#include "cvisor/hypercall.h"
#include "cvisor/vcpu.h"
#include "cvisor/zone.h"

#define NOT_SUPPORTED ((struct sbiret){SBI_ERR_NOT_SUPPORTED, 0})
#define OK(v)	      ((struct sbiret){SBI_SUCCESS, (s64)(v)})
#define ERR(e)	      ((struct sbiret){(e), 0})

#define CV_SBI_IMPL_VERSION 0x00000100u /* cvisor 0.1 */
#define DBCN_MAX_CHUNK	    256u

static const u64 extensions[] = {
    SBI_EXT_LEGACY_SET_TIMER,
    SBI_EXT_LEGACY_PUTCHAR,
    SBI_EXT_LEGACY_GETCHAR,
    SBI_EXT_BASE,
    SBI_EXT_TIME,
    SBI_EXT_IPI,
    SBI_EXT_RFENCE,
    SBI_EXT_HSM,
    SBI_EXT_SRST,
    SBI_EXT_DBCN,
    SBI_EXT_CVISOR,
};

bool vsbi_probe(u64 ext)
{
	for (u32 i = 0; i < ARRAY_SIZE(extensions); i++) {
		if (extensions[i] == ext)
			return true;
	}
	return false;
}

int vsbi_vcpu_mask(u32 nr_vcpus, u64 hart_mask, u64 base, u64 *out)
{
	u64 all = nr_vcpus >= 64 ? ~0ull : (1ull << nr_vcpus) - 1;

	if (base == ~0ull) {
		*out = all;
		return 0;
	}
	if (base >= nr_vcpus && hart_mask)
		return SBI_ERR_INVALID_PARAM;
	if (base >= 64 || (hart_mask << base) >> base != hart_mask ||
	    (hart_mask << base) & ~all)
		return SBI_ERR_INVALID_PARAM;
	*out = hart_mask << base;
	return 0;
}

static struct sbiret base_call(const struct vsbi_call *c)
{
	switch (c->fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		return OK(CV_SBI_SPEC_VERSION);
	case SBI_BASE_GET_IMPL_ID:
		return OK(CV_SBI_IMPL_ID);
	case SBI_BASE_GET_IMPL_VERSION:
		return OK(CV_SBI_IMPL_VERSION);
	case SBI_BASE_PROBE_EXT:
		return OK(vsbi_probe(c->a[0]));
	case SBI_BASE_GET_MVENDORID:
	case SBI_BASE_GET_MARCHID:
	case SBI_BASE_GET_MIMPID:
		return OK(0); /* a virtual hart: no vendor */
	default:
		return NOT_SUPPORTED;
	}
}

/* A call naming harts outside the zone: logged (rate-limited per zone),
 * answered with the SBI error err. */
static struct sbiret refuse_harts(struct vcpu *vcpu, const char *what, u64 mask,
				  u64 base, int err)
{
	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: SBI %s of hart(s) 0x%llx base 0x%llx "
		  "outside the zone (%u vCPUs): error %d",
		  vcpu->zone->id, vcpu->id, what, (unsigned long long)mask,
		  (unsigned long long)base, vcpu->zone->nr_vcpus, err);
	return ERR(err);
}

static struct sbiret ipi_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	struct zone *zone = vcpu->zone;
	u64 mask;
	int err;

	if (c->fid != 0)
		return NOT_SUPPORTED;
	err = vsbi_vcpu_mask(zone->nr_vcpus, c->a[0], c->a[1], &mask);
	if (err)
		return refuse_harts(vcpu, "IPI", c->a[0], c->a[1], err);
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		if (mask & (1ull << i))
			riscv_vcpu_send_soft_irq(&zone->vcpus[i]);
	}
	return OK(0);
}

static struct sbiret rfence_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	u64 mask;
	int err;

	if (c->fid > SBI_RFENCE_SFENCE_VMA_ASID)
		return NOT_SUPPORTED; /* the hfence calls: no nested guests */
	err = vsbi_vcpu_mask(vcpu->zone->nr_vcpus, c->a[0], c->a[1], &mask);
	if (err)
		return refuse_harts(vcpu, "RFENCE", c->a[0], c->a[1], err);
	riscv_zone_remote_fence(vcpu->zone, mask, c->fid, c->a[2], c->a[3]);
	return OK(0);
}

/* The hart must be one of the zone's and start_addr in the zone's RAM
 * (SBI 2.0, 9.1: INVALID_ADDRESS when the G-stage forbids it). */
static struct sbiret hart_start(struct vcpu *vcpu, const struct vsbi_call *c)
{
	struct zone *zone = vcpu->zone;
	paddr_t pa;
	int err;

	if (c->a[0] >= zone->nr_vcpus)
		return refuse_harts(vcpu, "HSM hart_start", c->a[0], 0,
				    SBI_ERR_INVALID_PARAM);
	if (!zone_ipa_to_pa(zone, ipa_init(c->a[1]), 4, &pa)) {
		zone_warn(zone,
			  "zone %u vcpu%u: SBI HSM hart_start of hart %llu at "
			  "0x%llx, outside the zone's RAM: INVALID_ADDRESS",
			  zone->id, vcpu->id, (unsigned long long)c->a[0],
			  (unsigned long long)c->a[1]);
		return ERR(SBI_ERR_INVALID_ADDRESS);
	}
	err = vcpu_request_start(&zone->vcpus[c->a[0]], c->a[1], c->a[2]);
	return err ? ERR(SBI_ERR_ALREADY_AVAILABLE) : OK(0);
}

enum vsbi_suspend vsbi_suspend_kind(u64 suspend_type)
{
	u32 t = (u32)suspend_type; /* RV64: bits 63..32 are ignored */

	if (t == SBI_HSM_SUSPEND_RETENTIVE)
		return VSBI_SUSPEND_RETENTIVE;
	if (t == SBI_HSM_SUSPEND_NON_RETENTIVE ||
	    (t & 0x7fffffffu) >= 0x10000000u)
		return VSBI_SUSPEND_NOT_SUPPORTED;
	return VSBI_SUSPEND_INVALID;
}

static struct sbiret hart_suspend(struct vcpu *vcpu, const struct vsbi_call *c)
{
	switch (vsbi_suspend_kind(c->a[0])) {
	case VSBI_SUSPEND_RETENTIVE:
		riscv_vcpu_suspend(vcpu);
		return OK(0);
	case VSBI_SUSPEND_NOT_SUPPORTED:
		return NOT_SUPPORTED;
	default:
		return ERR(SBI_ERR_INVALID_PARAM);
	}
}

static struct sbiret hart_status(struct vcpu *vcpu, u64 hart)
{
	struct zone *zone = vcpu->zone;
	enum vcpu_state s;

	if (hart >= zone->nr_vcpus)
		return refuse_harts(vcpu, "HSM hart_get_status", hart, 0,
				    SBI_ERR_INVALID_PARAM);
	if (__atomic_load_n(&zone->vcpus[hart].arch.suspended,
			    __ATOMIC_ACQUIRE))
		return OK(SBI_HSM_SUSPENDED);
	s = __atomic_load_n(&zone->vcpus[hart].state, __ATOMIC_ACQUIRE);
	return OK(s == VCPU_ON	  ? SBI_HSM_STARTED
		  : s == VCPU_OFF ? SBI_HSM_STOPPED
				  : SBI_HSM_START_PENDING);
}

static struct sbiret hsm_call(struct vcpu *vcpu, const struct vsbi_call *c)
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
		return NOT_SUPPORTED;
	}
}

static struct sbiret srst_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	if (c->fid != 0)
		return NOT_SUPPORTED;
	switch ((u32)c->a[0]) {
	case SBI_SRST_SHUTDOWN:
		zone_shutdown(vcpu->zone);
		return OK(0); /* not reached */
	case SBI_SRST_COLD_REBOOT:
	case SBI_SRST_WARM_REBOOT:
		zone_reboot(vcpu->zone);
		return OK(0); /* not reached */
	default:
		return ERR(SBI_ERR_INVALID_PARAM);
	}
}

/* DBCN write/read take a guest-physical buffer (base_lo, base_hi). */
static struct sbiret dbcn_buffer(struct vcpu *vcpu, const struct vsbi_call *c)
{
	struct zone *zone = vcpu->zone;
	u64 gpa = c->a[1] | c->a[2] << 32;
	u64 n = c->a[0] < DBCN_MAX_CHUNK ? c->a[0] : DBCN_MAX_CHUNK;
	paddr_t pa;
	char *buf;

	if (!n)
		return OK(0);
	if (!zone_ipa_to_pa(zone, ipa_init(gpa), n, &pa))
		return ERR(SBI_ERR_INVALID_PARAM);
	buf = pa_to_hv(pa);
	if (c->fid == SBI_DBCN_WRITE) {
		riscv_zone_console_write(zone, buf, n);
		return OK(n);
	}
	for (u64 i = 0; i < n; i++) {
		int ch = riscv_zone_console_getc(zone);

		if (ch < 0)
			return OK(i);
		buf[i] = (char)ch;
	}
	return OK(n);
}

static struct sbiret dbcn_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	char ch = (char)c->a[0];

	switch (c->fid) {
	case SBI_DBCN_WRITE:
	case SBI_DBCN_READ:
		return dbcn_buffer(vcpu, c);
	case SBI_DBCN_WRITE_BYTE:
		riscv_zone_console_write(vcpu->zone, &ch, 1);
		return OK(0);
	default:
		return NOT_SUPPORTED;
	}
}

static struct sbiret cvisor_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	s64 r =
	    hypercall_dispatch(vcpu, (u32)c->fid, c->a[0], c->a[1], c->a[2]);

	switch (r) {
	case CV_HC_ENOSYS:
		return NOT_SUPPORTED;
	case CV_HC_EINVAL:
		return ERR(SBI_ERR_INVALID_PARAM);
	case CV_HC_EPERM:
		return ERR(SBI_ERR_DENIED);
	default:
		return OK(r);
	}
}

/* Legacy (v0.1) calls return their result in a0 only. */
static struct sbiret legacy_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	char ch = (char)c->a[0];

	switch (c->ext) {
	case SBI_EXT_LEGACY_SET_TIMER:
		riscv_vcpu_set_timer(c->a[0]);
		return OK(0);
	case SBI_EXT_LEGACY_PUTCHAR:
		riscv_zone_console_write(vcpu->zone, &ch, 1);
		return OK(0);
	default: /* SBI_EXT_LEGACY_GETCHAR */
		return ERR(riscv_zone_console_getc(vcpu->zone));
	}
}

struct sbiret vsbi_handle(struct vcpu *vcpu, const struct vsbi_call *c)
{
	switch (c->ext) {
	case SBI_EXT_LEGACY_SET_TIMER:
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
		return legacy_call(vcpu, c);
	case SBI_EXT_BASE:
		return base_call(c);
	case SBI_EXT_TIME:
		if (c->fid != 0)
			return NOT_SUPPORTED;
		riscv_vcpu_set_timer(c->a[0]);
		return OK(0);
	case SBI_EXT_IPI:
		return ipi_call(vcpu, c);
	case SBI_EXT_RFENCE:
		return rfence_call(vcpu, c);
	case SBI_EXT_HSM:
		return hsm_call(vcpu, c);
	case SBI_EXT_SRST:
		return srst_call(vcpu, c);
	case SBI_EXT_DBCN:
		return dbcn_call(vcpu, c);
	case SBI_EXT_CVISOR:
		return cvisor_call(vcpu, c);
	default:
		return NOT_SUPPORTED;
	}
}
