/*
 * The small port-I/O devices of an x86 zone: the CMOS RTC, PCI
 * configuration mechanism #1 with no device behind it, the ACPI sleep
 * control register (S5 powers the zone off), the reset register and the
 * i8042's reset pulse (the zone reboots).
 */
#include "arch/x86_64/acpi_build.h"
#include "arch/x86_64/guest_policy.h"
#include "arch/x86_64/pio_devices.h"
#include "arch/x86_64/x86.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

/* MC146818 registers: seconds 0x00, minutes 0x02, hours 0x04, weekday
 * 0x06, day 0x07, month 0x08, year 0x09, A 0x0a (UIP [7] = 0, 32 kHz
 * divider 0x20 | rate 6), B 0x0b (24-hour [1], BCD), C 0x0c, D 0x0d
 * (valid RAM and time [7]), century 0x32. The clock starts at
 * 2026-01-01 00:00:00 when cvisor starts and runs with the TSC. */
#define RTC_A	  0x26
#define RTC_B	  0x02
#define RTC_D	  0x80
#define KBC_RESET 0xfe
#define RST_CPU	  0x04 /* 0xcf9 bit 2 */

static u8 bcd(u32 v)
{
	return (u8)((v / 10) << 4 | (v % 10));
}

static u8 cmos_read(u8 index)
{
	u64 s = cpuid_tsc_hz ? rdtsc() / cpuid_tsc_hz : 0;
	u32 days = (u32)(s / 86400);

	switch (index) {
	case 0x00:
		return bcd((u32)(s % 60));
	case 0x02:
		return bcd((u32)(s / 60 % 60));
	case 0x04:
		return bcd((u32)(s / 3600 % 24));
	case 0x06:
		return bcd((days + 4) % 7 + 1); /* 2026-01-01 is a Thursday */
	case 0x07:
		return bcd(days % 28 + 1); /* a month of 28 days suffices */
	case 0x08:
		return bcd(days / 28 % 12 + 1);
	case 0x09:
		return bcd(26);
	case 0x32:
		return bcd(20);
	case 0x0a:
		return RTC_A;
	case 0x0b:
		return RTC_B;
	case 0x0d:
		return RTC_D;
	default:
		return 0;
	}
}

static void cmos_io(struct zone *zone, u16 port, bool in, u32 *v)
{
	if (port == 0x70 && !in)
		zone->arch.cmos_index = (u8)(*v & 0x7f); /* [7]: NMI mask */
	else if (port == 0x70)
		*v = zone->arch.cmos_index;
	else if (in)
		*v = cmos_read(zone->arch.cmos_index);
}

/* 0xcf8: the address latch reads back; data: no device (all ones). */
static void pci_io(struct zone *zone, u16 port, bool in, u32 *v)
{
	if (port == 0xcf8 && !in)
		zone->arch.pci_address = *v;
	else if (port == 0xcf8)
		*v = zone->arch.pci_address;
	else if (in)
		*v = 0xffffffffu;
}

/* PM1a: status (0x600) reads 0 (no fixed event ever happens), enable
 * (0x602) keeps what is written (ACPICA reads its enables back);
 * control (0x604) reads SCI_EN (always in ACPI mode), SLP_EN with
 * SLP_TYP = S5 powers the zone off. */
static void acpi_io(struct vcpu *vcpu, u16 port, bool in, u32 *v)
{
	u32 typ = (*v >> 10) & 7;
	u16 *enable = &vcpu->zone->arch.pm1_enable;

	if (in) {
		*v = port == ACPI_PM1A_CNT_PORT	      ? ACPI_PM1_SCI_EN
		     : port == ACPI_PM1A_EVT_PORT + 2 ? *enable
						      : 0;
		return;
	}
	if (port == ACPI_PM1A_EVT_PORT + 2)
		*enable = (u16)*v;
	if (port != ACPI_PM1A_CNT_PORT || !(*v & ACPI_PM1_SLP_EN))
		return;
	if (typ != ACPI_S5_TYPE) {
		zone_warn(vcpu->zone,
			  "zone %u: ACPI sleep type %u is not supported (only "
			  "S5)",
			  vcpu->zone->id, typ);
		return;
	}
	pr_info("zone %u vcpu%u: ACPI S5 (power off)", vcpu->zone->id,
		vcpu->id);
	vmx_log_exit_counts(vcpu->zone);
	zone_shutdown(vcpu->zone);
}

static void reset_request(struct vcpu *vcpu, const char *how)
{
	pr_info("zone %u vcpu%u: reset through %s", vcpu->zone->id, vcpu->id,
		how);
	vmx_log_exit_counts(vcpu->zone);
	zone_reboot(vcpu->zone);
}

void pio_device_io(struct vcpu *vcpu, enum io_target t, u16 port, bool in,
		   u32 *v)
{
	switch (t) {
	case IO_CMOS:
		cmos_io(vcpu->zone, port, in, v);
		break;
	case IO_PCI_CONF:
		pci_io(vcpu->zone, port, in, v);
		break;
	case IO_ACPI:
		acpi_io(vcpu, port, in, v);
		break;
	case IO_RESET:
		if (in)
			*v = 0;
		else if (*v & RST_CPU)
			reset_request(vcpu, "port 0xcf9");
		break;
	case IO_KBC:
		if (in)
			*v = 0; /* no data, input buffer empty */
		else if (port == 0x64 && (*v & 0xff) == KBC_RESET)
			reset_request(vcpu, "the i8042 reset pulse");
		break;
	default:
		break;
	}
}
