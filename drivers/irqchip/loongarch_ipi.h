/* The per-CPU IPI block in IOCSR space (drivers/irqchip/loongarch_ipi.c). */
#ifndef CVISOR_DRIVERS_LOONGARCH_IPI_H
#define CVISOR_DRIVERS_LOONGARCH_IPI_H

#include "cvisor/types.h"

#define IOCSR_IPI_STATUS 0x1000
#define IOCSR_IPI_EN	 0x1004
#define IOCSR_IPI_SET	 0x1008
#define IOCSR_IPI_CLEAR	 0x100c
#define IOCSR_IPI_MBUF0	 0x1020 /* 4 x 64-bit mailboxes, 0x1020-0x103f */
#define IOCSR_IPI_SEND	 0x1040 /* [4:0] vector, [25:16] CPU, [31] wait */
#define IOCSR_MBUF_SEND	 0x1048 /* [4:2] word, [25:16] CPU, [63:32] data */

/* cvisor's IPI vectors (bits of IPI_STATUS). */
#define IPI_VEC_EVENT 0 /* arch_send_event: a boot barrier moved */
#define IPI_VEC_KICK  1 /* arch_irqchip_send_ipi: look at the event queue */

/* Start a parked CPU: mailbox 1 = logical id, mailbox 0 = entry, IPI. */
int ipi_mailbox_start(u32 hwid, u64 entry, u32 cpuid);
void ipi_clear(unsigned vector);
void ipi_send_event_to_others(void);
/* Acknowledge this CPU's IPIs; returns the status bits that were set. */
u32 ipi_ack(void);

#endif
