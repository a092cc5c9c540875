/*
 * Emulated MMIO: a zone registers handlers for guest-physical ranges that
 * are not mapped in its stage-2 table; a trapped access is dispatched to
 * the handler covering it.
 */
#ifndef CVISOR_MMIO_H
#define CVISOR_MMIO_H

#include "cvisor/types.h"

struct vcpu;

struct mmio_access {
	ipa_t addr; /* guest-physical address accessed */
	u64 offset; /* from the region's base */
	u32 size;   /* 1, 2, 4 or 8 bytes */
	bool write;
	u64 value; /* written value, or the value to return */
};

/* Returns 0, or a negative CV_E* code: the access becomes a guest fault. */
typedef int (*mmio_handler_t)(struct vcpu *vcpu, struct mmio_access *a,
			      void *priv);

#define MMIO_MAX_REGIONS 16

struct mmio_region {
	ipa_t base;
	u64 size;
	mmio_handler_t handler;
	void *priv;
	const char *name;
};

struct mmio_table {
	u32 count;
	struct mmio_region region[MMIO_MAX_REGIONS]; /* sorted by base */
};

/* -CV_EEXIST on overlap, -CV_ENOMEM when full. */
int mmio_register(struct mmio_table *t, ipa_t base, u64 size,
		  mmio_handler_t handler, void *priv, const char *name);
const struct mmio_region *mmio_find(const struct mmio_table *t, ipa_t addr,
				    u32 size);
/* Find and run the handler; -CV_ENOENT when nothing covers the access. */
int mmio_dispatch(const struct mmio_table *t, struct vcpu *vcpu,
		  struct mmio_access *a);

#endif
