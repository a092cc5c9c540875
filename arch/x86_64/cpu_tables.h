/* The GDT, TSS and IDT of the hypervisor (one GDT/IDT, a TSS a CPU). */
#ifndef CVISOR_ARCH_X86_64_CPU_TABLES_H
#define CVISOR_ARCH_X86_64_CPU_TABLES_H

#include "cvisor/limits.h"
#include "cvisor/types.h"

/* 64-bit TSS (SDM 8.7): only the I/O map base is used (no I/O map). */
struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

extern u64 gdt[];
extern struct tss tss[MAX_CPUS];

/* Load the GDT and this CPU's task register. */
void gdt_load_percpu(u32 cpu);
/* Load the IDT (built once, shared). */
void idt_load(void);
/* Base and limit of the descriptor tables, for the VMCS host state. */
u64 idt_base(void);

#endif
