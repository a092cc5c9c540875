/*
 * Reflecting an exception into a guest: what the hart does when it takes
 * a trap into VS-mode (privileged spec 4.1.1, 8.6.4): vsepc = pc,
 * vscause, vstval; vsstatus.SPP = the previous privilege (hstatus.SPVP),
 * SPIE = SIE, SIE = 0; continue at vstvec's base (exceptions are never
 * vectored) in VS-mode.
 */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/riscv.h"
#include "cvisor/percpu.h"

#define VSSTATUS_SIE  BIT(1)
#define VSSTATUS_SPIE BIT(5)
#define VSSTATUS_SPP  BIT(8)

void riscv_inject_exception(struct trap_frame *f, u64 cause, u64 tval)
{
	u64 vsstatus = csr_read(CSR_VSSTATUS);

	vsstatus &= ~(VSSTATUS_SPP | VSSTATUS_SPIE);
	if (f->hstatus & HSTATUS_SPVP)
		vsstatus |= VSSTATUS_SPP;
	if (vsstatus & VSSTATUS_SIE)
		vsstatus |= VSSTATUS_SPIE;
	vsstatus &= ~VSSTATUS_SIE;
	csr_write(CSR_VSSTATUS, vsstatus);
	csr_write(CSR_VSEPC, f->sepc);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	f->sepc = csr_read(CSR_VSTVEC) & ~3ull;
	/* Enter the guest's handler in VS-mode (S), whatever it ran in. */
	f->hstatus |= HSTATUS_SPVP;
	f->sstatus |= SSTATUS_SPP;
}
