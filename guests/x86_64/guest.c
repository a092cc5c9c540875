/* The x86_64 test guests' shared pieces (guest.h). */
#include "guest.h"

volatile uint32_t gp_count, gp_skip;

static uint64_t idt[32];

void putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20)) /* LSR.THRE */
		;
	outb(COM1, (uint8_t)c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

void puthex(uint32_t v)
{
	puts("0x");
	for (int i = 28; i >= 0; i -= 4)
		putc("0123456789abcdef"[(v >> i) & 0xf]);
}

/* A 32-bit interrupt gate (type 0xe, P) to gp_entry, selector 0x08. */
void idt_setup(void)
{
	uint32_t h = (uint32_t)(uintptr_t)gp_entry;
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed))
	ptr = {sizeof(idt) - 1, (uint32_t)(uintptr_t)idt};

	idt[13] = (h & 0xffff) | (0x08u << 16) | ((uint64_t)0x8e00 << 32) |
		  ((uint64_t)(h >> 16) << 48);
	__asm__ volatile("lidt %0" ::"m"(ptr));
}

uint32_t vmcall(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	uint32_t ret;

	__asm__ volatile("vmcall"
			 : "=a"(ret)
			 : "a"(fn), "b"(a1), "c"(a2), "d"(a3)
			 : "memory");
	return ret;
}

void shutdown_port(void)
{
	for (const char *s = "Shutdown"; *s; s++)
		outb(SHUTDOWN_PORT, (uint8_t)*s);
}
