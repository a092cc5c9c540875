/*
 * Busy-wait delays on the 8254 PIT's channel 2 (1.193182 MHz), whose
 * output is readable in port 0x61 bit 5 and which drives nothing but the
 * PC speaker (gated off here: port 0x61 bit 1).
 */
#include "arch/x86_64/pit.h"

#include "arch/x86_64/x86.h"

#define PIT_HZ	     1193182u
#define PIT_CH2	     0x42
#define PIT_MODE     0x43
#define PORT_B	     0x61
#define PORT_B_GATE2 BIT(0)
#define PORT_B_SPKR  BIT(1)
#define PORT_B_OUT2  BIT(5)
#define MAX_CHUNK_US 50000u /* 59659 ticks: fits the 16-bit counter */

static void delay_chunk(u32 us)
{
	u32 ticks = (u32)((u64)us * PIT_HZ / 1000000u);
	u8 b = inb(PORT_B);

	if (!ticks)
		ticks = 1;
	outb(PORT_B, (u8)((b & ~PORT_B_SPKR) & ~PORT_B_GATE2));
	/* Control word: channel 2 [7:6]=10, lobyte/hibyte [5:4]=11,
	 * mode 0 "interrupt on terminal count" [3:1]=000, binary. */
	outb(PIT_MODE, 0xb0);
	outb(PIT_CH2, (u8)ticks);
	outb(PIT_CH2, (u8)(ticks >> 8));
	outb(PORT_B, (u8)((b & ~PORT_B_SPKR) | PORT_B_GATE2)); /* start */
	while (!(inb(PORT_B) & PORT_B_OUT2))
		cpu_pause();
}

void pit_delay_us(u32 us)
{
	while (us) {
		u32 n = us < MAX_CHUNK_US ? us : MAX_CHUNK_US;

		delay_chunk(n);
		us -= n;
	}
}
