/* Guarded probes of the aarch64 bare-metal guests (one CPU probes). */
#include "probe.h"
#include "exc.h"
#include "mmio.h"
#include "smccc.h"
#include "sysreg.h"

static volatile uint32_t probe_armed;
static volatile uint32_t probe_faulted;

/*
 * A data abort (EC 0x25) or, for an hvc with no EL2 behind it (bare
 * QEMU), an UNDEFINED instruction (EC 0x00) inside a probe is skipped;
 * the hvc then returns SMCCC NOT_SUPPORTED in x0.
 */
bool probe_fault(struct exc_frame *f, unsigned int ec)
{
	if (!probe_armed || (ec != EC_DABT_CUR_EL && ec != EC_UNKNOWN))
		return false;
	probe_faulted = 1;
	if (ec == EC_UNKNOWN)
		f->x[0] = (uint64_t)SMCCC_NOT_SUPPORTED;
	f->elr += 4;
	return true;
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
