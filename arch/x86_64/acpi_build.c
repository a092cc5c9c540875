/*
 * ACPI tables for an x86 zone (see acpi_build.h). Layouts (ACPI 6.4):
 *  - RSDP (5.2.5.3, 36 bytes): "RSD PTR ", checksum of the first 20
 *    bytes [8], OEMID [9..14], revision 2 [15], RSDT [16], length [20],
 *    XSDT [24], extended checksum [32];
 *  - header (5.2.6, 36 bytes): signature, length [4], revision [8],
 *    checksum [9], OEMID [10], OEM table id [16], OEM revision [24],
 *    creator id [28], creator revision [32];
 *  - FADT (5.2.9, revision 6, 276 bytes): FIRMWARE_CTRL [36], DSDT [40],
 *    SCI_INT [46] (u16), SMI_CMD [48] (0: always in ACPI mode),
 *    PM1a_EVT_BLK [56], PM1a_CNT_BLK [64], PM1_EVT_LEN [88],
 *    PM1_CNT_LEN [89], IAPC_BOOT_ARCH [109], flags [112], RESET_REG [116]
 *    (GAS), RESET_VALUE [128], minor version [131], X_FIRMWARE_CTRL
 *    [132], X_DSDT [140];
 *  - FACS (5.2.10, 64 bytes): "FACS", length [4], version [32] = 2;
 *    GAS: space id (1 = system I/O), bit width, bit offset, access size
 *    (1 = byte), address (u64);
 *  - MADT (5.2.12): local APIC address [36], flags [40] (PCAT_COMPAT);
 *    entries: type 0 local APIC (uid, APIC id, flags: enabled), type 1
 *    I/O APIC (id, address, GSI base), type 2 interrupt source override
 *    (bus, source, GSI, flags), type 4 local APIC NMI (uid 0xff = all,
 *    flags, LINT#);
 *  - DSDT: AML DefName(_S5_, Package(4) {5, 5, 0, 0}).
 */
#include "arch/x86_64/acpi_build.h"

#include "lib/string.h"

#define HDR_LEN	   36
#define RSDP_LEN   36
#define FADT_LEN   276
#define ALIGN16(x) (((x) + 15u) & ~15u)
#define ALIGN64(x) (((x) + 63u) & ~63u) /* the FACS: 64-byte aligned */

/* FADT flags: WBINVD [0], PWR_BUTTON [4] and SLP_BUTTON [5] (none),
 * RESET_REG_SUP [10], FORCE_APIC_PHYSICAL_DESTINATION_MODE [19].
 * IAPC_BOOT_ARCH: VGA not present [2] (no LEGACY_DEVICES, no 8042). */
#define FADT_FLAGS     (1u << 0 | 1u << 4 | 1u << 5 | 1u << 10 | 1u << 19)
#define FACS_LEN       64
#define FADT_BOOT_ARCH (1u << 2)

static const u8 s5_aml[] = {0x08, '_',	'S',  '5',  '_',  0x12, 0x08,
			    0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00};

static void wr(u8 *p, u64 v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (u8)(v >> (8 * i));
}

u8 acpi_sum(const u8 *p, u32 len)
{
	u8 s = 0;

	for (u32 i = 0; i < len; i++)
		s = (u8)(s + p[i]);
	return s;
}

static void header(u8 *t, const char *sig, u32 len, u8 rev)
{
	memcpy(t, sig, 4);
	wr(t + 4, len, 4);
	t[8] = rev;
	memcpy(t + 10, "CVISOR", 6);
	memcpy(t + 16, "CVISORZN", 8);
	wr(t + 24, 1, 4);
	memcpy(t + 28, "CVSR", 4);
	wr(t + 32, 1, 4);
}

static void finish(u8 *t)
{
	u32 len = t[4] | t[5] << 8 | t[6] << 16 | (u32)t[7] << 24;

	t[9] = (u8)(0x100 - acpi_sum(t, len));
}

static void gas_io(u8 *g, u16 port)
{
	g[0] = 1; /* system I/O */
	g[1] = 8;
	g[2] = 0;
	g[3] = 1; /* byte access */
	wr(g + 4, port, 8);
}

