/* loongarch64 CPU services for the core: start, wait, stop, identity. */
#include "arch/loongarch64/board.h"
#include "arch/loongarch64/csr.h"
#include "arch/loongarch64/entry.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/loongarch_ipi.h"
#include "lib/printf.h"

u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE] __attribute__((aligned(16)));

/* EENTRY and TLBRENTRY take 4 KiB-aligned addresses (VA [63:12]);
 * ECFG.VS = 0 sends every exception and interrupt to EENTRY. The machine
 * error entry (MERRENTRY) shares EENTRY: it only reports and stops. */
void arch_install_trap_vector(void)
{
	csr_xchg(CSR_ECFG, 0, ECFG_VS);
	csr_write(CSR_EENTRY, (u64)(uintptr_t)exc_entry);
	csr_write(CSR_TLBRENTRY, (u64)(uintptr_t)tlbr_entry);
	csr_write(CSR_MERRENTRY, (u64)(uintptr_t)exc_entry);
}

/* axvisor's has_hardware_support: CPUCFG word 2 bit 10 (LVZ). GSTAT is
 * no witness: a CPU without LVZ may read it as 0 without trapping. */
bool arch_hw_virt_supported(char *why, size_t len)
{
	u32 cfg2 = cpucfg(2);

	if (!(cfg2 & CPUCFG2_LVZ)) {
		cv_snprintf(why, len, "no LVZ: CPUCFG2=0x%x, bit 10 (LVZ) = 0",
			    cfg2);
		return false;
	}
	cv_snprintf(why, len, "LVZ: CPUCFG2=0x%x, LVZ_VER=%u", cfg2,
		    (unsigned)CPUCFG2_LVZVER(cfg2));
	return true;
}

/* Set by secondary_entry (entry.S) when the CPU got its mailbox. */
u32 cpu_arrived[MAX_CPUS];

static u64 stable_counter(void)
{
	u64 t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

/* Stable counter ticks per millisecond: CPUCFG4 is the crystal frequency,
 * CPUCFG5 [15:0]/[31:16] its multiplier/divider. */
static u64 ticks_per_ms(void)
{
	u64 mul = FIELD_GET(15, 0, cpucfg(5)),
	    div = FIELD_GET(31, 16, cpucfg(5));

	return (u64)cpucfg(4) * (mul ? mul : 1) / (div ? div : 1) / 1000;
}

/*
 * Mailbox + IPI, repeated every millisecond until the CPU says it
 * arrived (at most five seconds: a loaded host may not run the other
 * emulated CPU for a while). Repeating matters: QEMU 9 (QEMU-LVZ) only
 * starts a secondary's boot ROM when the first IPI arrives, and the ROM
 * clears the mailbox before it enables and waits for the IPI.
 */
int arch_cpu_start(u32 cpuid, u64 hwid)
{
	u64 period = ticks_per_ms(), start = stable_counter(), last = 0;

	while (!__atomic_load_n(&cpu_arrived[cpuid], __ATOMIC_ACQUIRE)) {
		u64 now = stable_counter();

		if (now - start > 5000 * period)
			return -CV_EIO; /* it never arrived */
		if (last && now - last < period)
			continue;
		last = now;
		if (ipi_mailbox_start((u32)hwid,
				      (u64)(uintptr_t)secondary_entry, cpuid))
			return -CV_EINVAL;
	}
	return 0;
}

void arch_set_this_cpu(struct percpu *cpu)
{
	csr_write(CSR_SAVE(1), (u64)(uintptr_t)cpu);
}

struct percpu *this_cpu(void)
{
	return (struct percpu *)(uintptr_t)csr_read(CSR_SAVE(1));
}

void arch_cpu_relax(void)
{
	__asm__ volatile("nop" ::: "memory");
}

/* No WFE/SEV on LoongArch: waiters idle with CRMD.IE = 0 (a pending,
 * enabled interrupt ends IDLE without being taken) and signallers send
 * the event IPI to every other CPU. */
void arch_wait_event(void)
{
	__asm__ volatile("idle 0" ::: "memory");
	ipi_clear(IPI_VEC_EVENT);
}

void arch_send_event(void)
{
	__asm__ volatile("dbar 0" ::: "memory");
	ipi_send_event_to_others();
}

/* IDLE first with interrupts masked (an interrupt that arrived before
 * still ends it), then open CRMD.IE so the interrupt is taken here. */
void arch_wait_interrupt(void)
{
	__asm__ volatile("dbar 0\n\tidle 0" ::: "memory");
	csr_xchg(CSR_CRMD, CRMD_IE, CRMD_IE);
	csr_xchg(CSR_CRMD, 0, CRMD_IE);
}

_Noreturn void arch_cpu_park(void)
{
	csr_xchg(CSR_CRMD, 0, CRMD_IE);
	csr_write(CSR_ECFG, 0);
	for (;;)
		__asm__ volatile("idle 0" ::: "memory");
}

_Noreturn void arch_system_off(void)
{
	board_power_off();
	arch_cpu_park();
}

_Noreturn void arch_system_reset(void)
{
	board_reset();
	arch_cpu_park();
}

/* Memory and cache: cvisor sees all physical memory through DMW0 (see
 * entry.S), so there is nothing to map. LoongArch keeps data caches
 * coherent; a new image only needs the instruction fetch barrier. */
int arch_map_hv_memory(paddr_t base, u64 size, bool device)
{
	(void)base;
	(void)size;
	(void)device;
	return 0;
}

void arch_dcache_clean(const void *va, u64 size)
{
	(void)va;
	(void)size;
	__asm__ volatile("dbar 0\n\tibar 0" ::: "memory");
}
