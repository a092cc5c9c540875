/*
 * Translating a guest-linear address through the guest's own page
 * tables (SDM vol. 3, 4.3 32-bit, 4.4 PAE, 4.5 4-level paging), to fetch
 * the instruction of an MMIO exit. Pure: guest memory is read through a
 * callback, so host unit tests can run it.
 */
#ifndef CVISOR_ARCH_X86_64_GUEST_WALK_H
#define CVISOR_ARCH_X86_64_GUEST_WALK_H

#include "cvisor/types.h"

struct guest_paging {
	u64 cr0, cr3, cr4, efer;
	/* Read 8 (or 4) bytes of guest-physical memory; false if none. */
	bool (*read)(void *ctx, u64 gpa, u32 size, u64 *out);
	void *ctx;
};

/* linear -> guest-physical; false when not present (or no memory). */
bool guest_linear_to_phys(const struct guest_paging *p, u64 lin, u64 *gpa);

#endif
