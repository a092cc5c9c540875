/*
 * An emulated Loongson EIOINTC (extended I/O interrupt controller, IOCSR
 * 0x1400-0x1cff, 256 vectors) for one zone of up to 4 vCPUs. A vector's
 * input (from the PCH-PIC) rising while it is enabled sets it in the
 * core ISR of the vCPU its route byte names; a vCPU's HWIn line is up
 * while a core ISR bit of a 32-vector group that IPMAP sends to IPn is
 * set. Pure logic, host-tested; virq.c turns veio_hwis() into the guest's
 * GINTC.HWIS.
 *
 * Registers (IOCSR addresses; any naturally aligned 1/2/4/8-byte access):
 *   0x14a0 NODETYPE[16] (16-bit, stored only: one node)
 *   0x14c0 IPMAP[8]     one byte per 32 vectors: lowest of bits 3:0 = IPn
 *   0x1600 ENABLE       1 bit per vector
 *   0x1680 BOUNCE       stored only (no round-robin: one target vCPU)
 *   0x1700 ISR          the inputs (read-only)
 *   0x1800 COREISR      the accessing vCPU's pending vectors; write 1 clears
 *   0x1c00 ROUTE[256]   one byte per vector: [3:0] vCPU bitmap (lowest set
 *                       bit is the target; none or an absent vCPU: vCPU
 *                       0), [7:4] node map
 * IOCSR ANY_SEND (0x1158) reaches these registers too (veio_any_send).
 */
#ifndef CVISOR_ARCH_LOONGARCH64_VEIOINTC_H
#define CVISOR_ARCH_LOONGARCH64_VEIOINTC_H

#include "cvisor/types.h"

#define VEIO_VECS      256u
#define VEIO_WORDS     (VEIO_VECS / 64)
#define VEIO_MAX_VCPUS 4u

#define VEIO_BASE      0x1400u
#define VEIO_NODETYPE  0x14a0u
#define VEIO_IPMAP     0x14c0u
#define VEIO_ENABLE    0x1600u
#define VEIO_BOUNCE    0x1680u
#define VEIO_ISR       0x1700u
#define VEIO_COREISR   0x1800u
#define VEIO_ROUTE     0x1c00u
#define VEIO_END       0x1d00u
#define IOCSR_ANY_SEND 0x1158u

struct veio {
	u32 nr_vcpus;
	u64 enable[VEIO_WORDS], bounce[VEIO_WORDS];
	u64 input[VEIO_WORDS];
	u64 coreisr[VEIO_MAX_VCPUS][VEIO_WORDS];
	u64 nodetype[4]; /* 16 x 16 bits */
	u8 ipmap[8];
	u8 route[VEIO_VECS];
};

static inline bool veio_is_reg(u64 addr)
{
	return addr >= VEIO_BASE && addr < VEIO_END;
}

/* Out of reset: everything 0 (vectors disabled, routed to vCPU 0, IP0). */
void veio_reset(struct veio *e, u32 nr_vcpus);
/* vcpu: the accessing vCPU (COREISR is per vCPU). 0 or -CV_EINVAL. */
int veio_read(const struct veio *e, u32 vcpu, u64 addr, u32 size, u64 *val);
int veio_write(struct veio *e, u32 vcpu, u64 addr, u32 size, u64 val);
/* An IOCSR ANY_SEND word: [15:0] address, [25:16] vCPU, [30:27] bytes to
 * keep, [63:32] data. -CV_EINVAL when it names no EIOINTC register or an
 * absent vCPU. */
int veio_any_send(struct veio *e, u64 word);
/* The PCH-PIC's outputs: bit v of in[v / 64] = vector v asserted. */
void veio_set_inputs(struct veio *e, const u64 in[VEIO_WORDS]);
/* HWI0-7 of a vCPU (bit n = HWIn), for GINTC.HWIS. */
u8 veio_hwis(const struct veio *e, u32 vcpu);

#endif
