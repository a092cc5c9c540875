/*
 * Guest-physical mapping on LVZ. There is no hardware stage-2 walker: a
 * guest access whose guest-physical address has no root TLB entry tagged
 * with the guest's GID exits to cvisor's TLB refill entry (TLBRBADV = the
 * guest-physical address), and cvisor fills the root TLB from the zone's
 * table (mm/pt.c with the format below). Pure functions, host-tested.
 */
#ifndef CVISOR_ARCH_LOONGARCH64_STAGE2_H
#define CVISOR_ARCH_LOONGARCH64_STAGE2_H

#include "cvisor/bits.h"
#include "mm/pt.h"

/* 16 KiB pages (QEMU's granule), 2048 entries a table: leaf level 3 maps
 * 16 KiB, level 2 maps 32 MiB; two levels cover 36 bits (64 GiB). */
#define S2_PAGE_SHIFT 14
#define S2_IPA_BITS   36

/* TLBELO0/1 (and the table leaves): V [0], D [1], PLV [3:2], MAT [5:4],
 * G [6], PPN [47:12], NR [61], NX [62]. Leaves above level 3 carry
 * S2_HUGE (bit 6 is G in TLBELO, so the refill rewrites it). */
#define TLBELO_V    BIT(0)
#define TLBELO_D    BIT(1)
#define TLBELO_PLV3 FIELD_PREP(3, 2, 3)
#define TLBELO_MAT  BITS(5, 4)
#define TLBELO_G    BIT(6)
#define TLBELO_PPN  BITS(47, 12)
#define TLBELO_NR   BIT(61)
#define TLBELO_NX   BIT(62)
#define S2_HUGE	    BIT(6)

extern const struct pt_format la_stage2_format;

/* What tlbfill writes for one even/odd pair of pages. */
struct tlb_pair {
	u64 ehi;     /* TLBEHI: VPPN [47:13] of the pair */
	unsigned ps; /* page size of each half: 2^ps bytes (TLBIDX.PS) */
	u64 elo0;    /* even page; V = 0 when unmapped */
	u64 elo1;    /* odd page */
};

/* The refill for guest-physical gpa from the zone's table; -CV_ENOENT
 * when gpa itself is not mapped (an MMIO access or an illegal one). */
int s2_refill_pair(const struct page_table *pt, ipa_t ipa,
		   struct tlb_pair *out);

#endif
