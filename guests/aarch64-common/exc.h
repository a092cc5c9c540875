/*
 * The exception frame of entry.S: the vectors save x0-x30, ELR_EL1 and
 * SPSR_EL1 into a struct exc_frame on the stack and call the guest's
 * exc_dispatch(); whatever the handler leaves in the frame is restored
 * before the eret.
 */
#ifndef AARCH64_COMMON_EXC_H
#define AARCH64_COMMON_EXC_H

#include <stdbool.h>
#include <stdint.h>

/* Vector index = offset in the table / 0x80. */
#define VEC_CUR_SPX_SYNC 4
#define VEC_CUR_SPX_IRQ	 5

struct exc_frame {
	uint64_t x[31];
	uint64_t pad;
	uint64_t elr;
	uint64_t spsr;
};

_Static_assert(sizeof(struct exc_frame) == 272, "frame layout, see entry.S");

/* The guest's handler, called from entry.S with the vector index. */
void exc_dispatch(unsigned long vec, struct exc_frame *f);

/*
 * exc_irq.c's exc_dispatch() asks this (weak, false by default) about a
 * synchronous exception (ESR_EL1.EC = ec) no guarded probe took: true
 * when the guest handled it (and moved f->elr on as it needs).
 */
bool exc_sync_hook(struct exc_frame *f, unsigned int ec);

#endif /* AARCH64_COMMON_EXC_H */
