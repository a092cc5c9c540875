/* Guest CSR bookkeeping (gcsr.h): the pure part, host-tested. */
#include "arch/loongarch64/gcsr.h"

static const struct {
	u16 num;
	u8 flags;
} table[GCSR_COUNT] = {
#define GCSR_ROW(name, n, f) [GCSR_##name] = {n, f},
    GCSR_LIST(GCSR_ROW)
#undef GCSR_ROW
};

void gcsr_state_reset(struct gcsr_state *s, u32 vcpu_id)
{
	*s = (struct gcsr_state){{0}};
	s->v[GCSR_CRMD] = GCSR_RESET_CRMD;
	s->v[GCSR_CPUID] = vcpu_id;
	s->v[GCSR_STLBPS] = 14; /* 16 KiB pages, QEMU's and Linux's size */
}

int gcsr_index(u32 csr)
{
	for (int i = 0; i < GCSR_COUNT; i++) {
		if (table[i].num == csr)
			return i;
	}
	return -1;
}

u32 gcsr_number(enum gcsr_index i)
{
	return table[i].num;
}

bool gcsr_restored(enum gcsr_index i)
{
	return table[i].flags & GCSR_RESTORE;
}
