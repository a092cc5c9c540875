/* Port I/O decisions (see guest_policy.h). Pure. */
#include "arch/x86_64/guest_policy.h"

#include "arch/x86_64/acpi_build.h"
#include "cvisor/bits.h"

#define SHUTDOWN_PORT 0x8900
#define CONSOLE_PORTS 8

struct io_exit io_decode_qualification(u64 qual)
{
	/* [2:0] size - 1 (0, 1 or 3), [3] direction (1 = IN), [4] string,
	 * [5] REP prefix, [6] operand (immediate or DX), [31:16] port. */
	return (struct io_exit){
	    .port = (u16)FIELD_GET(31, 16, qual),
	    .size = (u8)(FIELD_GET(2, 0, qual) + 1),
	    .in = qual & BIT(3),
	    .string = qual & BIT(4),
	    .rep = qual & BIT(5),
	};
}

enum io_target io_route(u16 port, u8 size, u16 console_port)
{
	if (console_port && port >= console_port &&
	    (u32)port + size <= (u32)console_port + CONSOLE_PORTS)
		return IO_CONSOLE;
	if (port == SHUTDOWN_PORT && size == 1)
		return IO_SHUTDOWN;
	if (port == 0x70 || port == 0x71)
		return size == 1 ? IO_CMOS : IO_NOTHING;
	if (port == ACPI_RESET_PORT && size == 1)
		return IO_RESET;
	if ((port == 0xcf8 && size == 4) || (port >= 0xcfc && port <= 0xcff))
		return IO_PCI_CONF;
	if (port >= ACPI_PM1A_EVT_PORT &&
	    (u32)port + size <= ACPI_PM1A_CNT_PORT + 2u)
		return IO_ACPI;
	if (port == 0x60 || port == 0x64)
		return size == 1 ? IO_KBC : IO_NOTHING;
	return IO_NOTHING;
}

bool io_shutdown_byte(u32 *state, u8 byte)
{
	static const char word[] = "Shutdown";

	if (byte == (u8)word[*state])
		(*state)++;
	else
		*state = byte == (u8)word[0];
	if (*state == sizeof(word) - 1) {
		*state = 0;
		return true;
	}
	return false;
}
