/*
 * The ACPI tables of an x86 Linux zone, built by cvisor from the zone's
 * configuration (ACPI 6.x, hardware-reduced): RSDP, XSDT, FADT, DSDT
 * (just \_S5), MADT (one local APIC a vCPU, the virtual IOAPIC, ISA IRQ 0
 * on GSI 2). Pure, host unit-tested.
 */
#ifndef CVISOR_ARCH_X86_64_ACPI_BUILD_H
#define CVISOR_ARCH_X86_64_ACPI_BUILD_H

#include "cvisor/types.h"

/* I/O ports of the zone's ACPI sleep control/status registers and the
 * reset register (FADT): S5 written there powers the zone off. */
#define ACPI_SLEEP_CTL_PORT  0x600
#define ACPI_SLEEP_STS_PORT  0x601
#define ACPI_RESET_PORT	     0xcf9
#define ACPI_RESET_VALUE     0x06
#define ACPI_S5_TYPE	     5 /* SLP_TYP in \_S5 */
/* Sleep control register: SLP_TYP [4:2], SLP_EN [5]. */
#define ACPI_SLP_EN	     0x20

struct acpi_zone {
	u32 nr_cpus;   /* APIC ids 0..nr_cpus-1 */
	u64 lapic, ioapic;
	u32 ioapic_id;
};

/* Write the tables into buf (placed at guest-physical `base`); the RSDP
 * is first (at base). Returns the bytes used, or 0 if size is too small. */
u32 acpi_build_tables(u8 *buf, u32 size, u64 base, const struct acpi_zone *z);

/* Sum of the bytes (a valid table sums to 0 mod 256). */
u8 acpi_sum(const u8 *p, u32 len);

#endif
