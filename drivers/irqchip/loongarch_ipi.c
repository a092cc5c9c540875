/*
 * The Loongson IPI block of each CPU, in IOCSR space (always IOCSR: the
 * 0x1fe01xxx MMIO alias some boards have hangs on QEMU). cvisor uses it
 * to start CPUs (mailboxes), to wake waiters (arch_send_event) and to kick
 * event queues. It is cvisor's only interrupt controller on loongarch64
 * so far: the EIOINTC and the LS7A PCH-PIC are not driven.
 */
#include "arch_hw.h"
#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/loongarch_ipi.h"

static u32 send_word(u32 hwid)
{
	return (u32)FIELD_PREP(25, 16, hwid);
}

static void send_vector(u32 hwid, unsigned vector)
{
	iocsr_write32(IOCSR_IPI_SEND, send_word(hwid) | vector);
}

/* MBUF_SEND writes 32 bits (data [63:32]) into word [4:2] of the target's
 * mailboxes; byte mask [30:27] = 0 writes all four bytes. */
static void mail_word(u32 hwid, unsigned word, u32 data)
{
	iocsr_write64(IOCSR_MBUF_SEND, ((u64)data << 32) | send_word(hwid) |
					   FIELD_PREP(4, 2, word));
}

int ipi_mailbox_start(u32 hwid, u64 entry, u32 cpuid)
{
	if (hwid > 0x3ff || !entry)
		return -CV_EINVAL;
	mail_word(hwid, 2, cpuid); /* MBUF1 low: logical id */
	mail_word(hwid, 3, 0);
	mail_word(hwid, 1, (u32)(entry >> 32)); /* MBUF0 high, then low */
	mail_word(hwid, 0, (u32)entry);
	send_vector(hwid, IPI_VEC_EVENT);
	return 0;
}

void ipi_clear(unsigned vector)
{
	iocsr_write32(IOCSR_IPI_CLEAR, (u32)BIT(vector));
}

void ipi_send_event_to_others(void)
{
	u64 self = csr_read(CSR_CPUID) & 0x1ff;

	for (u32 i = 0; i < platform.nr_cpus; i++) {
		if (platform.cpu_hwid[i] != self)
			send_vector((u32)platform.cpu_hwid[i], IPI_VEC_EVENT);
	}
}

u32 ipi_ack(void)
{
	u32 status = iocsr_read32(IOCSR_IPI_STATUS);

	iocsr_write32(IOCSR_IPI_CLEAR, status);
	return status;
}

/* --- arch irqchip interface ------------------------------------------- */

int arch_irqchip_init_early(void)
{
	return 0; /* the IPI block is part of every CPU */
}

/* Every IPI vector enabled; ECFG.LIE lets only the IPI line in. */
void arch_irqchip_init_percpu(void)
{
	iocsr_write32(IOCSR_IPI_EN, 0xffffffffu);
	csr_xchg(CSR_ECFG, INT_IPI, BITS(12, 0));
}

void arch_irqchip_init_late(void)
{
}

void arch_irqchip_send_ipi(u32 cpuid)
{
	send_vector((u32)percpu_get(cpuid)->hwid, IPI_VEC_KICK);
}

/* No external interrupt controller is driven: zones own no physical
 * interrupt lines yet (config validation refuses any). */
u32 arch_irqchip_nr_irqs(void)
{
	return 0;
}

u32 arch_irqchip_first_spi(void)
{
	return 0;
}

const char *arch_irqchip_name(void)
{
	return "LoongArch IOCSR IPI (no EIOINTC/PCH-PIC)";
}

const char *arch_irqchip_irq_kind(void)
{
	return "interrupt";
}
