/*
 * Guarded probes: a load or an hvc that may fault.  The guest's
 * exc_dispatch() hands a synchronous exception to probe_fault() first.
 */
#ifndef AARCH64_COMMON_PROBE_H
#define AARCH64_COMMON_PROBE_H

#include <stdbool.h>
#include <stdint.h>

struct exc_frame;

/* A load that may abort (a register that might not exist). */
bool probe_read32(uintptr_t addr, uint32_t *val);

/* An SMCCC call that may be UNDEFINED (no EL2): NOT_SUPPORTED then. */
long probe_hvc(unsigned long fid, unsigned long a1);

/*
 * A data abort (EC 0x25) or an UNDEFINED instruction (EC 0x00) inside a
 * probe: skip the instruction (an hvc then returns NOT_SUPPORTED in x0)
 * and return true.  False when no probe is armed or for any other EC.
 */
bool probe_fault(struct exc_frame *f, unsigned int ec);

#endif /* AARCH64_COMMON_PROBE_H */
