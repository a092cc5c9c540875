/*
 * cvisor loongarch64 hostile test guest (hostile.bin; tests/system/
 * test_hostile_loongarch64.py), in LVZ guest mode like the test guest
 * (start.S, console.c). Its RAM is guest-physical 0..64 MiB, so cvisor's
 * image (host 2 MiB) and staging area (host 64 MiB) cannot even be named:
 * those addresses are its own RAM. It attacks memory outside its RAM
 * (its RAM's host address, the interrupt controllers' MMIO), interrupts
 * (an IPI and a mailbox write to a CPU outside the zone, the EXTIOI
 * routing registers), and cvisor's hypercalls with bad arguments. Every
 * memory access must come back as an exception; the rest must fail or be
 * ignored. One line per attack, then "N attacks, M breaches".
 */
#include "guest.h"

#define CV_HC(code)	 (0xc6000000UL | (code))
#define IOCSR_IPI_SEND	 0x1040
#define IOCSR_MBUF_SEND	 0x1048
#define IOCSR_EXTIOI_EN	 0x1600
#define IOCSR_EXTIOI_MAP 0x14c0 /* interrupt pin routing */
#define FOREIGN_CPU	 1UL	/* not the zone's (it has CPU 0) */

static volatile unsigned int faults;
static volatile unsigned long last_ecode;
static unsigned int attacks, breaches;

void guest_trap(void)
{
	unsigned long estat = csr_read(CSR_ESTAT);

	if (!((estat >> 16) & 0x3f))
		return; /* an interrupt: none is enabled */
	last_ecode = (estat >> 16) & 0x3f;
	faults++;
	csr_write(CSR_ERA, csr_read(CSR_ERA) + 4); /* skip the access */
}

static void verdict(const char *name, bool refused, const char *how)
{
	attacks++;
	breaches += !refused;
	gprint("%s: %s (%s)\n", name, refused ? "refused" : "BREACH", how);
}

static void memory(const char *name, unsigned long addr, bool write)
{
	unsigned int before = faults;

	if (write)
		*(volatile uint32_t *)addr = 0x5a5a5a5a;
	else
		(void)*(volatile uint32_t *)addr;
	verdict(name, faults == before + 1, "exception");
}

static long hvcl(unsigned long fn, unsigned long a1, unsigned long a2)
{
	register unsigned long a0 __asm__("$a0") = fn;
	register unsigned long r1 __asm__("$a1") = a1;
	register unsigned long r2 __asm__("$a2") = a2;

	__asm__ volatile("hvcl 0" : "+r"(a0) : "r"(r1), "r"(r2) : "memory");
	return (long)a0;
}

static void hypercall(const char *name, unsigned long fn, unsigned long a1,
		      unsigned long a2, long expect)
{
	long r = hvcl(fn, a1, a2);

	verdict(name, r == expect, "error");
	gprint("  returned %ld\n", r);
}

void guest_main(void)
{
	unsigned int before;

	gprint("hello: zone 0 in LVZ guest mode\n");
	memory("own-ram-host-address-write", 0x08000000UL, true);
	memory("past-ram-read", 0x04000000UL, false);
	/* the board's LS7A RTC (0x10000000 is the zone's own emulated
	 * PCH-PIC now, docs/loongarch64-linux.md) */
	memory("pch-rtc-write", 0x100d0100UL, true);
	memory("pch-msi-write", 0x2ff00000UL, true);
	memory("high-read", 0x100000000UL, false);
	/* IOCSR: an IPI and mailbox data to a CPU outside the zone; the
	 * EXTIOI enables and routing. Trapped (GSPR) and refused by cvisor:
	 * no exception, nothing happens. */
	before = faults;
	iocsr_write32(IOCSR_IPI_SEND, (uint32_t)(FOREIGN_CPU << 16) | 3);
	iocsr_write64(IOCSR_MBUF_SEND,
		      (0xdeadbeefUL << 32) | (FOREIGN_CPU << 16));
	iocsr_write32(IOCSR_EXTIOI_EN, 0xffffffffu);
	iocsr_write32(IOCSR_EXTIOI_MAP, 0x01010101u);
	verdict("foreign-ipi-mailbox-extioi", faults == before,
		"ignored by cvisor");
	hypercall("hc-unknown-code", CV_HC(0x7777), 0, 0, -1);
	hypercall("hc-zone-info-outside-ram", CV_HC(0x11), 0, 0x10000000UL, -2);
	hypercall("hc-ivc-no-link", CV_HC(0x20), 3, 0, -2);
	hypercall("hc-hv-info-bad-selector", CV_HC(0x15), 99, 0, -2);
	gprint("%u attacks, %u breaches\n", attacks, breaches);
	*(volatile uint8_t *)GED_SLEEP = (5 << 2) | 0x20; /* S5 */
	for (;;)
		;
}
