/*
 * The edu function's INTx: INTA of device 2, swizzled by QEMU virt's
 * interrupt-map to SPI 5, INTID 37, which the zone owns. The guest enables
 * it at its (emulated) distributor, makes the device raise it (edu 0x60),
 * and with IRQs masked polls its CPU interface until the interrupt is
 * acknowledged there; then the device lowers it (0x64) and it is EOId.
 */
#include "dma.h"
#include "gic.h"

#define EDU_INTX 37
#define POLLS	 2000000u
#define SPURIOUS 1023u

/* The INTID that arrived, or SPURIOUS when none did. */
static uint32_t wait_for_interrupt(uint32_t *iar)
{
	for (uint32_t i = 0; i < POLLS; i++) {
		*iar = gic_ack();
		if (gic_intid(*iar) < 1020)
			return gic_intid(*iar);
	}
	return SPURIOUS;
}

uint32_t check_intx(void)
{
	uint32_t iar, intid;

	gic_detect();
	gic_dist_init();
	if (gic_cpu_init())
		return SPURIOUS;
	gic_enable_spi(EDU_INTX, 0xa0);
	edu_raise_irq(1);
	intid = wait_for_interrupt(&iar);
	edu_lower_irq(1);
	if (intid != SPURIOUS)
		gic_eoi(iar);
	return intid;
}
