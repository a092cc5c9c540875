/* Guest CSR file save/restore with gcsrrd/gcsrwr (their CSR number is an
 * immediate: one instruction per CSR, generated from GCSR_LIST). */
#include "arch/loongarch64/csr.h"
#include "arch/loongarch64/gcsr.h"

void gcsr_save(struct gcsr_state *s)
{
#define GCSR_SAVE(name, num, f) s->v[GCSR_##name] = gcsr_read(num);
	GCSR_LIST(GCSR_SAVE)
#undef GCSR_SAVE
}

/* ESTAT: only the software interrupt bits [1:0] and the exception code
 * are the guest's to restore; pending hardware lines come from GINTC and
 * the timer. TCFG last, once everything it may raise is in place. */
void gcsr_load(const struct gcsr_state *s)
{
#define GCSR_LOAD(name, num, f)                                                \
	if ((f)&GCSR_RESTORE && GCSR_##name != GCSR_TCFG)                      \
		gcsr_write(num, s->v[GCSR_##name]);
	GCSR_LIST(GCSR_LOAD)
#undef GCSR_LOAD
	gcsr_write(CSR_TCFG, s->v[GCSR_TCFG]);
}
