/*
 * The zone's view of the board's power registers (QEMU virt: the ACPI GED
 * sleep control and reset registers): emulated, so that a guest powering
 * off stops its zone (and the machine only with the root or last zone).
 */
#include "arch/loongarch64/board.h"
#include "arch/loongarch64/exit_stats.h"
#include "cvisor/bits.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

/* Sleep control: SLP_EN [5], SLP_TYP [4:2] = 5 (S5, soft off). */
#define SLP_EN	    BIT(5)
#define SLP_TYP(v)  FIELD_GET(4, 2, v)
#define SLP_TYP_S5  5
#define RESET_VALUE 0x42

static int ged_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	(void)priv;
	if (!a->write) {
		a->value = 0;
		return 0;
	}
	if (a->offset == BOARD_GED_SLEEP_CTL && a->value & SLP_EN &&
	    SLP_TYP(a->value) == SLP_TYP_S5) {
		la_stats_log(vcpu->zone);
		zone_shutdown(vcpu->zone);
	} else if (a->offset == BOARD_GED_RESET && a->value == RESET_VALUE) {
		la_stats_log(vcpu->zone);
		zone_reboot(vcpu->zone);
	}
	return 0;
}

int ged_register(struct zone *zone)
{
	return mmio_register(&zone->mmio, ipa_init(pa_addr(board_ged_base())),
			     BOARD_GED_SIZE, ged_access, NULL, "ged");
}
