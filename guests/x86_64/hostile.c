/*
 * cvisor x86 hostile test guest (hostile.bin; tests/system/
 * test_hostile_x86_64.py): the same 32-bit protected-mode start as the
 * test guest (start.S: its #GP handler counts and steps over the faulting
 * instruction), then attacks: cvisor's memory and staging area and memory
 * outside the zone (each must #GP), the interrupt controllers (LAPIC ICR,
 * IOAPIC, PIC, PIT: must #GP or be ignored), and bad hypercalls (each
 * must fail). One line per attack, then "N attacks, M breaches" and the
 * shutdown port.
 */
#include "guest.h"

#define CV_HC(code) (CV_HC_BASE | (code))

static uint32_t attacks, breaches;

static void verdict(const char *name, int refused, const char *how)
{
	attacks++;
	breaches += !refused;
	puts("[hostile] ");
	puts(name);
	puts(refused ? ": refused (" : ": BREACH (");
	puts(how);
	puts(")\n");
}

/* mov (%ebx), %eax (8b 03) or mov %eax, (%ebx) (89 03): 2 bytes, which
 * the #GP handler steps over. Must fault. */
static void memory(const char *name, uint32_t addr, int write)
{
	uint32_t before = gp_count, v = 0x5a5a5a5a;

	gp_skip = 2;
	if (write)
		__asm__ volatile(".byte 0x89, 0x03" ::"a"(v), "b"(addr)
				 : "memory");
	else
		__asm__ volatile(".byte 0x8b, 0x03"
				 : "=a"(v)
				 : "b"(addr)
				 : "memory");
	(void)v;
	verdict(name, gp_count == before + 1, "#GP");
}

/* INS (6c: a byte from port DX to ES:EDI, 1 byte long, which the #GP
 * handler steps over) into RAM the zone may only read: cvisor emulates
 * the string instruction and must not store where the zone cannot. Must
 * fault and leave the byte as it was. */
static void ins_into(const char *name, uint32_t addr)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)addr;
	uint32_t before = gp_count, edi = addr;
	uint8_t old = *p;

	gp_skip = 1;
	__asm__ volatile("insb"
			 : "+D"(edi)
			 : "d"((uint16_t)(COM1 + 5))
			 : "memory");
	verdict(name, gp_count == before + 1 && *p == old, "#GP");
}

static void hypercall(const char *name, uint32_t fn, uint32_t a1, uint32_t a2,
		      uint32_t expect)
{
	uint32_t r = vmcall(fn, a1, a2, 0);

	verdict(name, r == expect, r == expect ? "error" : "no error");
	puts("[hostile]   returned ");
	puthex(r);
	puts("\n");
}

/* Port I/O to the interrupt controllers and the timer: cvisor owns them;
 * a guest's access goes nowhere (reads all ones). */
static void ports(void)
{
	outb(0x20, 0x20); /* PIC: EOI */
	outb(0x21, 0x00); /* PIC: unmask everything */
	outb(0x43, 0x34); /* PIT: channel 0, rate generator */
	outb(0x40, 0x01);
	verdict("pic-pit-ports", inb(0x21) == 0xff && inb(0x61) == 0xff,
		"ignored, reads 0xff");
}

void guest_main(uint32_t dtb)
{
	(void)dtb;
	idt_setup();
	puts("[hostile] hello: zone 0, 32-bit protected mode\n");
	/* Outside the zone's RAM (guest-physical 0..4 MiB at host 64 MiB):
	 * cvisor's image and staging area by their host addresses, the
	 * zone's own RAM by its host address, just past the RAM, the top. */
	memory("hv-image-read", 0x01000000, 0);
	memory("hv-image-write", 0x01000000, 1);
	memory("hv-staging-read", 0x03000000, 0);
	memory("own-ram-host-address-write", 0x04000000, 1);
	memory("past-ram-read", 0x00400000, 0);
	memory("top-read", 0xfffff000, 0);
	/* The interrupt controllers are cvisor's. */
	memory("lapic-icr-init-all", 0xfee00300, 1);
	memory("ioapic-select-write", 0xfec00000, 1);
	/* The zone's read-only RAM (guest-physical 8 MiB, "r"): a store,
	 * and an INS that cvisor emulates. */
	memory("ro-ram-write", 0x00800000, 1);
	ins_into("ins-into-ro-ram", 0x00800000);
	ports();
	/* Bad hypercalls (EAX = function, EBX/ECX/EDX = arguments). */
	hypercall("hc-unknown-code", CV_HC(0x7777), 0, 0, 0xffffffff);
	hypercall("hc-not-cvisor", 0x12345678, 0, 0, 0xffffffff);
	hypercall("hc-zone-info-outside-ram", CV_HC(0x11), 0, 0x10000000,
		  0xfffffffe);
	hypercall("hc-ivc-no-link", CV_HC(0x20), 3, 0, 0xfffffffe);
	hypercall("hc-hv-info-bad-selector", CV_HC(0x15), 99, 0, 0xfffffffe);
	hypercall("hc-restart-self", CV_HC(0x14), 0, 0, 0xfffffffd);
	puts("[hostile] ");
	puthex(attacks);
	puts(" attacks, ");
	puthex(breaches);
	puts(" breaches\n");
	shutdown_port();
	for (;;)
		__asm__ volatile("cli; hlt");
}
