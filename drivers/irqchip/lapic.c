/*
 * The local APIC, xAPIC mode: registers at IA32_APIC_BASE (4 KiB, mapped
 * uncached by the boot page tables). Used for cvisor's IPIs, EOI and
 * starting the application processors.
 */
#include "drivers/irqchip/lapic.h"

#include "arch_hw.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"

#define LAPIC_ID	0x020 /* APIC ID in bits 31:24 */
#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0 /* bit 8: APIC software enable */
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310 /* destination in bits 31:24 */
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LVT_MASKED	BIT(16)
#define SVR_ENABLE	BIT(8)

/* ICR low (10.6.1): vector [7:0], delivery mode [10:8], delivery status
 * [12], level [14] (1 = assert), trigger mode [15]. */
#define ICR_FIXED   FIELD_PREP(10, 8, 0)
#define ICR_INIT    FIELD_PREP(10, 8, 5)
#define ICR_STARTUP FIELD_PREP(10, 8, 6)
#define ICR_BUSY    BIT(12)
#define ICR_ASSERT  BIT(14)

/* IA32_APIC_BASE: base address in bits 51:12. */
static paddr_t lapic_base(void)
{
	return pa_init(rdmsr(MSR_IA32_APIC_BASE) & BITS(51, 12));
}

static volatile u32 *reg(u32 off)
{
	return pa_to_hv(pa_add(lapic_base(), off));
}

int lapic_init_early(paddr_t dtb_base)
{
	if (pa_addr(dtb_base) != pa_addr(lapic_base())) {
		pr_err("lapic: DTB says 0x%llx, IA32_APIC_BASE says 0x%llx",
		       (unsigned long long)pa_addr(dtb_base),
		       (unsigned long long)pa_addr(lapic_base()));
		return -CV_EINVAL;
	}
	return 0;
}

void lapic_init_percpu(void)
{
	*reg(LAPIC_TPR) = 0;
	*reg(LAPIC_LVT_TIMER) = LVT_MASKED;
	*reg(LAPIC_LVT_LINT0) = LVT_MASKED;
	*reg(LAPIC_LVT_ERROR) = LVT_MASKED;
	*reg(LAPIC_SVR) = SVR_ENABLE | VEC_SPURIOUS;
}

u32 lapic_id(void)
{
	return (u32)FIELD_GET(31, 24, *reg(LAPIC_ID));
}

void lapic_eoi(void)
{
	*reg(LAPIC_EOI) = 0;
}

static void send_icr(u32 apic_id, u32 low)
{
	while (*reg(LAPIC_ICR_LO) & ICR_BUSY)
		cpu_pause();
	*reg(LAPIC_ICR_HI) = (u32)FIELD_PREP(31, 24, apic_id);
	*reg(LAPIC_ICR_LO) = low; /* this write sends it */
	while (*reg(LAPIC_ICR_LO) & ICR_BUSY)
		cpu_pause();
}

void lapic_send_ipi(u32 apic_id, u8 vector)
{
	send_icr(apic_id, (u32)(ICR_FIXED | ICR_ASSERT | vector));
}

#define LVT_TSC_DEADLINE  FIELD_PREP(18, 17, 2)
#define IA32_TSC_DEADLINE 0x6e0

bool lapic_has_tsc_deadline(void)
{
	return cpuid(1, 0).ecx & BIT(24);
}

void lapic_timer_deadline(u64 tsc)
{
	if (*reg(LAPIC_LVT_TIMER) != (u32)(LVT_TSC_DEADLINE | VEC_IPI)) {
		*reg(LAPIC_LVT_TIMER) = (u32)(LVT_TSC_DEADLINE | VEC_IPI);
		/* 11.5.4.1: order the LVT write before the MSR write */
		__asm__ volatile("mfence" ::: "memory");
	}
	wrmsr(IA32_TSC_DEADLINE, tsc);
}

void lapic_send_init_sipi(u32 apic_id, u8 page, volatile const u32 *started)
{
	send_icr(apic_id, (u32)(ICR_INIT | ICR_ASSERT));
	pit_delay_us(10000);
	for (int i = 0; i < 2 && !*started; i++) {
		send_icr(apic_id, (u32)(ICR_STARTUP | ICR_ASSERT | page));
		pit_delay_us(200);
	}
}
