/* LoongArch exception codes (ESTAT.Ecode), plain defines (host-testable). */
#ifndef CVISOR_ARCH_LOONGARCH64_ECODE_H
#define CVISOR_ARCH_LOONGARCH64_ECODE_H

#include "cvisor/bits.h"

#define ESTAT_ECODE(v)	  FIELD_GET(21, 16, v)
#define ESTAT_ESUBCODE(v) FIELD_GET(30, 22, v)

/* Exception codes (ESTAT.Ecode) */
#define ECODE_INT  0x0
#define ECODE_PIL  0x1
#define ECODE_PIS  0x2
#define ECODE_PIF  0x3
#define ECODE_PME  0x4
#define ECODE_PNR  0x5
#define ECODE_PNX  0x6
#define ECODE_PPI  0x7
#define ECODE_ADE  0x8 /* EsubCode 0: ADEF, 1: ADEM */
#define ECODE_ALE  0x9
#define ECODE_BCE  0xa
#define ECODE_SYS  0xb
#define ECODE_BRK  0xc
#define ECODE_INE  0xd
#define ECODE_IPE  0xe
#define ECODE_FPD  0xf
#define ECODE_GSPR 0x16 /* guest sensitive privileged resource */
#define ECODE_HVC  0x17 /* hvcl */
#define ECODE_GCM  0x18 /* guest CSR modified: EsubCode 0 GCSC, 1 GCHC */

#endif
