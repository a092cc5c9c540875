/*
 * The hypervisor's GDT: 64-bit code, data, 32-bit code (boot and AP
 * trampoline), then one 64-bit TSS descriptor per CPU. VMX needs a
 * non-null TR as host state; the TSS itself carries nothing else.
 */
#include "arch/x86_64/cpu_tables.h"

#include "arch/x86_64/arch_asm.h"
#include "cvisor/bits.h"

/* Segment descriptors (SDM vol. 3, 3.4.5): limit 0xfffff, G=1, P=1,
 * S=1, DPL 0; code type 0xa (execute/read), data type 0x2 (read/write);
 * L=1 for 64-bit code, D=1 for 32-bit code and data. */
u64 gdt[GDT_ENTRIES] __attribute__((aligned(16))) = {
    [SEL_CODE64 / 8] = 0x00af9a000000ffffull,
    [SEL_DATA / 8] = 0x00cf92000000ffffull,
    [SEL_CODE32 / 8] = 0x00cf9a000000ffffull,
};

struct tss tss[MAX_CPUS] __attribute__((aligned(16)));

/* 64-bit TSS descriptor (SDM 8.2.3): limit[15:0], base[23:0] at 16,
 * type 0x9 (available TSS) at 40, P at 47, base[31:24] at 56, and
 * base[63:32] in the second quadword. */
static void set_tss_descriptor(u32 cpu)
{
	u64 base = (u64)(uintptr_t)&tss[cpu];
	u64 limit = sizeof(struct tss) - 1;
	u32 idx = SEL_TSS(cpu) / 8;

	gdt[idx] = FIELD_PREP(15, 0, limit) | FIELD_PREP(39, 16, base) |
		   FIELD_PREP(43, 40, 0x9) | BIT(47) |
		   FIELD_PREP(63, 56, base >> 24);
	gdt[idx + 1] = base >> 32;
}

void gdt_load_percpu(u32 cpu)
{
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) ptr = {sizeof(gdt) - 1, (u64)(uintptr_t)gdt};

	tss[cpu].iomap_base = sizeof(struct tss);
	set_tss_descriptor(cpu);
	__asm__ volatile("lgdt %0" ::"m"(ptr) : "memory");
	__asm__ volatile("ltr %w0" ::"r"((u16)SEL_TSS(cpu)) : "memory");
}
