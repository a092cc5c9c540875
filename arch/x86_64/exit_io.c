/*
 * I/O-instruction exits (every port exits: unconditional I/O exiting).
 * The zone's COM port, the shutdown port and the small devices of
 * pio_devices.c are emulated; any other port reads as all ones and
 * ignores writes, like an empty ISA bus (reported for the first few
 * ports). String I/O (INS/OUTS, with or without REP) moves its elements
 * between the port and guest memory at ES:RDI / DS:RSI, forward or
 * backward (RFLAGS.DF [10]), address size from the CPU mode.
 */
#include "arch/x86_64/guest_policy.h"
#include "arch/x86_64/pio_devices.h"
#include "arch/x86_64/vmx.h"
#include "arch/x86_64/vmx_internal.h"
#include "arch/x86_64/x86.h"
#include "cvisor/bits.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "drivers/uart/uart8250_pio_virt.h"
#include "lib/string.h"

/* Unknown ports logged per vCPU (a Linux boot probes many), ahead of the
 * zone's own zone_warn() budget, which they would otherwise use up. */
#define IO_WARN_MAX  8
#define RFLAGS_DF    BIT(10)
#define STRING_CHUNK 4096 /* elements per exit; REP resumes after */
#define VEC_GP	     13

/* IN to AL/AX/EAX: the bytes above the access keep their value (a
 * 32-bit IN zero-extends into RAX, as in 64-bit mode). */
static void io_in_result(struct guest_regs *regs, u8 size, u32 v)
{
	u64 mask;

	if (size >= 4) { /* size is 1, 2 or 4 */
		regs->r[REG_RAX] = v;
		return;
	}
	mask = BIT(size * 8) - 1;
	regs->r[REG_RAX] = (regs->r[REG_RAX] & ~mask) | (v & mask);
}

static void io_nothing(struct vcpu *vcpu, const struct io_exit *io, u32 *v)
{
	if (vcpu->arch.io_warned < IO_WARN_MAX) {
		vcpu->arch.io_warned++;
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: %s of %u byte(s) at port 0x%x: no "
			  "device (reads all ones)",
			  vcpu->zone->id, vcpu->id, io->in ? "IN" : "OUT",
			  io->size, io->port);
	}
	if (io->in)
		*v = 0xffffffffu;
}

static void io_shutdown(struct vcpu *vcpu, u8 byte)
{
	if (io_shutdown_byte(&vcpu->arch.shutdown_match, byte)) {
		pr_info("zone %u vcpu%u: \"Shutdown\" at port 0x8900",
			vcpu->zone->id, vcpu->id);
		vmx_log_exit_counts(vcpu->zone);
		zone_shutdown(vcpu->zone);
	}
}

static void io_console(struct v8250 *con, const struct io_exit *io, u32 *v)
{
	for (u8 i = 0; i < io->size; i++) {
		u32 b = (*v >> (8 * i)) & 0xff;

		v8250_io(con, (u16)(io->port - v8250_port(con) + i), io->in,
			 &b);
		*v = (*v & ~(0xffu << (8 * i))) | (b & 0xff) << (8 * i);
	}
}

/* One access; *v is the value written or read (its low io->size bytes).
 * RIP is already past the instruction when this may not return. */
static void io_access(struct vcpu *vcpu, const struct io_exit *io, u32 *v)
{
	struct v8250 *con = v8250_of(vcpu->zone);
	enum io_target t =
	    io_route(io->port, io->size, con ? v8250_port(con) : 0);

	switch (t) {
	case IO_CONSOLE:
		io_console(con, io, v);
		break;
	case IO_SHUTDOWN:
		if (!io->in)
			io_shutdown(vcpu, (u8)*v);
		else
			*v = 0xff;
		break;
	case IO_NOTHING:
		io_nothing(vcpu, io, v);
		break;
	default:
		pio_device_io(vcpu, t, io->port, io->in, v);
		break;
	}
}

