/*
 * Bit-field helpers: the one convention used everywhere.
 *   BIT(n)          a single bit
 *   BITS(hi, lo)    a mask of bits hi..lo inclusive (hi >= lo)
 *   FIELD_GET(hi, lo, v) / FIELD_PREP(hi, lo, v)  extract / place a field
 */
#ifndef CVISOR_BITS_H
#define CVISOR_BITS_H

#include "cvisor/types.h"

#define BIT(n)		      ((u64)1 << (n))
#define BITS(hi, lo)	      ((~(u64)0 >> (63 - (hi))) & ~(BIT(lo) - 1))
#define FIELD_GET(hi, lo, v)  (((u64)(v)&BITS(hi, lo)) >> (lo))
#define FIELD_PREP(hi, lo, v) (((u64)(v) << (lo)) & BITS(hi, lo))

#endif
