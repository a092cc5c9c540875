/* Trapped MSR/MRS (EC 0x18): the GICv3 SGI register, else undefined. */
#include "arch/aarch64/esr.h"
#include "arch/aarch64/sysreg.h"
#include "arch/aarch64/trap.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/vgic.h"

/* ISS of a trapped MSR/MRS (EC 0x18): Op0 [21:20], Op2 [19:17], Op1
 * [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (0 = MSR).
 * A write of ICC_SGI1R_EL1 (S3_0_C12_C11_5) is every field but Rt. */
#define ISS_ALL_BUT_RT	  (BITS(21, 10) | BITS(4, 0))
#define ISS_MSR_ICC_SGI1R ((3u << 20) | (5u << 17) | (12u << 10) | (11u << 1))

void handle_sysreg_trap(struct trap_frame *f, u64 esr, struct vcpu *vcpu)
{
	struct sysreg_trap t;

	/* The guest's IPIs: decoded here without the general decoder. */
	if ((esr & ISS_ALL_BUT_RT) == ISS_MSR_ICC_SGI1R) {
		vgic_send_sgi_v3(vcpu, frame_reg(f, (u32)FIELD_GET(9, 5, esr)));
		f->elr += 4;
		return;
	}
	esr_decode_sysreg(esr, &t);
	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: %s of S%u_%u_C%u_C%u_%u not emulated: "
		  "undefined instruction injected",
		  vcpu->zone->id, vcpu->id, t.read ? "read" : "write", t.op0,
		  t.op1, t.crn, t.crm, t.op2);
	inject_guest_undef(f);
}
