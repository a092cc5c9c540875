/*
 * The ACPI tables of an x86 Linux zone, built by cvisor from the zone's
 * configuration (ACPI 6.x, a PC: legacy IRQs and PM1 registers, not
 * hardware-reduced, which Linux takes as "no ISA IRQs" and so no COM1
 * interrupt): RSDP, XSDT, FADT, FACS, DSDT (just \_S5), MADT (one local
 * APIC a vCPU, the virtual IOAPIC, ISA IRQ 0 on GSI 2). Pure, host
 * unit-tested.
 */
#ifndef CVISOR_ARCH_X86_64_ACPI_BUILD_H
#define CVISOR_ARCH_X86_64_ACPI_BUILD_H

#include "cvisor/types.h"

/* I/O ports of the zone's PM1a event block (status, enable: 2 bytes
 * each), PM1a control block and reset register (FADT): S5 written to
 * PM1a control powers the zone off; the reset value reboots it. */
#define ACPI_PM1A_EVT_PORT 0x600
#define ACPI_PM1A_CNT_PORT 0x604
#define ACPI_RESET_PORT	   0xcf9
#define ACPI_RESET_VALUE   0x06
#define ACPI_SCI_IRQ	   9
#define ACPI_S5_TYPE	   5 /* SLP_TYP in \_S5 */
/* PM1 control: SCI_EN [0] (ACPI mode), SLP_TYP [12:10], SLP_EN [13]. */
#define ACPI_PM1_SCI_EN 0x0001
#define ACPI_PM1_SLP_EN 0x2000

struct acpi_zone {
	u32 nr_cpus; /* APIC ids 0..nr_cpus-1 */
	u64 lapic, ioapic;
	u32 ioapic_id;
};

/* Write the tables into buf (placed at guest-physical `base`); the RSDP
 * is first (at base). Returns the bytes used, or 0 if size is too small. */
u32 acpi_build_tables(u8 *buf, u32 size, u64 base, const struct acpi_zone *z);

/* Sum of the bytes (a valid table sums to 0 mod 256). */
u8 acpi_sum(const u8 *p, u32 len);

#endif
