/*
 * cvisor isolation test, the victim (root zone, one vCPU): definitions.
 *
 * The MMU stays off, so every data access is Device-nGnRnE: the code
 * builds with -mstrict-align and MMIO goes through single ldr/str
 * accessors (a trapped access then has a valid syndrome, ISV=1).  The
 * helpers shared with the other bare-metal guests are in
 * ../aarch64-common/; the lines start with "[victim] " (main.c).
 */
#ifndef VICTIM_H
#define VICTIM_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "exc.h"
#include "gic.h" /* QEMU virt's GIC map, gic_ack() and co. */
#include "mmio.h"
#include "probe.h"
#include "smccc.h"
#include "sysreg.h"

/*
 * The guarded buffer: 1 MiB at IPA 0x40400000, which the isolation
 * configuration backs with host-physical 0x50400000 (the address the
 * hostile zone attacks).
 */
#define BUF_IPA	 0x40400000UL
#define BUF_SIZE (1UL << 20)

#define RUN_SECS    3  /* how long the checksum is watched */
#define CHECK_HZ    10 /* one check per virtual timer tick */
#define TIMER_INTID 27 /* EL1 virtual timer PPI */
#define OWN_SPI	    48 /* the physical SPI the configuration gives us */
#define SPI_PRIO    0xa0

static inline uint64_t now_ticks(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

/* gic.c: one vCPU, group 1 on GICv3, group 0 on GICv2. */
struct spi_state {
	uint32_t enabled, pending, active, prio, cfg;
	uint64_t route; /* v3 IROUTER, v2 ITARGETSR byte */
};

int gic_detect(void);
void gic_init(void);
void gic_spi_setup(uint32_t intid);
void gic_spi_read(uint32_t intid, struct spi_state *s);
void gic_spi_set_pending(uint32_t intid);

/* main.c: irq_handler from trap.c, victim_main from ../aarch64-common/up.S */
void irq_handler(void);
void victim_main(void);

#endif /* VICTIM_H */
