/* aarch64 CPU services for the core: start, wait, stop, identity. */
#include "arch/aarch64/entry.h"
#include "arch/aarch64/psci_host.h"
#include "arch/aarch64/sysreg.h"
#include "cvisor/arch.h"
#include "cvisor/percpu.h"
#include "lib/printf.h"

/* In .bss but not cleared at boot (linker.ld). */
u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE]
    __attribute__((aligned(16), section(".bss.hv_stacks")));

s64 smc_call(u64 fid, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fid;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (s64)x0;
}

void arch_install_trap_vector(void)
{
	write_sysreg(vbar_el2, (u64)(uintptr_t)el2_vectors);
	isb();
}

bool arch_hw_virt_supported(char *why, size_t len)
{
	u64 el = FIELD_GET(3, 2, read_sysreg(CurrentEL));

	if (el != 2) {
		cv_snprintf(why, len, "CurrentEL=%llu, cvisor needs EL2",
			    (unsigned long long)el);
		return false;
	}
	cv_snprintf(why, len, "EL2, ID_AA64MMFR1_EL1.VH=%llu",
		    (unsigned long long)FIELD_GET(
			11, 8, read_sysreg(id_aa64mmfr1_el1)));
	return true;
}

/* QEMU's PSCI rejects CPU_ON when MPIDR bit 31 (RES1) is set: pass only
 * the affinity fields Aff3 [39:32] and Aff2..Aff0 [23:0]. */
int arch_cpu_start(u32 cpuid, u64 hwid)
{
	u64 target = hwid & (BITS(39, 32) | BITS(23, 0));

	return (int)smc_call(PSCI_CPU_ON_64, target,
			     (u64)(uintptr_t)secondary_entry, cpuid);
}

void arch_set_this_cpu(struct percpu *cpu)
{
	write_sysreg(tpidr_el2, (u64)(uintptr_t)cpu);
}

struct percpu *this_cpu(void)
{
	return (struct percpu *)(uintptr_t)read_sysreg(tpidr_el2);
}

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

void arch_wait_event(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

void arch_send_event(void)
{
	dsb(ish);
	__asm__ volatile("sev" ::: "memory");
}

void arch_wait_interrupt(void)
{
	dsb(sy);
	__asm__ volatile("msr daifclr, #2\n\twfi\n\tmsr daifset, #2" ::
			     : "memory");
}

_Noreturn void arch_cpu_park(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

_Noreturn void arch_system_off(void)
{
	smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	arch_cpu_park();
}

_Noreturn void arch_system_reset(void)
{
	smc_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	arch_cpu_park();
}
