/* The emulated IOCSR IPI block (vipi.h). */
#include "arch/loongarch64/vipi.h"

#include "cvisor/bits.h"
#include "cvisor/errno.h"

void vipi_reset(struct vipi *v)
{
	*v = (struct vipi){0};
}

int vipi_read(const struct vipi *v, u64 addr, u32 size, u64 *val)
{
	if (size < 4 || addr & (size - 1))
		return -CV_EINVAL;
	switch (addr) {
	case VIPI_STATUS:
		*val = v->status;
		return 0;
	case VIPI_EN:
		*val = v->en;
		return 0;
	case VIPI_SET:
	case VIPI_CLEAR:
	case VIPI_SEND:
	case VIPI_MBUF:
		*val = 0; /* write-only */
		return 0;
	default:
		break;
	}
	if (addr >= VIPI_BUF && addr < VIPI_SEND) {
		u32 w = (u32)(addr - VIPI_BUF) / 4;

		*val = v->buf[w];
		if (size == 8)
			*val |= (u64)v->buf[w + 1] << 32;
		return 0;
	}
	return -CV_EINVAL;
}

static int write_buf(struct vipi *v, u64 addr, u32 size, u64 val)
{
	u32 w = (u32)(addr - VIPI_BUF) / 4;

	v->buf[w] = (u32)val;
	if (size == 8)
		v->buf[w + 1] = (u32)(val >> 32);
	return 0;
}

/* IPI_SEND: vector [4:0], CPU [25:16]; MBUF_SEND adds word [4:2], byte
 * mask [30:27] (1 = keep that byte) and data [63:32]. */
static void decode_send(u64 val, struct vipi_op *op, bool mail)
{
	op->target = (u32)FIELD_GET(25, 16, val);
	if (!mail) {
		op->kind = VIPI_OP_SEND;
		op->vector = (u32)FIELD_GET(4, 0, val);
		return;
	}
	op->kind = VIPI_OP_MAIL;
	op->word = (u32)FIELD_GET(4, 2, val);
	op->data = (u32)(val >> 32);
	op->keep = 0;
	for (unsigned b = 0; b < 4; b++) {
		if (val & BIT(27 + b))
			op->keep |= 0xffu << (b * 8);
	}
}

int vipi_write(struct vipi *v, u64 addr, u32 size, u64 val, struct vipi_op *op)
{
	op->kind = VIPI_OP_NONE;
	if (size < 4 || addr & (size - 1))
		return -CV_EINVAL;
	switch (addr) {
	case VIPI_STATUS:
		return 0; /* read-only */
	case VIPI_EN:
		v->en = (u32)val;
		return 0;
	case VIPI_SET:
		v->status |= (u32)val;
		return 0;
	case VIPI_CLEAR:
		v->status &= ~(u32)val;
		return 0;
	case VIPI_SEND:
	case VIPI_MBUF:
		decode_send(val, op, addr == VIPI_MBUF);
		return 0;
	default:
		break;
	}
	if (addr >= VIPI_BUF && addr < VIPI_SEND)
		return write_buf(v, addr, size, val);
	return -CV_EINVAL;
}

void vipi_raise(struct vipi *v, u32 vector)
{
	v->status |= (u32)BIT(vector & 31);
}

void vipi_mail(struct vipi *v, const struct vipi_op *op)
{
	u32 *w = &v->buf[op->word & 7];

	*w = (*w & op->keep) | (op->data & ~op->keep);
}
