/* aarch64 trap handling shared between the trap files. */
#ifndef CVISOR_ARCH_AARCH64_TRAP_H
#define CVISOR_ARCH_AARCH64_TRAP_H

#include "arch_defs.h"
#include "cvisor/vcpu.h"

/* The frame of the guest that trapped on this CPU: always at the top of
 * this CPU's EL2 stack (vcpu_enter leaves SP there). */
struct trap_frame *guest_frame(void);

/* Reflect a synchronous external abort / undefined instruction into the
 * guest's EL1 vector, as the hardware would have taken it. */
void inject_guest_abort(struct trap_frame *f, u64 far, bool write,
			bool instruction);
void inject_guest_undef(struct trap_frame *f);

/* Returns true when the call was a PSCI/SMCCC/cvisor call it answered. */
void handle_hypercall(struct trap_frame *f, bool from_smc);
void handle_data_abort(struct trap_frame *f, u64 esr);
void handle_sysreg_trap(struct trap_frame *f, u64 esr, struct vcpu *vcpu);
void irq_handle_all(void);

static inline u64 frame_reg(const struct trap_frame *f, u32 r)
{
	return r == 31 ? 0 : f->x[r];
}

static inline void frame_set_reg(struct trap_frame *f, u32 r, u64 v)
{
	if (r != 31)
		f->x[r] = v;
}

#endif
