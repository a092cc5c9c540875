/*
 * An emulated Loongson IPI block (IOCSR 0x1000-0x104f) per vCPU: status,
 * enable, set/clear, four 64-bit mailboxes, IPI_SEND and MBUF_SEND. A
 * guest's iocsr* instructions trap (GSPR) and land here. Pure logic,
 * host-tested; virt.c turns the line (status & en) into guest ESTAT.IPI.
 */
#ifndef CVISOR_ARCH_LOONGARCH64_VIPI_H
#define CVISOR_ARCH_LOONGARCH64_VIPI_H

#include "cvisor/types.h"

#define VIPI_BASE   0x1000u
#define VIPI_STATUS 0x1000u
#define VIPI_EN	    0x1004u
#define VIPI_SET    0x1008u
#define VIPI_CLEAR  0x100cu
#define VIPI_BUF    0x1020u /* .. 0x103f */
#define VIPI_SEND   0x1040u
#define VIPI_MBUF   0x1048u
#define VIPI_END    0x1050u

struct vipi {
	u32 status, en;
	u32 buf[8]; /* mailboxes 0-3 as 32-bit words */
};

/* What a write asks of another vCPU (virtual CPU id = target). */
enum vipi_op_kind { VIPI_OP_NONE, VIPI_OP_SEND, VIPI_OP_MAIL };
struct vipi_op {
	enum vipi_op_kind kind;
	u32 target;
	u32 vector; /* SEND: the status bit to set */
	u32 word;   /* MAIL: which 32-bit word of the mailboxes */
	u32 data;   /* MAIL: the new word (byte mask applied by vipi_mail) */
	u32 keep;   /* MAIL: bytes of the old word to keep (mask [30:27]) */
};

static inline bool vipi_is_ipi_reg(u64 addr)
{
	return addr >= VIPI_BASE && addr < VIPI_END;
}

void vipi_reset(struct vipi *v);
/* 0, or -CV_EINVAL for an access cvisor does not model. */
int vipi_read(const struct vipi *v, u64 addr, u32 size, u64 *val);
int vipi_write(struct vipi *v, u64 addr, u32 size, u64 val, struct vipi_op *op);
/* Apply another vCPU's SEND / MAIL to this block. */
void vipi_raise(struct vipi *v, u32 vector);
void vipi_mail(struct vipi *v, const struct vipi_op *op);
/* The level of the vCPU's IPI interrupt line (ESTAT.IS bit 12). */
static inline bool vipi_line(const struct vipi *v)
{
	return (v->status & v->en) != 0;
}

#endif
