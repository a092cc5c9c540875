/*
 * Decoding the guest instructions an exit reports in BADI: the loads and
 * stores of an emulated MMIO access, and the privileged instructions LVZ
 * traps with GSPR (cpucfg, iocsr*, idle, csr* of root-only CSRs). Pure
 * functions, tested on the host (tests/unit/test_loongarch64_insn.c).
 */
#ifndef CVISOR_ARCH_LOONGARCH64_INSN_H
#define CVISOR_ARCH_LOONGARCH64_INSN_H

#include "cvisor/types.h"

struct la_memop {
	u32 size;    /* 1, 2, 4, 8 */
	bool store;  /* else a load */
	bool sign;   /* a load that sign-extends */
	unsigned rd; /* data register */
};

/* ld/st.{b,h,w,d}, ld.{bu,hu,wu}, ldx/stx.*, ldptr/stptr.{w,d}:
 * 0 or -CV_EINVAL when insn is none of them. */
int la_decode_memop(u32 insn, struct la_memop *op);

enum la_priv_kind {
	LA_PRIV_NONE,
	LA_PRIV_CPUCFG,	 /* rd = cpucfg(r[rj]) */
	LA_PRIV_IOCSRRD, /* rd = iocsr[r[rj]], size bytes */
	LA_PRIV_IOCSRWR, /* iocsr[r[rj]] = rd, size bytes */
	LA_PRIV_IDLE,
	LA_PRIV_CSRRD,	 /* rd = csr */
	LA_PRIV_CSRWR,	 /* csr <-> rd */
	LA_PRIV_CSRXCHG, /* csr = (rd & r[rj]) | (csr & ~r[rj]); rd = old */
};

struct la_priv {
	enum la_priv_kind kind;
	unsigned rd, rj;
	u32 size; /* iocsr access size */
	u32 csr;  /* csr* number */
};

/* Classify a GSPR-trapped instruction; kind LA_PRIV_NONE if unknown. */
void la_decode_priv(u32 insn, struct la_priv *p);

/* Why a guest exited, from the entry it took and ESTAT. */
enum la_exit_kind {
	LA_EXIT_S2_MISS,    /* TLB refill: no root entry for the GPA */
	LA_EXIT_S2_INVALID, /* PIL/PIS/PIF: a root entry with V = 0 */
	LA_EXIT_INTERRUPT,  /* a host interrupt (cvisor's IPI) */
	LA_EXIT_GSPR,	    /* sensitive privileged instruction */
	LA_EXIT_HVC,	    /* hvcl */
	LA_EXIT_GCM,	    /* guest CSR changed (GCSC/GCHC) */
	LA_EXIT_OTHER,
};
enum la_exit_kind la_exit_kind(bool tlbr, u64 estat);
/* The code of an hvcl instruction (hvcl = 0x002b8000 | code[14:0]), or -1
 * when insn is not hvcl. */
int la_hvcl_code(u32 insn);

/* A loaded value as the register receives it (zero- or sign-extended). */
u64 la_load_extend(u64 value, u32 size, bool sign);

#endif
