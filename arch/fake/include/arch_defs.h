/* The fake arch's types embedded in core structs (host unit tests only). */
#ifndef CVISOR_ARCH_DEFS_H
#define CVISOR_ARCH_DEFS_H

#include "cvisor/types.h"

struct arch_percpu {
	u32 ipis; /* arch_irqchip_send_ipi() aimed at this CPU */
};

struct arch_vcpu {
	u64 entry, arg; /* what the last arch_vcpu_reset() set */
	u32 resets;	/* arch_vcpu_reset() calls */
	u32 entries;	/* arch_vcpu_run() calls: guest entries */
	u32 quiesced;	/* arch_vcpu_quiesce() calls */
	u64 injected;	/* the last arch_vcpu_inject_event() argument */
};

struct arch_zone {
	bool ready;  /* between arch_zone_init() and arch_zone_destroy() */
	u32 flushes; /* arch_stage2_flush() calls */
	u32 virqs;   /* arch_zone_add_virq() calls */
	/* arch_zone_set_irq_level(): the lines held high (virq < 128), and
	 * how often a line was driven high. */
	u64 level[2];
	u32 raised;
};

#endif
