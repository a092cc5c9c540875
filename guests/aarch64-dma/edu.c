/*
 * QEMU's edu device (docs/specs/edu.txt): identification 0x00
 * (0x010000ed), DMA source 0x80, destination 0x88, count 0x90, command
 * 0x98: bit 0 start (reads 1 until the transfer is over), bit 1 direction
 * (0: from RAM to the device buffer, 1: from the buffer to RAM);
 * interrupt raise 0x60 and acknowledge 0x64 (status bits); liveness 0x04
 * reads back the inverse of what was written. The
 * device runs a transfer 100 ms (virtual time) after it is started.
 */
#include "dma.h"

#define EDU_ID	      0x00
#define EDU_LIVENESS  0x04
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK   0x64
#define EDU_DMA_SRC   0x80
#define EDU_DMA_DST   0x88
#define EDU_DMA_CNT   0x90
#define EDU_DMA_CMD   0x98
#define CMD_START     1u
#define CMD_TO_RAM    2u

static uintptr_t edu;

void edu_init(uintptr_t bar)
{
	edu = bar;
}

uint32_t edu_id(void)
{
	return mmio_read32(edu + EDU_ID);
}

static void run(uint64_t src, uint64_t dst, uint64_t count, uint32_t cmd)
{
	dsb_sy();
	mmio_write64(edu + EDU_DMA_SRC, src);
	mmio_write64(edu + EDU_DMA_DST, dst);
	mmio_write64(edu + EDU_DMA_CNT, count);
	mmio_write64(edu + EDU_DMA_CMD, cmd | CMD_START);
	while (mmio_read64(edu + EDU_DMA_CMD) & CMD_START)
		;
	dsb_sy();
}

void edu_dma_to_dev(uint64_t bus_addr, uint64_t dev_off, uint64_t count)
{
	run(bus_addr, EDU_BUF + dev_off, count, 0);
}

void edu_dma_from_dev(uint64_t dev_off, uint64_t bus_addr, uint64_t count)
{
	run(EDU_BUF + dev_off, bus_addr, count, CMD_TO_RAM);
}

void edu_raise_irq(uint32_t bits)
{
	mmio_write32(edu + EDU_IRQ_RAISE, bits);
}

void edu_lower_irq(uint32_t bits)
{
	mmio_write32(edu + EDU_IRQ_ACK, bits);
}

uint32_t edu_liveness(void)
{
	return mmio_read32(edu + EDU_LIVENESS);
}

void edu_set_liveness(uint32_t v)
{
	mmio_write32(edu + EDU_LIVENESS, v); /* reads back as ~v */
}
