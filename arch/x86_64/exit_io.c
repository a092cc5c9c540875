/*
 * I/O-instruction exits (every port exits: unconditional I/O exiting).
 * The zone's COM port and the shutdown port are emulated; any other port
 * reads as all ones and ignores writes, like an empty ISA bus (reported
 * for the first few ports). String I/O (INS/OUTS) is not emulated yet:
 * the zone is stopped.
 */
#include "arch/x86_64/guest_policy.h"
#include "arch/x86_64/vmx_internal.h"
#include "cvisor/bits.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "drivers/uart/uart8250_pio_virt.h"

#define IO_WARN_MAX 8

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

static void io_nothing(struct vcpu *vcpu, const struct io_exit *io,
		       struct guest_regs *regs)
{
	if (vcpu->arch.io_warned < IO_WARN_MAX) {
		vcpu->arch.io_warned++;
		pr_warn("zone %u vcpu%u: %s of %u byte(s) at port 0x%x: no "
			"device (reads all ones)",
			vcpu->zone->id, vcpu->id, io->in ? "IN" : "OUT",
			io->size, io->port);
	}
	if (io->in)
		io_in_result(regs, io->size, 0xffffffffu);
}

static void io_shutdown(struct vcpu *vcpu, u8 byte)
{
	if (io_shutdown_byte(&vcpu->arch.shutdown_match, byte)) {
		pr_info("zone %u vcpu%u: \"Shutdown\" at port 0x8900",
			vcpu->zone->id, vcpu->id);
		zone_shutdown(vcpu->zone);
	}
}

void vmx_exit_io(struct vcpu *vcpu, struct guest_regs *regs, u64 qual)
{
	struct io_exit io = io_decode_qualification(qual);
	struct v8250 *con = v8250_of(vcpu->zone);
	u32 v = (u32)regs->r[REG_RAX];

	if (io.string)
		vmx_stop_zone(vcpu, "string I/O (INS/OUTS) is not emulated");
	switch (io_route(io.port, io.size, con ? v8250_port(con) : 0)) {
	case IO_CONSOLE:
		for (u8 i = 0; i < io.size; i++) {
			u32 b = (v >> (8 * i)) & 0xff;

			v8250_io(con, (u16)(io.port - v8250_port(con) + i),
				 io.in, &b);
			v = (v & ~(0xffu << (8 * i))) | (b & 0xff) << (8 * i);
		}
		if (io.in)
			io_in_result(regs, io.size, v);
		break;
	case IO_SHUTDOWN:
		vmx_skip_insn(); /* before: zone_shutdown may not return */
		if (!io.in)
			io_shutdown(vcpu, (u8)v);
		else
			io_in_result(regs, 1, 0xff);
		return;
	case IO_NOTHING:
		io_nothing(vcpu, &io, regs);
		break;
	}
	vmx_skip_insn();
}
