/*
 * arch/fake: cvisor/arch.h implemented on the host, so that core code
 * (zone life cycle, vCPUs, events) runs in unit tests under ASan/UBSan.
 *
 * CPUs are simulated one at a time on the test's thread. fake_cpu_step(c)
 * makes CPU c do what it would do when woken: run its vCPU loop until it
 * enters its guest (arch_vcpu_run) or has nothing left to do
 * (arch_wait_interrupt with no event). A CPU that waits for others
 * (arch_cpu_relax) lets every other CPU take a step, as real CPUs would
 * run meanwhile. The _Noreturn hooks return to the step with longjmp.
 */
#ifndef CVISOR_ARCH_FAKE_H
#define CVISOR_ARCH_FAKE_H

#include "cvisor/types.h"

struct pt_format;
struct vcpu;

#define FAKE_IRQS      128 /* arch_irqchip_nr_irqs() */
#define FAKE_FIRST_SPI 32
#define FAKE_IPA_BITS  40

/* What the fake machine saw, for the tests to check. */
struct fake_machine {
	u32 current;		 /* the CPU the test's code runs on */
	u32 released[FAKE_IRQS]; /* arch_irqchip_release() per interrupt */
	u32 claimed[FAKE_IRQS];	 /* arch_irqchip_claim() per interrupt */
	u32 powered_off;	 /* arch_system_off() calls */
	u32 resets;		 /* arch_system_reset() calls */
};

extern struct fake_machine fake;

/* Run the test's code as CPU cpu from now on. */
void fake_set_cpu(u32 cpu);
/* Let CPU cpu run until its guest runs or it idles (see above). */
void fake_cpu_step(u32 cpu);
/* The vCPU CPU cpu last entered, or NULL when it idles in cvisor. */
struct vcpu *fake_in_guest(u32 cpu);

/* The fake's stage-2 format (4 KiB pages, four levels, as Arm's). */
extern const struct pt_format fake_stage2_format;

#endif
