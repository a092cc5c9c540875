/*
 * cvisor x86 test guest: prints through COM1 (I/O port 0x3f8, emulated by
 * cvisor), checks what CPUID shows, makes hypercalls (VMCALL), survives a
 * refused MSR and an access outside its memory (#GP injected by cvisor),
 * then powers off through port 0x8900 ("Shutdown") - or, built with
 * END_WITH_TRIPLE_FAULT, triple-faults (cvisor must stop only this zone).
 */
#include "guest.h"

#define CV_HC_VERSION 0
#define CV_HC_ZONE_ID 2
#define OUTSIDE_ADDR  0x10000000u

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

/* RDMSR is 2 bytes (0f 32): the #GP handler steps over it. */
static uint32_t rdmsr_low(uint32_t msr)
{
	uint32_t lo, hi;

	gp_skip = 2;
	__asm__ volatile("xor %%eax, %%eax; xor %%edx, %%edx; rdmsr"
			 : "=a"(lo), "=d"(hi)
			 : "c"(msr));
	(void)hi;
	return lo;
}

/* "mov OUTSIDE_ADDR, %eax" is A1 + imm32: 5 bytes. */
static void read_outside(void)
{
	uint32_t v;

	gp_skip = 5;
	__asm__ volatile(".byte 0xa1; .long %c1"
			 : "=a"(v)
			 : "i"(OUTSIDE_ADDR)
			 : "memory");
	(void)v;
}

static void check_cpuid(void)
{
	uint32_t r[4];
	char sig[13];

	cpuid(0x40000000u, r);
	for (int i = 0; i < 12; i++)
		sig[i] = (char)(r[1 + i / 4] >> (8 * (i % 4)));
	sig[12] = 0;
	puts("[guest] cpuid 0x40000000: '");
	puts(sig);
	cpuid(1, r);
	puts("', hypervisor bit ");
	putc(r[2] & (1u << 31) ? '1' : '0');
	puts(", vmx ");
	putc(r[2] & (1u << 5) ? '1' : '0');
	puts("\n");
}

static void check_faults(void)
{
	uint32_t fc = rdmsr_low(0x3a);

	puts("[guest] IA32_FEATURE_CONTROL ");
	puthex(fc);
	puts("\n");
	rdmsr_low(0x12345678u);
	puts(gp_count == 1 ? "[guest] rdmsr 0x12345678: #GP caught\n"
			   : "[guest] rdmsr 0x12345678: NO #GP\n");
	read_outside();
	puts(gp_count == 2 ? "[guest] read outside the zone: #GP caught\n"
			   : "[guest] read outside the zone: NO #GP\n");
}

void guest_main(uint32_t dtb)
{
	puts("[guest] hello from x86 vcpu0: 32-bit protected mode, paging "
	     "off, dtb at ");
	puthex(dtb);
	puts("\n");
	check_cpuid();
	puts("[guest] cvisor hypercall version ");
	puthex(vmcall(CV_HC_BASE | CV_HC_VERSION, 0, 0, 0));
	puts(", zone id ");
	puthex(vmcall(CV_HC_BASE | CV_HC_ZONE_ID, 0, 0, 0));
	puts("\n");
	idt_setup();
	check_faults();
#ifdef END_WITH_TRIPLE_FAULT
	puts("[guest] done, triple fault next\n");
	/* No IDT: the #BP cannot be delivered -> #GP -> #DF -> shutdown. */
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) none = {0, 0};
	__asm__ volatile("lidt %0; int3" ::"m"(none));
#else
	puts("[guest] done, shutting down\n");
	shutdown_port();
#endif
	for (;;)
		__asm__ volatile("cli; hlt");
}
