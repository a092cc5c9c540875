/*
 * Exception handling. start.S saves x0-x30, ELR_EL1 and SPSR_EL1 into a
 * struct exc_frame on the stack and calls exc_dispatch(); whatever the
 * handler leaves in the frame is restored before the eret.
 */
#include "guest.h"

/* Vector index = offset in the table / 0x80. */
#define VEC_CUR_SPX_SYNC 4
#define VEC_CUR_SPX_IRQ	 5

struct exc_frame {
	uint64_t x[31];
	uint64_t pad;
	uint64_t elr;
	uint64_t spsr;
};

_Static_assert(sizeof(struct exc_frame) == 272, "frame layout, see start.S");

static volatile uint32_t probe_armed;
static volatile uint32_t probe_faulted;

void system_off(void)
{
	smccc_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	gprint("system off failed\n");
	park();
}

static void __attribute__((noreturn)) unexpected(struct exc_frame *f)
{
	gprint("unexpected exception esr=0x%lx elr=0x%lx far=0x%lx\n",
	       read_sysreg(esr_el1), f->elr, read_sysreg(far_el1));
	system_off();
}

/*
 * A data abort (EC 0x25) or, for an hvc with no EL2 behind it (bare QEMU),
 * an UNDEFINED instruction (EC 0x00) inside a probe is skipped; the hvc
 * then returns SMCCC NOT_SUPPORTED in x0.
 */
static bool handle_probe(struct exc_frame *f, unsigned int ec)
{
	if (!probe_armed || (ec != EC_DABT_CUR_EL && ec != EC_UNKNOWN))
		return false;
	probe_faulted = 1;
	if (ec == EC_UNKNOWN)
		f->x[0] = (uint64_t)SMCCC_NOT_SUPPORTED;
	f->elr += 4;
	return true;
}

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	switch (vec) {
	case VEC_CUR_SPX_SYNC:
		if (!handle_probe(f, ESR_EC(read_sysreg(esr_el1))))
			unexpected(f);
		break;
	case VEC_CUR_SPX_IRQ:
		irq_handler();
		break;
	default:
		unexpected(f);
	}
}

bool probe_read32(uintptr_t addr, uint32_t *val)
{
	probe_faulted = 0;
	probe_armed = 1;
	*val = mmio_read32(addr);
	probe_armed = 0;
	return !probe_faulted;
}

long probe_hvc(unsigned long fid, unsigned long a1)
{
	long ret;

	probe_armed = 1;
	ret = smccc_hvc(fid, a1, 0, 0);
	probe_armed = 0;
	return ret;
}
