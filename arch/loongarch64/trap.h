/* loongarch64 trap handling, shared by trap.c, exit.c and virt.c. */
#ifndef CVISOR_ARCH_LOONGARCH64_TRAP_H
#define CVISOR_ARCH_LOONGARCH64_TRAP_H

#include "arch_defs.h"

struct vcpu;

void trap_handler(struct trap_frame *f);
void guest_exit(struct trap_frame *f);
/* Deliver an exception to the guest as its own hardware would: guest
 * ERA/PRMD/ESTAT/BADV, guest CRMD to PLV0 with IE off, and the return
 * address becomes the guest's EENTRY. */
void reflect_to_guest(struct trap_frame *f, u32 ecode, u32 subcode, u64 badv);
/* Bring the vCPU's virtual interrupt lines (IPI, GINTC.HWIS) into the
 * guest CSRs; on the vCPU's own CPU. */
void vcpu_sync_lines(struct vcpu *v);
/* A vCPU's lines changed from any CPU: synced here, or its CPU told. */
void la_vcpu_lines_changed(struct vcpu *v);
/* The IOCSR accesses a guest makes (GSPR). */
int viocsr_access(struct vcpu *v, u64 addr, u32 size, bool write, u64 *val);

_Noreturn void vcpu_enter(const struct trap_frame *regs,
			  struct trap_frame *frame);

static inline u64 frame_reg(const struct trap_frame *f, unsigned r)
{
	return r ? f->r[r] : 0;
}

static inline void frame_set_reg(struct trap_frame *f, unsigned r, u64 v)
{
	if (r)
		f->r[r] = v;
}

#endif
