/*
 * What the x86_64 test guests (main.c, hostile.c) share: port I/O, the
 * COM1 console, the #GP gate to start.S's handler, VMCALL and the
 * shutdown port. 32-bit protected mode, paging off.
 */
#ifndef GUEST_X86_64_GUEST_H
#define GUEST_X86_64_GUEST_H

#include <stdint.h>

#define COM1	      0x3f8
#define SHUTDOWN_PORT 0x8900
#define CV_HC_BASE    0xc6000000u

/* start.S: its #GP handler counts and steps over gp_skip bytes. */
extern volatile uint32_t gp_count, gp_skip;
void gp_entry(void);
void guest_main(uint32_t dtb);

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void putc(char c);
void puts(const char *s);
void puthex(uint32_t v); /* "0x" and 8 digits */
/* The IDT with vector 13 (#GP) going to gp_entry. */
void idt_setup(void);
/* VMCALL: EAX = function, EBX/ECX/EDX = arguments; EAX back. */
uint32_t vmcall(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
/* "Shutdown" to port 0x8900: Bochs ends the run. */
void shutdown_port(void);

#endif
