/*
 * ACPI, just enough (ACPI 6.x, 5.2): the RSDP ("RSD PTR ", RSDT address at
 * +16), the RSDT (36-byte header, then 32-bit table addresses), the MADT
 * ("APIC") and the FADT ("FACP", PM1a_CNT_BLK at +64).
 */
#include "arch/x86_64/acpi.h"

#include "cvisor/errno.h"
#include "lib/string.h"

#define SDT_HEADER     36
#define MADT_ENTRIES   44
#define MADT_LAPIC     0 /* Processor Local APIC: id at +3, flags at +4 */
#define LAPIC_ENABLED  0x1
#define FADT_PM1A_CNT  64
#define BIOS_AREA      0xe0000u
#define BIOS_AREA_SIZE 0x20000u

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static bool checksum_ok(const u8 *p, u32 len)
{
	u8 sum = 0;

	for (u32 i = 0; i < len; i++)
		sum = (u8)(sum + p[i]);
	return sum == 0;
}

void acpi_parse_madt(const u8 *madt, u32 len, struct acpi_info *out)
{
	for (u32 off = MADT_ENTRIES; off + 2 <= len;) {
		const u8 *e = madt + off;

		if (e[1] < 2 || off + e[1] > len)
			break;
		if (e[0] == MADT_LAPIC && e[1] >= 8 &&
		    (rd32(e + 4) & LAPIC_ENABLED) &&
		    out->nr_cpus < ACPI_MAX_CPUS)
			out->apic_id[out->nr_cpus++] = e[3];
		off += e[1];
	}
}

static const u8 *find_rsdp(void)
{
	for (u32 a = BIOS_AREA; a < BIOS_AREA + BIOS_AREA_SIZE; a += 16) {
		const u8 *p = (const u8 *)(uintptr_t)a;

		if (!memcmp(p, "RSD PTR ", 8) && checksum_ok(p, 20))
			return p;
	}
	return NULL;
}

static const u8 *valid_table(u32 addr)
{
	const u8 *t = (const u8 *)(uintptr_t)addr;
	u32 len = rd32(t + 4);

	return len >= SDT_HEADER && checksum_ok(t, len) ? t : NULL;
}

int acpi_probe(const void *rsdp_in, struct acpi_info *out)
{
	const u8 *rsdp = rsdp_in ? rsdp_in : find_rsdp();
	const u8 *rsdt;
	bool madt = false;

	memset(out, 0, sizeof(*out));
	if (!rsdp || memcmp(rsdp, "RSD PTR ", 8) || !checksum_ok(rsdp, 20))
		return -CV_ENOENT;
	rsdt = valid_table(rd32(rsdp + 16));
	if (!rsdt)
		return -CV_ENOENT;
	for (u32 off = SDT_HEADER; off + 4 <= rd32(rsdt + 4); off += 4) {
		const u8 *t = valid_table(rd32(rsdt + off));

		if (t && !memcmp(t, "APIC", 4)) {
			acpi_parse_madt(t, rd32(t + 4), out);
			madt = true;
		} else if (t && !memcmp(t, "FACP", 4) &&
			   rd32(t + 4) >= FADT_PM1A_CNT + 4) {
			out->pm1a_cnt = (u16)rd32(t + FADT_PM1A_CNT);
		}
	}
	return madt ? 0 : -CV_ENOENT;
}
