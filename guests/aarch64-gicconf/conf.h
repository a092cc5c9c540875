/*
 * cvisor GIC/PSCI conformance guest: definitions. The zone
 * (zone.json) has two vCPUs, owns SPIs 64-71 and its virtual timer PPI
 * 27; SPI 100 belongs to nobody. Each check prints one line,
 * "[gicconf] ok <rule>" or "[gicconf] FAIL <rule>: ...", and the run
 * ends with "[gicconf] checks: N ok, M failed".
 */
#ifndef GICCONF_H
#define GICCONF_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "exc.h"
#include "gic.h"
#include "mmio.h"
#include "probe.h"
#include "smccc.h"
#include "sysreg.h"

#define NR_VCPUS    2
#define OWN_FIRST   64
#define OWN_LAST    71
#define FOREIGN_SPI 100
#define TIMER_PPI   27

/* Distributor registers (IHI 0048B 4.1.2, IHI 0069 12.8). */
#define GICD_CTLR      0x0000
#define GICD_TYPER     0x0004
#define GICD_IIDR      0x0008
#define GICD_IGROUPR   0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIO     0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR     0x0c00
#define GICD_IROUTER   0x6000
#define PIDR2_V2       0x0fe8
#define PIDR2_V3       0xffe8
#define GICR_FRAME     0x20000
#define GICR_SGI       0x10000
#define GICR_TYPER     0x0008
#define GICR_WAKER     0x0014

/* One rule: got must equal expect. */
void check(const char *rule, uint64_t got, uint64_t expect);
/* One rule: cond must hold (with the value that was looked at). */
void check_true(const char *rule, bool cond, uint64_t seen);

/* A word register: writing the complement changes nothing / writing
 * ones reads back zero. */
void read_only(const char *rule, uintptr_t a);
void raz_wi(const char *rule, uintptr_t a);

static inline void w32(uintptr_t a, uint32_t v)
{
	mmio_write32(a, v);
}

static inline uint32_t r32(uintptr_t a)
{
	return mmio_read32(a);
}

/* The mask every implemented priority field reads after 0xff (set by
 * gicd.c from the first owned SPI; the others must agree). */
extern uint32_t prio_mask;

void conf_main(void);
void gicd_checks(int version);
void gicr_checks(void);
void psci_checks(void);

/* off.S: a CPU_ON entry that calls CPU_OFF at once. */
void cpu_off_entry(void);

#endif
