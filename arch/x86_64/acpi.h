/* The few ACPI facts cvisor reads: CPUs from the MADT, power-off port
 * from the FADT. Tables are read in place (identity-mapped). */
#ifndef CVISOR_ARCH_X86_64_ACPI_H
#define CVISOR_ARCH_X86_64_ACPI_H

#include "cvisor/types.h"

#define ACPI_MAX_CPUS 64

struct acpi_info {
	u32 nr_cpus;
	u8 apic_id[ACPI_MAX_CPUS]; /* enabled processors, MADT order */
	u16 pm1a_cnt;		   /* FADT PM1a_CNT_BLK (I/O port), or 0 */
};

/* Read the tables behind rsdp (NULL: search the BIOS area). Returns 0 or
 * -CV_ENOENT when there is no valid RSDP or MADT. */
int acpi_probe(const void *rsdp, struct acpi_info *out);
/* The MADT's enabled processors (pure: host unit-tested). */
void acpi_parse_madt(const u8 *madt, u32 len, struct acpi_info *out);

#endif
