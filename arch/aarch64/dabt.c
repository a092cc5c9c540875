/* Stage-2 data aborts: emulated MMIO, or a fault reflected to the guest. */
#include "arch/aarch64/esr.h"
#include "arch/aarch64/sysreg.h"
#include "arch/aarch64/trap.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

/* HPFAR_EL2.FIPA [43:4] holds IPA [51:12]; the page offset is FAR's. */
static ipa_t fault_ipa(void)
{
	return ipa_init((FIELD_GET(43, 4, read_sysreg(hpfar_el2)) << 12) |
			(read_sysreg(far_el2) & 0xfff));
}

static void reject(struct trap_frame *f, struct vcpu *vcpu, ipa_t ipa,
		   const struct dabt_info *d, const char *why)
{
	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: %s %s of %u bytes at ipa 0x%llx pc=0x%llx: "
		  "abort injected",
		  vcpu->zone->id, vcpu->id, why, d->write ? "write" : "read",
		  d->valid ? d->size : 0, (unsigned long long)ipa_addr(ipa),
		  (unsigned long long)f->elr);
	inject_guest_abort(f, read_sysreg(far_el2), d->write, false);
}

void handle_data_abort(struct trap_frame *f, u64 esr)
{
	struct vcpu *vcpu = this_cpu()->vcpu;
	ipa_t ipa = fault_ipa();
	struct dabt_info d;
	struct mmio_access a;
	int err;

	esr_decode_dabt(esr, &d);
	if (!d.valid) {
		/* No syndrome (e.g. a load pair): we cannot emulate it. */
		reject(f, vcpu, ipa, &d, "undecodable (ISV=0)");
		return;
	}
	a = (struct mmio_access){
	    .addr = ipa,
	    .size = d.size,
	    .write = d.write,
	    .value = d.write ? frame_reg(f, d.reg) : 0,
	};
	vcpu->nr_mmio++;
	err = mmio_dispatch(&vcpu->zone->mmio, vcpu, &a);
	if (err) {
		reject(f, vcpu, ipa, &d,
		       err == -CV_ENOENT ? "illegal" : "refused");
		return;
	}
	if (!d.write)
		frame_set_reg(f, d.reg, dabt_extend(&d, a.value));
	f->elr += 4;
}
