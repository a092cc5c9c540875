/*
 * SBI for guests (SBI spec 2.0), emulated in cvisor: BASE, TIME, IPI,
 * RFENCE, HSM (vsbi_hsm.c), SRST, DBCN, the legacy console putchar/getchar
 * and set_timer, and cvisor's hypercall extension. Any other call returns
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
	*out = 0;
	if (!hart_mask) /* names no hart, whatever the base */
		return 0;
	if (base >= nr_vcpus || base >= 64 ||
	    (hart_mask << base) >> base != hart_mask ||
	    (hart_mask << base) & ~all)
		return SBI_ERR_INVALID_PARAM;
	*out = hart_mask << base;
	return 0;
}

bool vsbi_ram_allows(const struct zone *zone, u64 addr, u64 size, u32 flags)
{
	const struct cv_zone_config *cfg = zone->cfg;

	for (u32 i = 0; i < cfg->nr_mem; i++) {
		const struct cv_mem_region *m = &cfg->mem[i];

		if (size && range_within(addr, size, m->ipa, m->size))
			return (m->flags & flags) == flags;
	}
	return false;
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

struct sbiret vsbi_refuse_harts(struct vcpu *vcpu, const char *what, u64 mask,
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
		return vsbi_refuse_harts(vcpu, "IPI", c->a[0], c->a[1], err);
	for (u32 i = 0; i < zone->nr_vcpus; i++) {
		if (mask & (1ull << i))
			riscv_vcpu_send_soft_irq(&zone->vcpus[i]);
	}
	return OK(0);
}

/* The firmware did not perform a fence the guest asked for: its remote
 * TLBs or instruction caches may be stale, so the guest is told. Bad
 * start/size (INVALID_ADDRESS) or parameters (INVALID_PARAM) are the
 * guest's and go back as they are; any other error is FAILED. */
static struct sbiret rfence_failed(struct vcpu *vcpu, const struct vsbi_call *c,
				   u64 mask, s64 fw)
{
	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: SBI RFENCE fid %llu on vCPUs 0x%llx "
		  "(0x%llx+0x%llx): firmware error %lld",
		  vcpu->zone->id, vcpu->id, (unsigned long long)c->fid,
		  (unsigned long long)mask, (unsigned long long)c->a[2],
		  (unsigned long long)c->a[3], (long long)fw);
	if (fw == SBI_ERR_INVALID_ADDRESS || fw == SBI_ERR_INVALID_PARAM)
		return ERR(fw);
	return ERR(SBI_ERR_FAILED);
}

static struct sbiret rfence_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	u64 mask;
	s64 fw;
	int err;

	if (c->fid > SBI_RFENCE_SFENCE_VMA_ASID)
		return NOT_SUPPORTED; /* the hfence calls: no nested guests */
	err = vsbi_vcpu_mask(vcpu->zone->nr_vcpus, c->a[0], c->a[1], &mask);
	if (err)
		return vsbi_refuse_harts(vcpu, "RFENCE", c->a[0], c->a[1], err);
	fw =
	    riscv_zone_remote_fence(vcpu->zone, mask, c->fid, c->a[2], c->a[3]);
	return fw ? rfence_failed(vcpu, c, mask, fw) : OK(0);
}

/* SRST system_reset(reset_type, reset_reason), both 32-bit: the reasons
 * defined are 0 (none) and 1 (system failure); the others are reserved
 * or SBI-implementation/vendor ones cvisor has none of, INVALID_PARAM as
 * for reserved and unimplemented types (SBI 2.0, 10.1). */
static struct sbiret srst_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	if (c->fid != 0)
		return NOT_SUPPORTED;
	if ((u32)c->a[1] > SBI_SRST_REASON_SYSTEM_FAILURE)
		return ERR(SBI_ERR_INVALID_PARAM);
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

/* DBCN write/read take a guest-physical buffer: base_addr_lo holds its
 * low XLEN bits, base_addr_hi the bits above (SBI 2.0, 12.1), which on
 * RV64 name no address cvisor has: the buffer must be in the zone's RAM
 * with base_addr_hi = 0, readable for a write and writable for a read
 * (cvisor must not write where the zone itself may not). At most
 * DBCN_MAX_CHUNK bytes per call. */
static struct sbiret dbcn_refuse(struct vcpu *vcpu, const struct vsbi_call *c,
				 const char *why)
{
	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: SBI DBCN %s of %llu bytes at 0x%llx "
		  "(base_hi 0x%llx): %s: INVALID_PARAM",
		  vcpu->zone->id, vcpu->id,
		  c->fid == SBI_DBCN_WRITE ? "write" : "read",
		  (unsigned long long)c->a[0], (unsigned long long)c->a[1],
		  (unsigned long long)c->a[2], why);
	return ERR(SBI_ERR_INVALID_PARAM);
}

static struct sbiret dbcn_buffer(struct vcpu *vcpu, const struct vsbi_call *c)
{
	struct zone *zone = vcpu->zone;
	u64 n = c->a[0] < DBCN_MAX_CHUNK ? c->a[0] : DBCN_MAX_CHUNK;
	u32 need = c->fid == SBI_DBCN_WRITE ? CV_MEM_READ : CV_MEM_WRITE;
	paddr_t pa;
	char *buf;

	if (c->a[2])
		return dbcn_refuse(vcpu, c, "beyond 64-bit addresses");
	if (!n)
		return OK(0);
	if (!zone_ipa_to_pa(zone, ipa_init(c->a[1]), n, &pa))
		return dbcn_refuse(vcpu, c, "outside the zone's RAM");
	if (!vsbi_ram_allows(zone, c->a[1], n, need))
		return dbcn_refuse(vcpu, c,
				   need == CV_MEM_READ
				       ? "in RAM the zone may not read"
				       : "in RAM the zone may not write");
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

int vsbi_hc_error(s64 r)
{
	switch (r) {
	case CV_HC_ENOSYS:
		return SBI_ERR_NOT_SUPPORTED;
	case CV_HC_EINVAL:
	case CV_HC_ENOENT: /* the argument names no zone or link */
		return SBI_ERR_INVALID_PARAM;
	case CV_HC_EPERM:
		return SBI_ERR_DENIED;
	case CV_HC_EBUSY: /* the zone still runs, its CPUs or RAM are taken */
		return SBI_ERR_ALREADY_STARTED;
	default: /* CV_HC_ENOMEM, or any other negative result */
		return r < 0 ? SBI_ERR_FAILED : SBI_SUCCESS;
	}
}

/* fid = CV_HC_* code (up to CV_HC_CODE_MASK); an error comes back as the
 * SBI error in a0 with cvisor's own code in a1. */
static struct sbiret cvisor_call(struct vcpu *vcpu, const struct vsbi_call *c)
{
	s64 r = c->fid > CV_HC_CODE_MASK
		    ? CV_HC_ENOSYS
		    : hypercall_dispatch(vcpu, (u32)c->fid, c->a[0], c->a[1],
					 c->a[2]);
	int err = vsbi_hc_error(r);

	return (struct sbiret){err, r};
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

struct sbiret vsbi_handle(struct vcpu *vcpu, struct vsbi_call *c)
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
		return vsbi_hsm(vcpu, c);
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
