/*
 * EPT violations. An access to an emulated device (a region of the zone's
 * MMIO table) is decoded (insn_decode.c) and emulated; anything else, or
 * an instruction fetch, is a guest error: #GP(0) is injected, the zone's
 * other memory stays untouched. Qualification (SDM 28.2.1, table 28-7):
 * [0] read, [1] write, [2] fetch; the address is GUEST_PHYSICAL_ADDRESS.
 * Decoding needs the instruction bytes: they are fetched at CS:RIP
 * through the guest's own page tables (guest_mem.c) and the zone's RAM.
 */
#include "arch/x86_64/insn_decode.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/log.h"
#include "cvisor/mmio.h"
#include "cvisor/zone.h"
#include "lib/string.h"

#define VEC_GP	       13
#define EPT_QUAL_WRITE BIT(1)
#define EPT_QUAL_FETCH BIT(2)
#define AR_L	       BIT(13) /* CS access rights: 64-bit code */
#define AR_DB	       BIT(14) /* CS access rights: 32-bit default */
#define EFER_LMA       BIT(10)
#define MAX_INSN       15

unsigned vmx_guest_mode_bits(void)
{
	u64 cs_ar = vmread(VMCS_GUEST_ES_AR + 2 * SEG_CS);

	if (!(vmread(VMCS_GUEST_CR0) & CR0_PE))
		return 16;
	if ((vmread(VMCS_GUEST_EFER) & EFER_LMA) && (cs_ar & AR_L))
		return 64;
	return cs_ar & AR_DB ? 32 : 16;
}

/* Up to 15 instruction bytes at CS:RIP (in 64-bit mode the CS base is
 * 0); fewer when the instruction ends before the mapped memory does. */
static u32 fetch_insn(struct vcpu *vcpu, u8 *buf)
{
	u64 lin = vmread(VMCS_GUEST_RIP);
	u32 n = MAX_INSN;

	if (vmx_guest_mode_bits() != 64)
		lin = (u32)(lin + vmread(VMCS_GUEST_CS_BASE));
	while (n && !vmx_read_guest_linear(vcpu, lin, buf, n))
		n--;
	return n;
}

static u64 reg_value(const struct guest_regs *regs, const struct mmio_insn *in)
{
	u64 v = in->reg == REG_RSP ? vmread(VMCS_GUEST_RSP) : regs->r[in->reg];

	return in->high8 ? v >> 8 : v;
}

/* Loads follow the architecture: 32-bit results zero-extend, 8/16-bit
 * ones replace only their bytes (bits 15:8 for AH..BH). */
static void set_reg(struct guest_regs *regs, const struct mmio_insn *in, u64 v)
{
	u64 *r = &regs->r[in->reg];

	if (in->high8)
		*r = (*r & ~BITS(15, 8)) | (v & 0xff) << 8;
	else if (in->dest_size >= 4)
		*r = in->dest_size == 8 ? v : (u32)v;
	else
		*r = (*r & ~BITS(in->dest_size * 8 - 1, 0)) |
		     (v & BITS(in->dest_size * 8 - 1, 0));
}

static void emulate(struct vcpu *vcpu, struct guest_regs *regs, u64 gpa)
{
	u8 code[MAX_INSN];
	u32 n = fetch_insn(vcpu, code);
	struct mmio_insn in;
	struct mmio_access a = {.addr = ipa_init(gpa)};

	vcpu->nr_mmio++;
	if (x86_decode_mmio(code, n, vmx_guest_mode_bits(), &in) ||
	    in.reg == REG_RSP)
		vmx_stop_zone(vcpu, "MMIO by an instruction cvisor cannot "
				    "decode");
	a.size = in.size;
	a.write = in.write;
	if (in.write)
		a.value = (in.has_imm ? in.imm : reg_value(regs, &in)) &
			  BITS(in.size * 8 - 1, 0);
	if (mmio_dispatch(&vcpu->zone->mmio, vcpu, &a)) {
		zone_warn(
		    vcpu->zone,
		    "zone %u vcpu%u: MMIO %s at gpa 0x%llx refused by the "
		    "device: #GP injected",
		    vcpu->zone->id, vcpu->id, in.write ? "write" : "read",
		    (unsigned long long)gpa);
		vmx_inject_exception(VEC_GP, true, 0);
		return;
	}
	if (!in.write)
		set_reg(regs, &in, a.value & BITS(in.size * 8 - 1, 0));
	vmwrite(VMCS_GUEST_RIP, vmread(VMCS_GUEST_RIP) + in.len);
}

void vmx_exit_ept_violation(struct vcpu *vcpu, struct guest_regs *regs,
			    u64 qual)
{
	u64 gpa = vmread(VMCS_GUEST_PHYS_ADDR);

	if (!(qual & EPT_QUAL_FETCH) &&
	    mmio_find(&vcpu->zone->mmio, ipa_init(gpa), 1)) {
		emulate(vcpu, regs, gpa);
		return;
	}
	zone_warn(
	    vcpu->zone,
	    "zone %u vcpu%u: EPT violation: %s at gpa 0x%llx (rip 0x%llx): "
	    "no memory or device of the zone there: #GP injected",
	    vcpu->zone->id, vcpu->id,
	    qual & EPT_QUAL_FETCH   ? "fetch"
	    : qual & EPT_QUAL_WRITE ? "write"
				    : "read",
	    (unsigned long long)gpa,
	    (unsigned long long)vmread(VMCS_GUEST_RIP));
	vmx_inject_exception(VEC_GP, true, 0);
}
