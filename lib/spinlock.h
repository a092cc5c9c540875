/* A ticket spinlock on compiler atomics (portable across our arches). */
#ifndef CVISOR_LIB_SPINLOCK_H
#define CVISOR_LIB_SPINLOCK_H

#include "cvisor/types.h"

typedef struct {
	u32 next;
	u32 owner;
} spinlock_t;

#define SPINLOCK_INIT                                                          \
	{                                                                      \
		0, 0                                                           \
	}

void arch_cpu_relax(void);

static inline void spin_lock(spinlock_t *l)
{
	u32 ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		arch_cpu_relax();
}

/* Take the lock only if it is free (no holder, no waiter): true if taken. */
static inline bool spin_trylock(spinlock_t *l)
{
	u32 owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	u32 free_ticket = owner;

	return __atomic_compare_exchange_n(&l->next, &free_ticket, owner + 1,
					   false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
