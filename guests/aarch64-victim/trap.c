/*
 * Exceptions of the victim.  start.S saves x0-x30, ELR_EL1 and SPSR_EL1
 * in a struct exc_frame and calls exc_dispatch(); whatever the handler
 * leaves in the frame is restored before the eret.  The victim expects
 * no fault at all except inside probe_read32(): anything else is
 * reported and ends the run.
 */
#include "victim.h"

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
	say("system off failed\n");
	park();
}

static void __attribute__((noreturn))
unexpected(unsigned long vec, struct exc_frame *f)
{
	say("unexpected exception vec=%lu esr=0x%lx elr=0x%lx far=0x%lx\n", vec,
	    read_sysreg(esr_el1), f->elr, read_sysreg(far_el1));
	system_off();
}

static void sync_handler(struct exc_frame *f)
{
	unsigned int ec = ESR_EC(read_sysreg(esr_el1));

	if (!probe_armed || ec != EC_DABT_CUR_EL)
		unexpected(VEC_CUR_SPX_SYNC, f);
	probe_faulted = 1;
	f->elr += 4; /* skip the faulting load */
}

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	switch (vec) {
	case VEC_CUR_SPX_SYNC:
		sync_handler(f);
		break;
	case VEC_CUR_SPX_IRQ:
		irq_handler();
		break;
	default:
		unexpected(vec, f);
	}
}

/* A load that may abort (a register that might not exist). */
bool probe_read32(uintptr_t addr, uint32_t *val)
{
	probe_faulted = 0;
	probe_armed = 1;
	*val = mmio_read32(addr);
	probe_armed = 0;
	return !probe_faulted;
}
