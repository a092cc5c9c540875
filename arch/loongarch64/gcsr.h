/*
 * The LVZ guest CSRs a vCPU owns: the list, their reset values, and their
 * save/restore through gcsrrd/gcsrwr. While a vCPU runs, its CSRs live in
 * the hardware's guest CSR file; struct gcsr_state holds them while it is
 * off (reset values before its first entry, the saved set after a stop).
 */
#ifndef CVISOR_ARCH_LOONGARCH64_GCSR_H
#define CVISOR_ARCH_LOONGARCH64_GCSR_H

#include "cvisor/types.h"

/* X(name, CSR number, flags) for every guest CSR cvisor keeps. */
#define GCSR_RESTORE 1u /* written back on load (else: saved only) */
#define GCSR_LIST(X)                                                           \
	X(CRMD, 0x0, GCSR_RESTORE)                                             \
	X(PRMD, 0x1, GCSR_RESTORE)                                             \
	X(EUEN, 0x2, GCSR_RESTORE)                                             \
	X(MISC, 0x3, GCSR_RESTORE)                                             \
	X(ECFG, 0x4, GCSR_RESTORE)                                             \
	X(ESTAT, 0x5, GCSR_RESTORE)                                            \
	X(ERA, 0x6, GCSR_RESTORE)                                              \
	X(BADV, 0x7, GCSR_RESTORE)                                             \
	X(BADI, 0x8, GCSR_RESTORE)                                             \
	X(EENTRY, 0xc, GCSR_RESTORE)                                           \
	X(TLBIDX, 0x10, GCSR_RESTORE)                                          \
	X(TLBEHI, 0x11, GCSR_RESTORE)                                          \
	X(TLBELO0, 0x12, GCSR_RESTORE)                                         \
	X(TLBELO1, 0x13, GCSR_RESTORE)                                         \
	X(ASID, 0x18, GCSR_RESTORE)                                            \
	X(PGDL, 0x19, GCSR_RESTORE)                                            \
	X(PGDH, 0x1a, GCSR_RESTORE)                                            \
	X(PWCL, 0x1c, GCSR_RESTORE)                                            \
	X(PWCH, 0x1d, GCSR_RESTORE)                                            \
	X(STLBPS, 0x1e, GCSR_RESTORE)                                          \
	X(RVACFG, 0x1f, GCSR_RESTORE)                                          \
	X(CPUID, 0x20, GCSR_RESTORE)                                           \
	X(PRCFG1, 0x21, GCSR_RESTORE) /* the CPU's own (virt.c) */             \
	X(PRCFG2, 0x22, GCSR_RESTORE)                                          \
	X(PRCFG3, 0x23, GCSR_RESTORE)                                          \
	X(SAVE0, 0x30, GCSR_RESTORE)                                           \
	X(SAVE1, 0x31, GCSR_RESTORE)                                           \
	X(SAVE2, 0x32, GCSR_RESTORE)                                           \
	X(SAVE3, 0x33, GCSR_RESTORE)                                           \
	X(SAVE4, 0x34, GCSR_RESTORE)                                           \
	X(SAVE5, 0x35, GCSR_RESTORE)                                           \
	X(SAVE6, 0x36, GCSR_RESTORE)                                           \
	X(SAVE7, 0x37, GCSR_RESTORE)                                           \
	X(TID, 0x40, GCSR_RESTORE)                                             \
	X(TCFG, 0x41, GCSR_RESTORE)                                            \
	X(TVAL, 0x42, 0) /* read-only: the count left */                       \
	X(CNTC, 0x43, GCSR_RESTORE)                                            \
	X(LLBCTL, 0x60, GCSR_RESTORE)                                          \
	X(TLBRENTRY, 0x88, GCSR_RESTORE)                                       \
	X(TLBRBADV, 0x89, GCSR_RESTORE)                                        \
	X(TLBRERA, 0x8a, GCSR_RESTORE)                                         \
	X(TLBRSAVE, 0x8b, GCSR_RESTORE)                                        \
	X(TLBRELO0, 0x8c, GCSR_RESTORE)                                        \
	X(TLBRELO1, 0x8d, GCSR_RESTORE)                                        \
	X(TLBREHI, 0x8e, GCSR_RESTORE)                                         \
	X(TLBRPRMD, 0x8f, GCSR_RESTORE)                                        \
	X(DMW0, 0x180, GCSR_RESTORE)                                           \
	X(DMW1, 0x181, GCSR_RESTORE)                                           \
	X(DMW2, 0x182, GCSR_RESTORE)                                           \
	X(DMW3, 0x183, GCSR_RESTORE)

enum gcsr_index {
#define GCSR_ENUM(name, num, flags) GCSR_##name,
	GCSR_LIST(GCSR_ENUM)
#undef GCSR_ENUM
	    GCSR_COUNT
};

struct gcsr_state {
	u64 v[GCSR_COUNT];
};

/* Guest CRMD out of reset: PLV0, IE=0, DA=1, PG=0, DATF=DATM=1 (coherent
 * cached), like a CPU straight out of reset. */
#define GCSR_RESET_CRMD 0xa8

/* The state of a vCPU before its first instruction. */
void gcsr_state_reset(struct gcsr_state *s, u32 vcpu_id);
/* Index of a guest CSR number, or -1 when cvisor does not keep it. */
int gcsr_index(u32 csr);
u32 gcsr_number(enum gcsr_index i);
bool gcsr_restored(enum gcsr_index i);
/* Hardware guest CSR file <-> s (gcsr_hw.c; LVZ only). */
void gcsr_save(struct gcsr_state *s);
void gcsr_load(const struct gcsr_state *s);

#endif
