/*
 * Reading guest memory by guest-linear address: the guest's paging mode
 * from the VMCS (CR0, CR3, CR4 = the guest's value, EFER), its page
 * tables through guest_walk.c, its RAM through the zone's regions.
 */
#include "arch/x86_64/guest_walk.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "cvisor/zone.h"
#include "lib/string.h"

static bool read_gpa(void *ctx, u64 gpa, u32 size, u64 *out)
{
	paddr_t pa;

	*out = 0;
	if (!zone_ipa_to_pa(ctx, ipa_init(gpa), size, &pa))
		return false;
	memcpy(out, pa_to_hv(pa), size);
	return true;
}

bool vmx_guest_linear_to_phys(struct vcpu *vcpu, u64 lin, u64 *gpa)
{
	struct guest_paging p = {
	    .cr0 = vmread(VMCS_GUEST_CR0),
	    .cr3 = vmread(VMCS_GUEST_CR3),
	    .cr4 = vmread(VMCS_GUEST_CR4),
	    .efer = vmread(VMCS_GUEST_EFER),
	    .read = read_gpa,
	    .ctx = vcpu->zone,
	};

	return guest_linear_to_phys(&p, lin, gpa);
}

/* Page by page: a buffer may cross into a differently mapped page. */
bool vmx_read_guest_linear(struct vcpu *vcpu, u64 lin, void *buf, u32 n)
{
	u8 *out = buf;

	while (n) {
		u32 chunk = 4096 - (u32)(lin & 0xfff);
		u64 gpa;
		paddr_t pa;

		chunk = chunk < n ? chunk : n;
		if (!vmx_guest_linear_to_phys(vcpu, lin, &gpa) ||
		    !zone_ipa_to_pa(vcpu->zone, ipa_init(gpa), chunk, &pa))
			return false;
		memcpy(out, pa_to_hv(pa), chunk);
		out += chunk;
		lin += chunk;
		n -= chunk;
	}
	return true;
}
