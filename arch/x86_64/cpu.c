/* x86_64 CPU services for the core: start, wait, stop, identity. */
#include "arch/x86_64/cpu_tables.h"
#include "arch/x86_64/entry.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/lapic.h"
#include "lib/string.h"

u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE] __attribute__((aligned(16)));

#define AP_WAIT_US    100000u /* after the SIPIs, per poll step */
#define AP_WAIT_STEPS 20      /* 2 s in all */
#define MAPPED_LIMIT  GiB(4)  /* the boot page tables' identity map */

/* The GDT with this CPU's TSS, and the IDT. */
void arch_install_trap_vector(void)
{
	gdt_load_percpu(this_cpu()->id);
	idt_load();
}

/* INIT-SIPI-SIPI with the real-mode trampoline below 1 MiB; the AP reads
 * its logical id from ap_cpuid and acknowledges through ap_ack. */
int arch_cpu_start(u32 cpuid, u64 hwid)
{
	u64 size =
	    (u64)((uintptr_t)ap_trampoline_end - (uintptr_t)ap_trampoline);

	memcpy(pa_to_hv(pa_init(TRAMPOLINE_BASE)), ap_trampoline, size);
	ap_cpuid = cpuid;
	__atomic_store_n(&ap_ack, 0, __ATOMIC_RELEASE);
	lapic_send_init_sipi((u32)hwid, TRAMPOLINE_BASE >> 12, &ap_ack);
	for (int i = 0; i < AP_WAIT_STEPS; i++) {
		if (__atomic_load_n(&ap_ack, __ATOMIC_ACQUIRE))
			return 0;
		pit_delay_us(AP_WAIT_US);
	}
	return -CV_EIO;
}

/* The percpu pointer lives in IA32_GS_BASE (also the VMCS host GS base). */
void arch_set_this_cpu(struct percpu *cpu)
{
	wrmsr(MSR_IA32_GS_BASE, (u64)(uintptr_t)cpu);
}

struct percpu *this_cpu(void)
{
	return (struct percpu *)(uintptr_t)rdmsr(MSR_IA32_GS_BASE);
}

void arch_cpu_relax(void)
{
	cpu_pause();
}

/* x86 has no WFE/SEV pair; the core waits like this only while booting
 * (the idle loop halts in arch_wait_interrupt), so a PAUSE spin. */
void arch_wait_event(void)
{
	cpu_pause();
}

void arch_send_event(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* STI's one-instruction shadow makes "sti; hlt" atomic: an interrupt
 * pending before it wakes the HLT instead of being lost. */
void arch_wait_interrupt(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

_Noreturn void arch_cpu_park(void)
{
	for (;;)
		__asm__ volatile("cli; hlt" ::: "memory");
}

int arch_map_hv_memory(paddr_t base, u64 size, bool device)
{
	(void)device; /* 3-4 GiB, the MMIO hole, is mapped uncached */
	u64 b = pa_addr(base);

	if (!size || b + size > MAPPED_LIMIT || b + size < b)
		return -CV_ERANGE;
	return 0;
}

/* x86 caches are coherent with instruction fetch and with the guest's
 * view of the same memory (EPT maps it write-back): nothing to do. */
void arch_dcache_clean(const void *va, u64 size)
{
	(void)va;
	(void)size;
}
