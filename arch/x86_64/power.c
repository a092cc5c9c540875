/*
 * Machine power-off and reset. Off: the Bochs/QEMU "Shutdown" port
 * (0x8900, Bochs exits), then ACPI S5 through the FADT's PM1a control
 * block (QEMU: SLP_TYP 0, the _S5 value of its DSDT, with SLP_EN bit 13).
 * Reset: the PCI reset control register 0xcf9, then the keyboard
 * controller's pulse-reset command.
 */
#include "arch/x86_64/power.h"

#include "arch/x86_64/x86.h"
#include "cvisor/arch.h"

#define SHUTDOWN_PORT 0x8900
#define PM1_SLP_EN    BIT(13)
#define RST_CNT	      0xcf9
#define RST_CNT_FULL  0x06 /* SYS_RST (bit 1) | RST_CPU (bit 2) */
#define KBC_CMD	      0x64
#define KBC_PULSE_RST 0xfe

u16 x86_pm1a_cnt = 0x604; /* QEMU's PIIX4/ICH9 default until ACPI says */

_Noreturn void arch_system_off(void)
{
	static const char cmd[] = "Shutdown";

	for (const char *c = cmd; *c; c++)
		outb(SHUTDOWN_PORT, (u8)*c);
	if (x86_pm1a_cnt)
		outw(x86_pm1a_cnt, (u16)PM1_SLP_EN);
	arch_cpu_park();
}

_Noreturn void arch_system_reset(void)
{
	outb(RST_CNT, RST_CNT_FULL);
	outb(KBC_CMD, KBC_PULSE_RST);
	arch_cpu_park();
}