static u32 build_fadt(u8 *t, u64 dsdt, u64 facs)
{
	header(t, "FACP", FADT_LEN, 6);
	wr(t + 36, (u32)facs, 4);
	wr(t + 40, (u32)dsdt, 4);
	wr(t + 46, ACPI_SCI_IRQ, 2);
	wr(t + 56, ACPI_PM1A_EVT_PORT, 4);
	wr(t + 64, ACPI_PM1A_CNT_PORT, 4);
	t[88] = 4;
	t[89] = 2;
	wr(t + 109, FADT_BOOT_ARCH, 2);
	wr(t + 112, FADT_FLAGS, 4);
	gas_io(t + 116, ACPI_RESET_PORT);
	t[128] = ACPI_RESET_VALUE;
	t[131] = 4; /* FADT minor version: 6.4 */
	wr(t + 132, facs, 8);
	wr(t + 140, dsdt, 8);
	finish(t);
	return FADT_LEN;
}

static u32 build_dsdt(u8 *t)
{
	header(t, "DSDT", HDR_LEN + sizeof(s5_aml), 2);
	memcpy(t + HDR_LEN, s5_aml, sizeof(s5_aml));
	finish(t);
	return HDR_LEN + sizeof(s5_aml);
}

static u32 madt_len(u32 nr_cpus)
{
	return HDR_LEN + 8 + nr_cpus * 8 + 12 + 10 + 6;
}

static u32 build_madt(u8 *t, const struct acpi_zone *z)
{
	u32 len = madt_len(z->nr_cpus);
	u8 *e = t + HDR_LEN + 8;

	header(t, "APIC", len, 5);
	wr(t + 36, z->lapic, 4);
	wr(t + 40, 1, 4); /* PCAT_COMPAT: the ISA IRQs exist */
	for (u32 i = 0; i < z->nr_cpus; i++, e += 8) {
		e[0] = 0;
		e[1] = 8;
		e[2] = (u8)i; /* ACPI processor UID */
		e[3] = (u8)i; /* APIC id */
		wr(e + 4, 1, 4);
	}
	e[0] = 1;
	e[1] = 12;
	e[2] = (u8)z->ioapic_id;
	wr(e + 4, z->ioapic, 4);
	wr(e + 8, 0, 4);
	e += 12;
	e[0] = 2; /* ISA IRQ 0 (the PIT) is GSI 2 */
	e[1] = 10;
	e[2] = 0;
	e[3] = 0;
	wr(e + 4, 2, 4);
	wr(e + 8, 0, 2);
	e += 10;
	e[0] = 4; /* NMI on LINT1 of every CPU */
	e[1] = 6;
	e[2] = 0xff;
	wr(e + 3, 0, 2);
	e[5] = 1;
	finish(t);
	return len;
}

u32 acpi_build_tables(u8 *buf, u32 size, u64 base, const struct acpi_zone *z)
{
	u32 xsdt = ALIGN16(RSDP_LEN), fadt = ALIGN16(xsdt + HDR_LEN + 16);
	u32 facs = ALIGN64(fadt + FADT_LEN);
	u32 dsdt = ALIGN16(facs + FACS_LEN);
	u32 madt = ALIGN16(dsdt + HDR_LEN + (u32)sizeof(s5_aml));
	u32 end = madt + madt_len(z->nr_cpus);

	if (end > size || !z->nr_cpus || z->nr_cpus > 255)
		return 0;
	memset(buf, 0, end);
	build_fadt(buf + fadt, base + dsdt, base + facs);
	memcpy(buf + facs, "FACS", 4);
	wr(buf + facs + 4, FACS_LEN, 4);
	buf[facs + 32] = 2;
	build_dsdt(buf + dsdt);
	build_madt(buf + madt, z);
	header(buf + xsdt, "XSDT", HDR_LEN + 16, 1);
	wr(buf + xsdt + HDR_LEN, base + fadt, 8);
	wr(buf + xsdt + HDR_LEN + 8, base + madt, 8);
	finish(buf + xsdt);
	memcpy(buf, "RSD PTR ", 8);
	memcpy(buf + 9, "CVISOR", 6);
	buf[15] = 2;
	wr(buf + 20, RSDP_LEN, 4);
	wr(buf + 24, base + xsdt, 8);
	buf[8] = (u8)(0x100 - acpi_sum(buf, 20));
	buf[32] = (u8)(0x100 - acpi_sum(buf, RSDP_LEN));
	return end;
}
