/* riscv64 CPU services for the core: start, wait, stop, identity. */
#include "arch/riscv64/csr.h"
#include "arch/riscv64/entry.h"
#include "arch/riscv64/riscv.h"
#include "arch/riscv64/sbi.h"
#include "cvisor/arch.h"
#include "cvisor/percpu.h"
#include "lib/printf.h"

u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE] __attribute__((aligned(16)));

/* The interrupts cvisor takes in HS-mode: software (its IPIs, sent with
 * SBI IPI), timer (the SBI-timer fallback without Sstc) and external.
 * sstatus.SIE stays 0 in cvisor; they still wake WFI, and while a guest
 * runs (V=1) HS interrupts are always enabled. */
#define SIE_HS (BIT(IRQ_S_SOFT) | BIT(IRQ_S_TIMER) | BIT(IRQ_S_EXT))

void arch_install_trap_vector(void)
{
	csr_write(CSR_STVEC, (u64)(uintptr_t)hs_trap_vector);
	csr_write(CSR_SIE, SIE_HS);
}

/* The H extension: hgatp exists (reading it traps as an illegal
 * instruction without H, which cvisor cannot catch this early), so ask
 * the DTB's riscv,isa; then confirm with hstatus.VSXL. */
bool arch_hw_virt_supported(char *why, size_t len)
{
	if (!riscv_isa_has(platform.dtb, 'h', NULL)) {
		cv_snprintf(why, len,
			    "no 'h' in riscv,isa, cvisor needs the "
			    "H extension");
		return false;
	}
	cv_snprintf(
	    why, len, "H extension, hstatus.VSXL=%llu, Sstc %s",
	    (unsigned long long)FIELD_GET(33, 32, csr_read(CSR_HSTATUS)),
	    riscv_has_sstc() ? "yes" : "no");
	return true;
}

int arch_cpu_start(u32 cpuid, u64 hwid)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, hwid,
				   (u64)(uintptr_t)secondary_entry, cpuid, 0);

	return r.error ? -1 : 0;
}

void arch_set_this_cpu(struct percpu *cpu)
{
	__asm__ volatile("mv tp, %0" ::"r"(cpu) : "memory");
	cpu->arch.hartid = cpu->hwid;
}

struct percpu *this_cpu(void)
{
	struct percpu *cpu;

	__asm__ volatile("mv %0, tp" : "=r"(cpu));
	return cpu;
}

void arch_cpu_relax(void)
{
	/* PAUSE (Zihintpause), a FENCE hint on harts without it. */
	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory");
}

/* No WFE on RISC-V: wait with WFI for cvisor's IPI (SSIP), which
 * arch_send_event() sends to every hart. */
void arch_wait_event(void)
{
	__asm__ volatile("wfi" ::: "memory");
	csr_clear(CSR_SIP, BIT(IRQ_S_SOFT));
}

void arch_send_event(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* hart_mask_base = -1: every hart. */
	sbi_call(SBI_EXT_IPI, 0, 0, ~0ull, 0, 0);
}

void arch_wait_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
	riscv_handle_hs_interrupts();
}

_Noreturn void arch_cpu_park(void)
{
	csr_write(CSR_SIE, 0);
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

_Noreturn void arch_system_off(void)
{
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, 0, 0, 0);
	arch_cpu_park();
}

_Noreturn void arch_system_reset(void)
{
	sbi_call(SBI_EXT_SRST, 0, SBI_SRST_COLD_REBOOT, 0, 0, 0);
	arch_cpu_park();
}

/* cvisor runs with satp = Bare: every physical address is reachable. */
int arch_map_hv_memory(paddr_t base, u64 size, bool device)
{
	(void)base;
	(void)size;
	(void)device;
	return 0;
}

/* QEMU's harts and the RISC-V memory model keep data coherent without
 * cache maintenance; a fence orders the copy before the guest runs. */
void arch_dcache_clean(const void *va, u64 size)
{
	(void)va;
	(void)size;
	__asm__ volatile("fence rw, rw" ::: "memory");
}
