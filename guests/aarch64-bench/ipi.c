/*
 * The IPI measurement: vCPU 0 sends SGI 1 to vCPU 1 (a write of
 * ICC_SGI1R_EL1), whose handler answers with SGI 2; vCPU 0's handler
 * counts the answer. N_IPI round trips are timed with CNTVCT_EL0
 * (loop_ipi in start.S): under -icount shift=0 that counts the
 * instructions of both CPUs, so half a round trip is one IPI from the
 * sender's write to the target's handler, its EOI and the target's WFI.
 *
 * It needs a second CPU: PSCI CPU_ON of MPIDR 1 (QEMU -smp 2 directly,
 * guests/aarch64-bench/zone-ipi.json under cvisor). Without one it prints
 * nothing.
 */
#include "bench.h"

#define PSCI_CPU_ON_64 0xc4000003UL
#define N_IPI	       200
#define ICC_IAR1_EL1   "S3_0_C12_C12_0"

/* ICC_SGI1R_EL1: INTID [27:24], Aff1 [23:16] = 0, TargetList [15:0]. */
#define SGI1R(intid, cpu) (((uint64_t)(intid) << 24) | (1UL << (cpu)))

static volatile uint32_t pongs, secondary_up;

static void send_sgi(uint64_t v)
{
	__asm__ volatile("msr S3_0_C12_C11_5, %0\n\tisb" : : "r"(v) : "memory");
}

bool ipi_irq(uint32_t intid)
{
	if (intid == SGI_PING) {
		send_sgi(SGI1R(SGI_PONG, 0));
		return true;
	}
	if (intid == SGI_PONG) {
		pongs = pongs + 1;
		return true;
	}
	return false;
}

/* vCPU 1: its redistributor and CPU interface, then wait for SGIs. */
void ipi_secondary_main(void)
{
	gic_cpu_init(IPI_SGIS);
	secondary_up = 1;
	__asm__ volatile("sev" : : : "memory");
	__asm__ volatile("msr daifclr, #2" : : : "memory");
	for (;;)
		__asm__ volatile("wfi" : : : "memory");
}

void bench_ipi(void)
{
	long ret = smccc_hvc(PSCI_CPU_ON_64, 1,
			     (unsigned long)(uintptr_t)_start_secondary, 0);

	if (ret != 0)
		return; /* one CPU: no IPI to measure */
	while (!secondary_up)
		__asm__ volatile("wfe" : : : "memory");
	report("ipi", loop_ipi(N_IPI, &pongs, SGI1R(SGI_PING, 1)), N_IPI);
}
