/*
 * Guest-page faults (scause 20/21/23): emulated MMIO, or an access fault
 * (scause 1/5/7) reflected into the guest: what the hart raises for an
 * address with no memory behind it, which a guest kernel turns into a
 * signal (a page fault would make Linux retry a present mapping forever). The
 * faulting guest-physical address is htval << 2 | stval[1:0] (8.6.3). QEMU 7.2
 * leaves htinst at 0, so the instruction is read from guest memory with
 * HLVX.HU, one halfword at a time (a 32-bit instruction may cross a page).
 */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/insn.h"
#include "arch/riscv64/riscv.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"

/* htinst, when the hart fills it: bit 0 set = a transformed load/store
 * whose bit 1 says whether the original was 32-bit (1) or 16-bit (0). */
static int fetch_insn(const struct trap_frame *f, u32 *insn)
{
	u64 htinst = csr_read(CSR_HTINST);
	long lo, hi;

	if (htinst & 1) {
		*insn = (u32)htinst | 2;
		return (htinst & 2) ? 4 : 2;
	}
	lo = riscv_guest_fetch_half(f->sepc);
	if (lo < 0)
		return -CV_EIO;
	if (!insn_is_32bit((u16)lo)) {
		*insn = (u32)lo;
		return 2;
	}
	hi = riscv_guest_fetch_half(f->sepc + 2);
	if (hi < 0)
		return -CV_EIO;
	*insn = (u32)lo | (u32)hi << 16;
	return 4;
}

/* stval is read before any HLVX: a faulting fetch overwrites it. */
struct fault {
	u64 gpa;
	u64 stval;
	bool store;
};

static void reject(struct vcpu *vcpu, struct trap_frame *f,
		   const struct fault *ft, bool write, unsigned size,
		   const char *why)
{
	u64 cause = write ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS;

	zone_warn(vcpu->zone,
		  "zone %u vcpu%u: %s %s of %u bytes at gpa 0x%llx pc=0x%llx: "
		  "access fault injected",
		  vcpu->zone->id, vcpu->id, why, write ? "write" : "read", size,
		  (unsigned long long)ft->gpa, (unsigned long long)f->sepc);
	riscv_inject_exception(f, cause, ft->stval);
}

static void emulate(struct vcpu *vcpu, struct trap_frame *f,
		    const struct fault *ft)
{
	struct mmio_insn d;
	struct mmio_access a;
	u32 insn = 0;
	int len = fetch_insn(f, &insn);
	int err;

	if (len < 0 || insn_decode_mmio(insn, &d) || d.write != ft->store) {
		reject(vcpu, f, ft, ft->store, 0, "undecodable");
		return;
	}
	a = (struct mmio_access){
	    .addr = ipa_init(ft->gpa),
	    .size = d.size,
	    .write = d.write,
	    .value = d.write ? f->x[d.reg] : 0,
	};
	if (d.write && d.size < 8)
		a.value &= BITS(d.size * 8 - 1, 0);
	vcpu->nr_mmio++;
	err = mmio_dispatch(&vcpu->zone->mmio, vcpu, &a);
	if (err) {
		reject(vcpu, f, ft, d.write, d.size,
		       err == -CV_ENOENT ? "illegal" : "refused");
		return;
	}
	if (!d.write && d.reg)
		f->x[d.reg] = insn_load_extend(&d, a.value);
	f->sepc += (u64)len;
}

void riscv_guest_page_fault(struct vcpu *vcpu, struct trap_frame *f, u64 scause)
{
	u64 stval = csr_read(CSR_STVAL);
	struct fault ft = {csr_read(CSR_HTVAL) << 2 | (stval & 3), stval,
			   scause == EXC_STORE_GUEST_FAULT};

	if (scause == EXC_INST_GUEST_FAULT) {
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: instruction fetch at gpa 0x%llx "
			  "pc=0x%llx: access fault injected",
			  vcpu->zone->id, vcpu->id, (unsigned long long)ft.gpa,
			  (unsigned long long)f->sepc);
		riscv_inject_exception(f, EXC_INST_ACCESS, stval);
		return;
	}
	emulate(vcpu, f, &ft);
}
