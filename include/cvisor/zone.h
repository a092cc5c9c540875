/* Zones (VMs): a set of CPUs, guest memory, devices and interrupts. */
#ifndef CVISOR_ZONE_H
#define CVISOR_ZONE_H

#include "arch_defs.h"
#include "cvisor/config.h"
#include "cvisor/mmio.h"
#include "cvisor/platform.h"
#include "cvisor/vcpu.h"
#include "lib/bitmap.h"
#include "mm/pt.h"

struct virtio_zone;

enum zone_state { ZONE_STOPPED, ZONE_RUNNING, ZONE_STOPPING };

struct zone {
	u32 id;
	char name[CV_NAME_LEN];
	const struct cv_zone_config *cfg; /* inside the boot bundle */
	const u8 *bundle;		  /* image bytes come from here */
	u64 bundle_frames; /* frames of a bundle copied for this zone */
	bool arch_ready;   /* arch_zone_init() succeeded */
	enum zone_state state;
	u64 cpus; /* physical CPU mask */
	u32 nr_vcpus;
	struct vcpu vcpus[MAX_CPUS];
	struct page_table s2;
	struct mmio_table mmio;
	u64 irq_bitmap[BITMAP_WORDS(
	    1024)];	     /* physical interrupts 0..1023 the zone owns */
	u32 unknown_calls;   /* HVC/SMC function ids nobody implements */
	u32 refused_calls;   /* cvisor hypercalls refused (logged first) */
	u32 refused_irqchip; /* interrupt-controller accesses refused */
	u32 refused_sgis;    /* SGIs aimed outside the zone */
	u32 warnings;	     /* zone_warn() calls, logged or not */
	void *mgmt;	     /* the root zone's management device state */
	struct vconsole *vconsole; /* its emulated console UART, or NULL */
	struct virtio_zone *virtio; /* its virtio devices (core/virtio.c) */
	struct arch_zone arch;
};

extern struct zone *zones[CV_MAX_ZONES];
extern u32 nr_zones;

/* Validate the boot bundle at `bundle` and create its zones. */
int zones_create_from_bundle(const void *bundle);
/* Create one zone (its vCPU 0 left ON_PENDING); NULL on failure, logged. */
struct zone *zone_create(const struct cv_zone_config *cfg, const u8 *bundle);
/* Free a stopped zone and everything it holds. */
void zone_destroy(struct zone *zone);

/* Zone management (core/zone_ctl.c): from the root zone, the console
 * shell, or the zone itself. All return 0 or a negative CV_E* code and
 * log what they refuse. */
int zone_stop(struct zone *zone);
int zone_start_again(struct zone *zone);
int zone_restart(struct zone *zone);
/* A zone from a bundle in the root zone's RAM at [ipa, ipa+size). */
int zone_start_bundle(struct zone *root, ipa_t ipa, u64 size);
struct zone *zone_by_id(u32 id);
/* Copy the zone's images into its memory and reset its vCPUs: vCPU 0
 * runnable at the entry, the others off. */
int zone_load_and_reset(struct zone *zone);
/* The zone powers itself off (PSCI SYSTEM_OFF); the machine goes off
 * with the root zone or the last running zone. */
void zone_shutdown(struct zone *zone);
/* PSCI SYSTEM_RESET: the root zone resets the machine. */
void zone_reboot(struct zone *zone);

/* A warning about what a zone did (an illegal access, a refused call):
 * logged up to ZONE_WARN_LIMIT times per zone, then only counted, with a
 * summary line each time the count doubles (core/zone_log.c), so a
 * hostile guest cannot flood the console. */
#define ZONE_WARN_LIMIT 64
void zone_warn(struct zone *zone, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same with a budget of its own for one kind of event, *count (one
 * of the zone's counters), named `what` ("refused interrupt-controller
 * writes") in the summaries, so that a kind a Linux boot produces by the
 * hundred (its PLIC driver masking every source) leaves zone_warn's budget
 * to the rest. */
void zone_warn_kind(struct zone *zone, u32 *count, const char *what,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* One line with what the zone was refused so far (at stop). */
void zone_log_refusals(const struct zone *zone);
/* Per vCPU: traps, MMIO emulations, interrupts injected (at power-off). */
void zone_log_activity(const struct zone *zone);

bool zone_owns_irq(const struct zone *zone, u32 irq);
/* Guest-physical -> host-physical through the zone's RAM regions; returns
 * false when [ipa, ipa+size) is not entirely inside one RAM region. */
bool zone_ipa_to_pa(const struct zone *zone, ipa_t ipa, u64 size, paddr_t *pa);
/* The same for cvisor acting on the zone's behalf (a hypercall that reads
 * or writes guest memory): 0 and *pa when [ipa, ipa+size) lies entirely
 * inside one RAM region whose flags grant every CV_MEM_* bit in need;
 * -CV_EPERM when that region lacks one; -CV_EINVAL when no region holds
 * the whole range (size 0 or a range past 2^64 included). */
int zone_ram_access(const struct zone *zone, ipa_t ipa, u64 size, u32 need,
		    paddr_t *pa);
struct vcpu *zone_vcpu_by_mpidr(struct zone *zone, u64 mpidr);

#endif