static u64 masked(u64 v, unsigned bits)
{
	return bits == 64 ? v : v & BITS(bits - 1, 0);
}

/* Where one element of INS/OUTS goes in the zone's RAM: INS writes it
 * (the region needs "w"), OUTS reads it ("r"), as the guest's own access
 * would through EPT. Otherwise false and logged: the caller injects #GP. */
static bool string_target(struct vcpu *vcpu, const struct io_exit *io, u64 lin,
			  paddr_t *pa)
{
	u32 need = io->in ? CV_MEM_WRITE : CV_MEM_READ;
	const char *why = "not the zone's RAM";
	u64 gpa = 0;
	int err = -CV_EINVAL;

	if (vmx_guest_linear_to_phys(vcpu, lin, &gpa))
		err = zone_ram_access(vcpu->zone, ipa_init(gpa), io->size, need,
				      pa);
	if (!err)
		return true;
	if (err == -CV_EPERM)
		why = io->in ? "RAM the zone may not write"
			     : "RAM the zone may not read";
	/* rate-limited: a guest can repeat it at will */
	zone_warn(
	    vcpu->zone,
	    "zone %u vcpu%u: %s of %u byte(s) at port 0x%x, memory 0x%llx "
	    "(gpa 0x%llx): %s: #GP injected",
	    vcpu->zone->id, vcpu->id, io->in ? "INS" : "OUTS", io->size,
	    io->port, (unsigned long long)lin, (unsigned long long)gpa, why);
	return false;
}

/* INS stores at ES:RDI, OUTS loads from DS:RSI (segment overrides are
 * not decoded: DS is what compilers and Linux use). */
static void io_string(struct vcpu *vcpu, struct guest_regs *regs,
		      const struct io_exit *io)
{
	unsigned bits = vmx_guest_mode_bits();
	u32 idx = io->in ? REG_RDI : REG_RSI;
	u64 seg = bits == 64 ? 0
		  : io->in   ? vmread(VMCS_GUEST_ES_BASE)
			     : vmread(VMCS_GUEST_ES_BASE + 2 * SEG_DS);
	s64 step =
	    vmread(VMCS_GUEST_RFLAGS) & RFLAGS_DF ? -(s64)io->size : io->size;
	u64 count = io->rep ? masked(regs->r[REG_RCX], bits) : 1;
	u32 n = 0;

	for (; count && n < STRING_CHUNK; count--, n++) {
		u64 lin = seg + masked(regs->r[idx], bits);
		u32 v = 0;
		paddr_t pa;

		if (bits != 64)
			lin = (u32)lin;
		if (!string_target(vcpu, io, lin, &pa)) {
			vmx_inject_exception(VEC_GP, true, 0);
			return;
		}
		if (!io->in)
			memcpy(&v, pa_to_hv(pa), io->size);
		io_access(vcpu, io, &v);
		if (io->in)
			memcpy(pa_to_hv(pa), &v, io->size);
		regs->r[idx] = (regs->r[idx] & ~BITS(bits - 1, 0)) |
			       masked(regs->r[idx] + (u64)step, bits);
		if (io->rep)
			regs->r[REG_RCX] =
			    (regs->r[REG_RCX] & ~BITS(bits - 1, 0)) |
			    masked(count - 1, bits);
	}
	if (!count)
		vmx_skip_insn(); /* else the REP instruction goes on */
}

void vmx_exit_io(struct vcpu *vcpu, struct guest_regs *regs, u64 qual)
{
	struct io_exit io = io_decode_qualification(qual);
	u32 v = (u32)regs->r[REG_RAX];

	if (io.string) {
		io_string(vcpu, regs, &io);
		return;
	}
	vmx_skip_insn(); /* before: a power-off or reboot does not return */
	io_access(vcpu, &io, &v);
	if (io.in)
		io_in_result(regs, io.size, v);
}
